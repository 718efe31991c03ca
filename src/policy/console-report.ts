import { Finding } from './finding';
import { GateReport } from './gate-report';
import { fmt } from './message-format';

/**
 * One violation as a block of plain text for the console: what failed, where, the two
 * numbers, and the rule's message (what was found and what to do).
 *
 * @example
 * ✖ gate violation: rule instances (gate workers/quota)
 *     observed 2, bound 4
 *     needs 4 but only 2 fit (42 of 44 used). Free instances, or raise the quota.
 */
export function renderViolationBlock(f: Finding): string {
  const what = f.level === 'error' ? 'gate violation' : 'gate warning (failing on warnings)';
  const lines = [`✖ ${what}: rule ${f.ruleId} (gate ${f.gate})`];
  if (f.observed !== null || f.bound !== null) lines.push(`    observed ${show(f.observed)}, bound ${show(f.bound)}`);
  lines.push(`    ${f.message.replace(/\r?\n/g, '\n    ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What the library prints to stderr when the gates stop `cdktf synth` (or `cdktn synth`:
 * `framework` is the app's framework): a header, one {@link renderViolationBlock} per
 * blocking finding of the gates that enforce at synth, and where the full report is.
 * @param framework - the synth command's name, `cdktf` or `cdktn`; @default `cdktf`
 */
export function renderSynthStop(findings: readonly Finding[], reportFile?: string, framework: string = 'cdktf'): string {
  const n = findings.length;
  const parts = [`\ncdktf-headroom: ${n} gate violation${n === 1 ? '' : 's'} stopped ${framework} synth.\n`, ...findings.map(renderViolationBlock)];
  if (reportFile) parts.push(`Every rule, pass or fail: ${reportFile}\n`);
  return `${parts.join('\n')}\n`;
}

/** One violation named in a sentence: `rule "instances" (gate workers/quota)`. */
export function violationName(f: Finding): string {
  return `rule "${f.ruleId}" (gate ${f.gate})`;
}

/**
 * What the library prints to stderr when synth finished although a gate's rule failed,
 * because that gate does not enforce at synth (`enforceAtSynth: false`): one line per
 * violation, saying what enforces it instead, so a failing rule is never silent.
 *
 * @example
 * cdktf-headroom: violation of rule "instances" (gate workers/quota), not enforced at synth (enforceAtSynth: false; the gate's plan-time check stops `terraform plan`): needs 4 but only 2 fit (42 of 44 used). ...
 */
export function renderUnenforcedViolations(violations: readonly { readonly finding: Finding; readonly enforceAtPlan: boolean }[]): string {
  return violations
    .map(({ finding: f, enforceAtPlan }) => {
      const what = f.level === 'error' ? 'violation' : 'warning (failing on warnings)';
      const instead = enforceAtPlan
        ? "enforceAtSynth: false; the gate's plan-time check stops `terraform plan`"
        : 'enforceAtSynth: false and enforceAtPlan: false; only `cdktf-headroom check` fails on it';
      return `cdktf-headroom: ${what} of ${violationName(f)}, not enforced at synth (${instead}): ${f.message.replace(/\s*\r?\n\s*/g, ' ')}\n`;
    })
    .join('');
}

/**
 * A short plain-text table of a report's rules: rule, observed, bound, verdict; then the
 * overall verdict. For a script's or a job's log.
 *
 * @example
 * rule        observed  bound  verdict
 * instances   8         3      pass
 */
export function renderVerdictTable(report: GateReport): string {
  const rows: string[][] = [['rule', 'observed', 'bound', 'verdict']];
  for (const f of report.findings) rows.push([f.ruleId, show(f.observed), show(f.bound), verdict(f)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
  const s = report.summary;
  lines.push(
    `${report.findings.length === 0 ? 'no rules; ' : ''}verdict: ${s.status.toUpperCase()}${report.run.finished ? '' : ` (the synth did not finish${report.run.error ? `: ${report.run.error}` : ''})`}`,
  );
  return `${lines.join('\n')}\n`;
}

function verdict(f: Finding): string {
  if (f.status === 'pass') return 'pass';
  if (f.status === 'suppressed') return 'suppressed';
  return f.level === 'error' ? 'FAIL' : 'warn';
}

function show(v: number | string | null): string {
  return v === null ? '-' : typeof v === 'number' ? fmt(v) : v;
}
