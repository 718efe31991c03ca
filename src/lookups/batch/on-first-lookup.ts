// The one hook lookups/ offers the layers above it: what happens when an app declares its
// first lookup. policy/ registers here (a synth's run begins then), so lookups/ never
// imports policy/.
import { IConstruct } from 'constructs';

/** Told the construct tree root of an app when the app declares its first lookup. */
export type FirstLookupListener = (root: IConstruct) => void;

const listeners: FirstLookupListener[] = [];

/**
 * Calls `listener` whenever an app declares its first lookup (its lookup engine is made),
 * before the lookup is registered.
 *
 * Why: policy's synth run must begin at an app's first lookup (it replaces an earlier
 * run's reports), and lookups/ sits below policy/: the layer above registers, the layer
 * below calls.
 */
export function onFirstLookup(listener: FirstLookupListener): void {
  listeners.push(listener);
}

/** Tells every listener that the app of `root` declared its first lookup. @internal */
export function firstLookupDeclared(root: IConstruct): void {
  for (const listener of listeners) listener(root);
}
