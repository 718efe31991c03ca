import { Finding } from './finding';
import { GateReport } from './gate-report';
import { barOf, formatPercent, leftText, textBar } from './report-bar';
import { runwayChartData, runwaySparkline, runwayWords } from './runway-chart';

const ICON: Record<string, string> = { pass: '✅', error: '❌', warning: '⚠️', suppressed: '🔕' };

/**
 * Renders a report as Markdown for a pull-request comment or a CI step summary: the
 * verdict, a table of every failing and suppressed rule with its values, a bar of what is
 * used against the limit (block characters in a code span, with the percentage and what
 * is left) and what to do, and the passing rules folded away.
 */
export function renderMarkdown(report: GateReport): string {
  const s = report.summary;
  const verdict = s.status === 'fail' ? '❌ FAIL' : s.status === 'unfinished' ? '⛔ SYNTH DID NOT FINISH' : s.status === 'warn' ? '⚠️ WARN' : '✅ PASS';
  const counts = [
    `${s.errors} violation${s.errors === 1 ? '' : 's'}`,
    `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    `${s.passed} passed`,
    `${s.suppressed} suppressed`,
  ].join(', ');
  const lines: string[] = [
    `## cdktf-headroom gates: ${verdict}`,
    '',
    `${counts} (${s.rules} rule${s.rules === 1 ? '' : 's'} in ${report.gates.length} gate${report.gates.length === 1 ? '' : 's'}).`,
    '',
  ];
  if (!report.run.finished) {
    lines.push(
      `**The synth did not finish**, so nothing here can pass: ${cell(report.run.error ?? 'no reason was recorded (it stopped before app.synth() ended, or was killed)')}`,
      '',
    );
  }
  for (const n of report.notices) lines.push(`> ⚠️ ${cell(n.message)}`, '');

  const order = (f: Finding): number => (f.status === 'fail' ? (f.level === 'error' ? 0 : 1) : 2);
  const open = report.findings.filter((f) => f.status !== 'pass').sort((a, b) => order(a) - order(b));
  const passed = report.findings.filter((f) => f.status === 'pass');

  if (open.length > 0) {
    lines.push(HEADER, SEPARATOR);
    for (const f of open) lines.push(row(f));
    lines.push('');
  }
  if (passed.length > 0) {
    lines.push(`<details><summary>${passed.length} passed</summary>`, '', HEADER, SEPARATOR);
    for (const f of passed) lines.push(row(f));
    lines.push('', '</details>', '');
  }
  if (report.findings.some((f) => runwayChartData(f) !== undefined))
    lines.push(
      '<sub>Runway: the history of used, oldest first, from `▁` (none) to `█` (at the limit); the trend, the day it reaches the limit and the days wanted beside it.</sub>',
      '',
    );
  if (report.findings.some((f) => barOf(f) !== undefined))
    lines.push('<sub>Usage: `█` used, `░` free, `▒` free but in the warning or failure band; the bar is the limit, full at or over it.</sub>', '');
  if (report.findings.length === 0) lines.push('No rules were declared.', '');
  lines.push(
    `<sub>Written by cdktf-headroom ${report.version} at ${report.generatedAt} for synth run ${report.run.id}. Exit codes of \`cdktf-headroom check\`: 0 pass, 1 warnings (when failing on warnings), 2 violations or an unfinished synth.</sub>`,
    '',
  );
  return lines.join('\n');
}

const HEADER = '| | Rule | Gate | Observed | Bound | Usage | Details |';
const SEPARATOR = '| --- | --- | --- | --- | --- | --- | --- |';

function row(f: Finding): string {
  const icon = f.status === 'pass' ? ICON.pass : f.status === 'suppressed' ? ICON.suppressed : ICON[f.level];
  const label = f.status === 'pass' ? 'pass' : f.status === 'suppressed' ? 'suppressed' : f.level;
  let details = f.message;
  if (f.suppression && !f.suppression.expired) {
    details = `Suppressed on \`${f.suppression.scope}\`${f.suppression.expires ? ` until ${f.suppression.expires}` : ''}: ${f.suppression.reason}. ${details}`;
  }
  return `| ${icon} ${label} | ${code(f.ruleId)} | ${code(f.gate)} | ${value(f.observed)} | ${value(f.bound)} | ${usage(f)} | ${cell(details)} |`;
}

/** The Usage cell: the bar, the percentage of the limit, and what is left (or `–` for a rule without numbers to draw). */
function usage(f: Finding): string {
  const runway = runwayChartData(f);
  if (runway) return runway.points.length > 0 ? `\`${runwaySparkline(runway)}\` ${cell(runwayWords(runway))}` : cell(runwayWords(runway));
  const bar = barOf(f);
  if (!bar) return '–';
  const share =
    bar.limit === 0 ? (bar.kind === 'usage' ? (bar.value === 0 ? 'full (zero limit)' : 'over a zero limit') : 'minimum 0') : formatPercent(bar.fraction);
  return `\`${textBar(bar)}\` ${cell(`${share}${bar.kind === 'minimum' ? ' of the minimum' : ''} · ${leftText(bar)}`)}`;
}

function value(v: number | string | null): string {
  return v === null ? '–' : cell(String(v));
}

/** Text as a code span in a table cell: backticks cannot occur inside, pipes are escaped. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

/** Escapes text for one Markdown table cell: pipes, newlines and HTML-significant characters. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
