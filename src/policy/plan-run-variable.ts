import { IConstruct } from 'constructs';
import { FrameworkModule } from '../core/framework';

/**
 * Name of the root variable that ties a Terraform plan to the synth that wrote its stack:
 * its default is the synth run's id, and `terraform show -json` lists its value under
 * `variables`, so `cdktf-headroom check --plan` can refuse a plan of another synth.
 *
 * Why a variable: a changing default makes no diff (an output or a resource attribute
 * that changes on every synth would make every plan non-empty).
 */
export const PLAN_RUN_VARIABLE = 'headroom_synth_run';

/** Name of the root variable that names the stack (its construct path) a plan is of. */
export const PLAN_STACK_VARIABLE = 'headroom_stack';

const ADDED = Symbol.for('cdktf-headroom/plan-run-variables');

/**
 * Adds the two root variables to a gated stack, once per stack: {@link PLAN_RUN_VARIABLE}
 * (default: the synth run's id, read when the stack is synthesized) and
 * {@link PLAN_STACK_VARIABLE} (default: the stack's construct path).
 */
export function addPlanRunVariables(fw: FrameworkModule, stack: IConstruct, runId: () => string): void {
  if ((stack as unknown as Record<symbol, unknown>)[ADDED]) return;
  Object.defineProperty(stack, ADDED, { value: true });
  const run = new fw.TerraformVariable(stack, 'headroom-synth-run', {
    type: 'string',
    default: fw.Lazy.stringValue({ produce: runId }),
    description: 'Set by cdktf-headroom: the id of the synth that wrote this stack, for `cdktf-headroom check --plan`. Do not set it.',
  });
  run.overrideLogicalId(PLAN_RUN_VARIABLE);
  const name = new fw.TerraformVariable(stack, 'headroom-stack', {
    type: 'string',
    default: stack.node.path,
    description: 'Set by cdktf-headroom: the construct path of this stack, for `cdktf-headroom check --plan`. Do not set it.',
  });
  name.overrideLogicalId(PLAN_STACK_VARIABLE);
}
