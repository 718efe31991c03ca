import type { IConstruct } from 'constructs';

/**
 * One value per construct tree: `of(scope)` returns the value of the tree `scope` belongs
 * to, made by `create(root)` on first use.
 *
 * Why: an app's lookup engine and its gate registry are each shared by every construct of
 * the app, and must not outlive it. Keyed weakly by the tree's root, a value goes away
 * with its app, and two apps in one process (tests, a script synthesizing several) never
 * share one.
 * @internal
 */
export function perConstructTree<T>(create: (root: IConstruct) => T): (scope: IConstruct) => T {
  const byRoot = new WeakMap<IConstruct, T>();
  return (scope) => {
    const root = scope.node.root;
    let value = byRoot.get(root);
    if (value === undefined) {
      value = create(root);
      byRoot.set(root, value);
    }
    return value;
  };
}
