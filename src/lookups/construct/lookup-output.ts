import { Construct, IConstruct } from 'constructs';
import { frameworkOf, FrameworkModule } from '../../core/framework';

/**
 * Adds a root variable (with a default) that shows, in the synthesized `cdk.tf.json` and
 * in `terraform show -json` of a plan (under `variables`), what a lookup construct saw: its
 * query, the values a stack reads, and when they were fetched.
 *
 * Why a variable and not an output: Terraform plans a changed output as a change
 * (`terraform plan -detailed-exitcode` exits 2), so an output that holds what the lookup saw
 * (its fetch time changes on every synth) would make every plan non-empty and drift
 * detection would never see "no changes". A root variable's default that changes makes no
 * diff. Nothing in the configuration refers to it.
 *
 * The variable is named `headroom_<construct path within the stack>` (non-alphanumerics
 * as `_`). Its default is produced lazily at synth, so a lookup no one read is still
 * resolved (in the same batch as the others) and shown.
 *
 * A failed lookup fails synth through a construct validation, so it is listed together
 * with every gate violation instead of cutting synth short while the variables are resolved;
 * where validations are skipped, the variable shows the error (code and message) rather
 * than any value.
 *
 * `produce` runs once, on the first use (a validation or the variable's resolution);
 * its value or error is reused after that, since a lookup's outcome never changes once
 * it is settled.
 */
export function addLookupOutput(scope: Construct, description: string, produce: () => unknown): IConstruct & { readonly default?: unknown } {
  // The variable is made of the app's own framework (cdktf or cdktn): a stack synthesizes
  // only elements of its own kind.
  const fw = frameworkOf(scope).module;
  const stack = fw.TerraformStack.of(scope);
  const relative = scope.node.scopes.slice(stack.node.scopes.length).map((s) => s.node.id);
  let produced: { value?: unknown; error?: Error } | undefined;
  const attempt = (): { value?: unknown; error?: Error } => {
    if (!produced) {
      try {
        produced = { value: produce() };
      } catch (err) {
        produced = { error: err instanceof Error ? err : new Error(String(err)) };
      }
    }
    return produced;
  };
  const output = new fw.TerraformVariable(scope, 'headroom', {
    default: new LookupOutputValue(fw, () => {
      const { value, error } = attempt();
      return error ? { error: { code: (error as { code?: string }).code ?? 'UNKNOWN', message: error.message } } : value;
    }),
    description,
  });
  output.overrideLogicalId(`headroom_${relative.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`);
  scope.node.addValidation({
    validate: () => {
      const { error } = attempt();
      // cdktf prefixes each validation message with the construct path already.
      return error ? [error.message.replace(`${scope.node.path}: `, '')] : [];
    },
  });
  return output as IConstruct & { readonly default?: unknown };
}

/**
 * The variable's default: a token that produces the lookup's value when the stack is
 * resolved for its JSON.
 *
 * It stands in for `Lazy.anyValue`, which records a full stack trace per token (only
 * ever shown when resolving fails, which a plain value cannot). cdktf's preparing pass
 * (`prepareStack`, which looks for cross-stack references) gets nothing: the value is
 * plain data with no references, so the pass would only walk it for nothing.
 */
class LookupOutputValue {
  readonly creationStack: string[] = [];

  constructor(
    private readonly fw: FrameworkModule,
    private readonly produce: () => unknown,
  ) {}

  /** The framework's `IResolvable.resolve`; `context` is its `IResolveContext`. */
  resolve(context: { readonly preparing: boolean }): unknown {
    return context.preparing ? undefined : this.produce();
  }

  toString(): string {
    return this.fw.Token.asString(this);
  }

  /** As `Lazy`'s: what `JSON.stringify` shows before synth. */
  toJSON(): string {
    return '<unresolved-lazy>';
  }
}
