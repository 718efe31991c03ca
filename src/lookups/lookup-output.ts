import { Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Adds a Terraform output that shows, in the synthesized `cdk.tf.json` and in
 * `terraform plan`, what a lookup construct saw: its query, the values a stack reads,
 * and when they were fetched.
 *
 * The output is named `headroom_<construct path within the stack>` (non-alphanumerics
 * as `_`). Its value is produced lazily at synth, so a lookup no one read is still
 * resolved (in the same batch as the others) and shown.
 *
 * A failed lookup fails synth through a construct validation, so it is listed together
 * with every gate violation instead of cutting synth short while outputs are resolved;
 * where validations are skipped, the output shows the error (code and message) rather
 * than any value.
 */
export function addLookupOutput(scope: Construct, description: string, produce: () => unknown): TerraformOutput {
  const stack = TerraformStack.of(scope);
  const relative = scope.node.scopes.slice(stack.node.scopes.length).map((s) => s.node.id);
  const attempt = (): { value?: unknown; error?: Error } => {
    try {
      return { value: produce() };
    } catch (err) {
      return { error: err instanceof Error ? err : new Error(String(err)) };
    }
  };
  const output = new TerraformOutput(scope, 'headroom', {
    value: Lazy.anyValue({
      produce: () => {
        const { value, error } = attempt();
        return error ? { error: { code: (error as { code?: string }).code ?? 'UNKNOWN', message: error.message } } : value;
      },
    }),
    description,
  });
  output.overrideLogicalId(`headroom_${relative.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`);
  scope.node.addValidation({ validate: () => {
    const { error } = attempt();
    // cdktf prefixes each validation message with the construct path already.
    return error ? [error.message.replace(`${scope.node.path}: `, '')] : [];
  } });
  return output;
}
