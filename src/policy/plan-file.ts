import { InputError } from '../core/errors';
import { parseJsonInput, readInputFile } from './json-input';
import { PlanResourceChange } from './plan-accounting';
import { PLAN_RUN_VARIABLE, PLAN_STACK_VARIABLE } from './plan-run-variable';

/** How to make the file `check --plan` reads, for error messages. */
export const MAKE_PLAN_JSON =
  "In the stack's folder (cdktf.out/stacks/<stack>), run `terraform plan -out=plan.tfplan` and `terraform show -json plan.tfplan > plan.json`, then `cdktf-headroom check --plan plan.json`.";

/** A Terraform plan as `check --plan` reads it (`terraform show -json` of a saved plan). */
export interface PlanFile {
  /** The plan JSON's `format_version`, e.g. `1.2`. */
  readonly formatVersion: string;
  /** The Terraform version that wrote it, when it says. */
  readonly terraformVersion?: string;
  /** The synth run the plan's stack was written by (root variable `headroom_synth_run`), when the plan has it. */
  readonly runId?: string;
  /** The construct path of the plan's stack (root variable `headroom_stack`), when the plan has it. */
  readonly stack?: string;
  /** Every resource instance change. */
  readonly changes: readonly PlanResourceChange[];
}

/**
 * Reads the JSON of a saved plan (`terraform show -json plan.tfplan > plan.json`). Throws
 * an `InputError` that says what to run when the file is missing or unreadable, is not
 * JSON, has a `format_version` whose major is not 1, or has no `resource_changes`.
 */
export function readPlanFile(file: string): PlanFile {
  const text = readInputFile(file, (reason) => `cannot read the plan JSON ${file} (${reason}). ${MAKE_PLAN_JSON}`);
  return parsePlan(text, file);
}

/** Parses and checks the text of a plan JSON; `where` names it in errors. */
export function parsePlan(text: string, where: string): PlanFile {
  const data = parseJsonInput(
    text,
    (reason) =>
      `${where} is not JSON (${reason}); expected the output of \`terraform show -json\` on a saved plan (not the binary plan file, not \`terraform plan -json\`'s log lines). ${MAKE_PLAN_JSON}`,
  );
  const p = data as Record<string, unknown> | null;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new InputError(`${where} is not a Terraform plan JSON object. ${MAKE_PLAN_JSON}`);
  const fv = p.format_version;
  if (typeof fv !== 'string' || !/^\d+\.\d+/.test(fv)) {
    throw new InputError(`${where} has no format_version (got ${JSON.stringify(fv)}), so it is not the JSON of a Terraform plan. ${MAKE_PLAN_JSON}`);
  }
  if (fv.split('.')[0] !== '1') {
    throw new InputError(
      `${where} has format_version ${JSON.stringify(fv)}; this cdktf-headroom reads plan JSON of major version 1 (Terraform 1.x, OpenTofu 1.x). Write it with a Terraform of major version 1, or use a cdktf-headroom that reads version ${fv.split('.')[0]}.`,
    );
  }
  if (!Array.isArray(p.resource_changes)) {
    throw new InputError(
      `${where} has no resource_changes, so it is not the JSON of a saved plan (\`terraform show -json\` of a state has none). ${MAKE_PLAN_JSON}`,
    );
  }
  const changes = p.resource_changes.map((c, i) => resourceChange(c, i, where));
  const variables = typeof p.variables === 'object' && p.variables !== null ? (p.variables as Record<string, { value?: unknown } | undefined>) : {};
  const runId = variables[PLAN_RUN_VARIABLE]?.value;
  const stack = variables[PLAN_STACK_VARIABLE]?.value;
  return {
    formatVersion: fv,
    ...(typeof p.terraform_version === 'string' ? { terraformVersion: p.terraform_version } : {}),
    ...(typeof runId === 'string' ? { runId } : {}),
    ...(typeof stack === 'string' ? { stack } : {}),
    changes,
  };
}

function resourceChange(c: unknown, i: number, where: string): PlanResourceChange {
  const x = c as Record<string, unknown> | null;
  const change = (typeof x === 'object' && x !== null ? x.change : undefined) as Record<string, unknown> | undefined;
  if (
    typeof x !== 'object' ||
    x === null ||
    typeof x.address !== 'string' ||
    typeof x.type !== 'string' ||
    typeof x.mode !== 'string' ||
    typeof change !== 'object' ||
    change === null ||
    !Array.isArray(change.actions) ||
    !change.actions.every((a) => typeof a === 'string')
  ) {
    throw new InputError(
      `${where}: resource_changes[${i}] is not a resource change (address, mode, type and change.actions are required). Write the file with \`terraform show -json\` and do not edit it. ${MAKE_PLAN_JSON}`,
    );
  }
  return {
    address: x.address,
    mode: x.mode,
    type: x.type,
    actions: change.actions as string[],
    before: change.before,
    after: change.after,
    afterUnknown: change.after_unknown,
  };
}
