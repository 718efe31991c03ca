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
 */
export function addLookupOutput(scope: Construct, description: string, produce: () => unknown): TerraformOutput {
  const stack = TerraformStack.of(scope);
  const relative = scope.node.scopes.slice(stack.node.scopes.length).map((s) => s.node.id);
  const output = new TerraformOutput(scope, 'headroom', {
    value: Lazy.anyValue({ produce }),
    description,
  });
  output.overrideLogicalId(`headroom_${relative.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`);
  return output;
}

/** The construct path of `scope`, as shown in errors. */
export function pathOf(scope: Construct): string {
  return scope.node.path;
}
