import type { IConstruct } from 'constructs';
import { FrameworkError } from './errors';

/**
 * The CDK for Terraform frameworks the library runs in: cdktf 0.21 and its maintained fork
 * cdktn 0.24 (CDK Terrain), which keeps cdktf's API.
 */
export type FrameworkName = 'cdktn' | 'cdktf';

/**
 * The environment variable `cdktf synth` (and `cdktn synth`) sets for the app process it
 * runs, to the output folder; the framework's `App` reads it too. The library reads it to
 * tell a synth run by the CLI from a script or a test.
 * @internal
 */
export const CDKTF_OUTDIR_ENV = 'CDKTF_OUTDIR';

/** Where the library looks for a framework, in this order when the app does not decide. */
export const FRAMEWORK_NAMES: readonly FrameworkName[] = ['cdktf', 'cdktn'];

/**
 * What the library uses of a framework module, as a structural type that both cdktf and
 * cdktn satisfy.
 *
 * Why structural: the library's public declarations must not name one framework's
 * classes, or an app on the other one fails to compile (`TS2345 ... separate declarations
 * of a private property`), and the library must not import either at load time, or an app
 * gets the framework it does not use. Each element is created through the module the
 * app's own stack comes from, so `app.synth()` meets only its own framework's classes.
 * @internal
 */
export interface FrameworkModule {
  readonly App: (new (config?: { outdir?: string; context?: Record<string, unknown> }) => IConstruct) & { isApp(x: unknown): boolean };
  readonly TerraformStack: (new (scope: IConstruct, id: string) => IConstruct) & { isStack(x: unknown): boolean; of(scope: IConstruct): IConstruct };
  readonly TerraformOutput: new (
    scope: IConstruct,
    id: string,
    config: { value: unknown; description?: string },
  ) => IConstruct & {
    readonly value: unknown;
    overrideLogicalId(id: string): void;
  };
  readonly TerraformResource: (new (
    scope: IConstruct,
    id: string,
    config: Record<string, unknown>,
  ) => IConstruct & {
    readonly fqn: string;
    addOverride(path: string, value: unknown): void;
  }) & { isTerraformResource(x: unknown): boolean };
  readonly TerraformProvider: new (scope: IConstruct, id: string, config: Record<string, unknown>) => IConstruct & { readonly fqn: string };
  readonly Token: { isUnresolved(x: unknown): boolean; asString(x: unknown): string };
  readonly TerraformVariable: new (
    scope: IConstruct,
    id: string,
    config: { type?: string; default?: unknown; description?: string },
  ) => IConstruct & { overrideLogicalId(id: string): void };
  readonly TerraformLocal: new (scope: IConstruct, id: string, expression: unknown) => IConstruct & { readonly friendlyUniqueId: string };
  readonly DataResource: new (
    scope: IConstruct,
    id: string,
    config?: Record<string, unknown>,
  ) => IConstruct & {
    readonly fqn: string;
    addOverride(path: string, value: unknown): void;
  };
  readonly Lazy: { anyValue(producer: { produce(): unknown }): unknown; stringValue(producer: { produce(): string }): string };
  readonly Annotations: { of(scope: IConstruct): { addWarning(message: string): void } };
  dependable(d: { readonly fqn: string }): string;
}

/** A framework module the library found, with its package name. @internal */
export interface Framework {
  readonly name: FrameworkName;
  readonly module: FrameworkModule;
}

let loaded: Framework[] | undefined;

/**
 * Every framework that resolves from the library's place in `node_modules` (the app's own
 * copy, since the frameworks are peer dependencies), loaded on first use.
 * @internal
 */
export function installedFrameworks(): readonly Framework[] {
  if (!loaded) {
    loaded = [];
    for (const name of FRAMEWORK_NAMES) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded.push({ name, module: require(name) as FrameworkModule });
      } catch (err) {
        if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
      }
    }
  }
  return loaded;
}

function noFramework(): FrameworkError {
  return new FrameworkError(
    `cdktf-headroom: neither cdktf nor cdktn could be loaded from ${__dirname}; got none of ${FRAMEWORK_NAMES.join(', ')}. ` +
      'Install the framework your app uses beside the library: `npm install cdktf@^0.21 constructs@^10` or `npm install cdktn@^0.24 constructs@^10`.',
  );
}

/**
 * Any installed framework, for what both do alike (reading a Terraform token's encoding).
 * @internal
 */
export function anyFramework(): Framework {
  const all = installedFrameworks();
  if (all.length === 0) throw noFramework();
  return all[0];
}

function inherits(x: object, prototype: object): boolean {
  for (let p = Object.getPrototypeOf(x); p !== null; p = Object.getPrototypeOf(p)) {
    if (p === prototype) return true;
  }
  return false;
}

/**
 * The framework whose classes `scope`'s stack (or, outside a stack, its app) is made of:
 * the module every element the library adds to that tree must come from.
 *
 * With one framework installed, that one. With both (a workspace holding apps of each),
 * the one whose `TerraformStack` (or `App`) the tree's stack (or root) inherits from: the
 * frameworks mark their constructs with the same symbols, so `isStack` cannot tell them
 * apart, and the prototype chain is the only honest witness.
 * @internal
 */
export function frameworkOf(scope: IConstruct): Framework {
  const all = installedFrameworks();
  if (all.length === 0) throw noFramework();
  if (all.length === 1) return all[0];
  const stack = [...scope.node.scopes].reverse().find((s) => all[0].module.TerraformStack.isStack(s));
  for (const fw of all) {
    if (stack ? inherits(stack, fw.module.TerraformStack.prototype) : inherits(scope.node.root, fw.module.App.prototype)) return fw;
  }
  throw new FrameworkError(
    `${scope.node.path || '(app root)'}: this construct tree is made of neither the cdktf nor the cdktn that the library loads (${all.map((f) => f.name).join(' and ')} are installed); ` +
      'the app probably has a second copy of its framework. Run `npm ls cdktf cdktn` and keep one copy (dedupe, or align the versions).',
  );
}
