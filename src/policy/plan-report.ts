import { createHash } from 'node:crypto';
import type * as sarif from 'sarif';
import { escapeHtml as esc } from './html-report';
import { PlanCheck, PlanHeadroomVerdict } from './plan-verdict';
import { formatNumber } from './report-bar';

/**
 * The segments of a headroom's plan bar, in the headroom's units: what others use, what
 * the stack holds, what the plan adds, and what is free, on a scale of the limit (or more,
 * when the plan goes over it). Undefined when the synth could not read the numbers.
 */
export interface PlanBar {
  /** What others use. */
  readonly others: number;
  /** What the stack holds. */
  readonly held: number;
  /** What the plan adds, drawn after what the stack holds. */
  readonly adds: number;
  /** The quota. */
  readonly limit: number;
  /** The length of the whole bar: the larger of the limit and others + held + adds; 1 when all are 0. */
  readonly scale: number;
}

/** The bar of one headroom's verdict, or undefined when its numbers are unknown. */
export function planBarOf(h: PlanHeadroomVerdict): PlanBar | undefined {
  if (h.usedByOthers === null || h.held === null || h.limit === null) return undefined;
  const scale = Math.max(h.limit, h.usedByOthers + h.held + h.adds) || 1;
  return { others: h.usedByOthers, held: h.held, adds: h.adds, limit: h.limit, scale };
}

/**
 * The bar as text for Markdown, `cells` cells on the bar's scale: `▓` others, `█` the
 * stack's holding, `▞` the plan's addition, `░` free, and `|` where the limit is when the
 * plan goes past it.
 */
export function planTextBar(bar: PlanBar, cells = 20): string {
  const cellsOf = (n: number): number => Math.round((n / bar.scale) * cells);
  const others = cellsOf(bar.others);
  const held = cellsOf(bar.others + bar.held) - others;
  const adds = bar.adds > 0 ? Math.max(1, cellsOf(bar.others + bar.held + bar.adds) - others - held) : 0;
  const free = Math.max(0, cells - others - held - adds);
  const text = '▓'.repeat(others) + '█'.repeat(held) + '▞'.repeat(adds) + '░'.repeat(free);
  if (bar.others + bar.held + bar.adds <= bar.limit) return text;
  const at = Math.min(text.length, cellsOf(bar.limit));
  return `${text.slice(0, at)}|${text.slice(at)}`;
}

function n(v: number | null): string {
  return v === null ? '–' : formatNumber(v);
}

/** Escapes text for one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/**
 * Renders the verdict of `check --plan` as Markdown (a step summary, a merge-request
 * comment): one row per headroom with what others use, what the stack holds, what the
 * plan adds and frees, the limit, what is left after the plan, and a bar in which the
 * plan's addition is its own segment.
 */
export function renderPlanMarkdown(check: PlanCheck): string {
  const lines = [
    `## cdktf-headroom plan check: ${check.status === 'pass' ? '✅ PASS' : '❌ FAIL'}`,
    '',
    `Plan \`${check.planFile.replace(/`/g, "'")}\` of stack \`${check.stack.replace(/`/g, "'")}\`, synth run ${cell(check.runId)}.`,
    '',
  ];
  if (check.headrooms.length === 0) {
    lines.push('No headroom of this stack is read by a rule: nothing to judge.', '');
  } else {
    lines.push(
      '| | Headroom | Others | Held | Plan adds | Plan frees | Limit | Left after | Usage | Details |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const h of check.headrooms) {
      const bar = planBarOf(h);
      lines.push(
        `| ${h.status === 'pass' ? '✅ pass' : '❌ fail'} | ${cell(h.name)} | ${n(h.usedByOthers)} | ${n(h.held)} | ${formatNumber(h.adds)} | ${formatNumber(h.frees)} | ${n(h.limit)} | ${n(h.leftAfter)} | ${bar ? `\`${planTextBar(bar)}\`` : '–'} | ${cell(h.message)} |`,
      );
    }
    lines.push('', '<sub>Usage: `▓` used by others, `█` held by the stack, `▞` the plan adds, `░` free, `|` the limit when the plan goes past it.</sub>', '');
  }
  return lines.join('\n');
}

/**
 * Renders the verdict of `check --plan` as one self-contained HTML page: per headroom, a
 * bar with what others use, what the stack holds and the plan's addition as separate
 * segments against the limit, beside the same numbers in text. No script, nothing fetched.
 */
export function renderPlanHtml(check: PlanCheck): string {
  const overall = check.status === 'pass' ? 'PASS' : 'FAIL';
  const rows = check.headrooms.map((h) => {
    const bar = planBarOf(h);
    const pct = (v: number): string => `${Number((bar ? (v / bar.scale) * 100 : 0).toFixed(4))}%`;
    const barHtml = bar
      ? `<div class="bar" aria-hidden="true"><span class="seg others" style="left:0;width:${pct(bar.others)}" title="used by others"></span>` +
        `<span class="seg held" style="left:${pct(bar.others)};width:${pct(bar.held)}" title="held by the stack"></span>` +
        `<span class="seg adds${bar.others + bar.held + bar.adds > bar.limit ? ' over' : ''}" style="left:${pct(bar.others + bar.held)};width:${pct(bar.adds)}" title="the plan adds"></span>` +
        `<span class="limit" style="left:${pct(bar.limit)}"></span></div>`
      : '<span>no numbers: the synth could not read them</span>';
    return (
      `<tr class="${h.status}"><td>${h.status === 'pass' ? '✓ pass' : '✗ fail'}</td><td>${esc(h.name)}</td><td>${barHtml}` +
      `<span class="text">others ${esc(n(h.usedByOthers))} · held ${esc(n(h.held))} · plan adds ${esc(formatNumber(h.adds))} · frees ${esc(formatNumber(h.frees))} · limit ${esc(n(h.limit))} · left after ${esc(n(h.leftAfter))}</span></td>` +
      `<td>${esc(h.message)}</td></tr>`
    );
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    `<title>${esc(`cdktf-headroom plan check: ${overall}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>Plan check <span class="verdict ${check.status}">${overall}</span></h1>`,
    `<p>Plan ${esc(check.planFile)} of stack ${esc(check.stack)}, synth run ${esc(check.runId)}.</p>`,
    check.headrooms.length === 0
      ? '<p>No headroom of this stack is read by a rule: nothing to judge.</p>'
      : `<table><caption>Per headroom: used by others, held by the stack, and what the plan adds, against the limit.</caption><thead><tr><th scope="col">Verdict</th><th scope="col">Headroom</th><th scope="col">Usage with the plan</th><th scope="col">Details</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
    '<p class="legend"><span class="key others"></span> used by others <span class="key held"></span> held by the stack <span class="key adds"></span> the plan adds <span class="key limit-key"></span> the limit</p>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const CSS = `
body { margin: 0; padding: 24px; font: 14px/1.45 system-ui, sans-serif; color: #1f2328; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #d0d7de; padding: 6px 8px; text-align: left; vertical-align: top; }
.verdict.pass, tr.pass td:first-child { color: #1a7f37; } .verdict.fail, tr.fail td:first-child { color: #c62828; }
.bar { position: relative; height: 14px; background: #f0f2f4; border: 1px solid #d0d7de; min-width: 200px; margin-bottom: 4px; }
.seg { position: absolute; top: 0; bottom: 0; } .others { background: #8c959f; } .held { background: #0969da; }
.adds { background: repeating-linear-gradient(45deg, #bf8700 0 4px, #f5d76e 4px 8px); } .adds.over { background: repeating-linear-gradient(45deg, #c62828 0 4px, #fde2e1 4px 8px); }
.limit { position: absolute; top: -3px; bottom: -3px; width: 2px; background: #1f2328; }
.key { display: inline-block; width: 12px; height: 12px; vertical-align: middle; margin-left: 8px; } .limit-key { width: 2px; background: #1f2328; }
.text { color: #57606a; }
@media print { .seg, .key { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
`;

/** Renders the verdict of `check --plan` as JUnit XML: one test case per headroom of the plan's stack. */
export function renderPlanJunit(check: PlanCheck): string {
  const failures = check.headrooms.filter((h) => h.status === 'fail').length;
  const cases = check.headrooms.map((h) => {
    const body = h.status === 'fail' ? `\n      <failure message=${attr(h.message)} type="plan">${text(h.message)}</failure>\n    ` : '';
    return `    <testcase name=${attr(h.name)} classname=${attr(`plan.${check.stack.replace(/\//g, '.')}`)} time="0">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdktf-headroom plan check" tests="${check.headrooms.length}" failures="${failures}" errors="0" time="0">`,
    `  <testsuite name=${attr(`plan ${check.stack}`)} package="cdktf-headroom" id="0" tests="${check.headrooms.length}" failures="${failures}" errors="0" skipped="0" time="0" timestamp="1970-01-01T00:00:00" hostname="cdktf-headroom">`,
    '    <properties>',
    `      <property name="runId" value=${attr(check.runId)}/>`,
    `      <property name="plan" value=${attr(check.planFile)}/>`,
    '    </properties>',
    ...cases,
    `    <system-out>${text(`${check.headrooms.length} headroom(s), status ${check.status}`)}</system-out>`,
    '    <system-err></system-err>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Renders the verdict of `check --plan` as SARIF 2.1.0: a result per headroom the plan does not fit. */
export function renderPlanSarif(check: PlanCheck, version: string): sarif.Log {
  const failing = check.headrooms.filter((h) => h.status === 'fail');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdktf-headroom',
            semanticVersion: version,
            version,
            rules: [
              {
                id: 'plan-fits-headroom',
                name: 'plan-fits-headroom',
                shortDescription: { text: 'What the plan adds fits in the headroom' },
                defaultConfiguration: { level: 'error' },
              },
            ],
          },
        },
        invocations: [{ executionSuccessful: true, properties: { runId: check.runId, plan: check.planFile } }],
        results: failing.map((h): sarif.Result => ({
          ruleId: 'plan-fits-headroom',
          ruleIndex: 0,
          level: 'error',
          kind: 'fail',
          message: { text: `${h.name}: ${h.message}` },
          locations: [{ logicalLocations: [{ name: h.name, fullyQualifiedName: `${h.stack}/${h.name}`, kind: 'module' }] }],
          partialFingerprints: { 'cdktfHeadroomPlan/v1': createHash('sha256').update(`${h.stack}\n${h.name}`).digest('hex').slice(0, 32) },
          properties: { stack: h.stack, usedByOthers: h.usedByOthers, held: h.held, adds: h.adds, frees: h.frees, limit: h.limit, leftAfter: h.leftAfter },
        })),
      },
    ],
  };
}

function attr(value: string): string {
  return `"${text(value).replace(/"/g, '&quot;')}"`;
}

function text(value: string): string {
  return (
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // eslint-disable-next-line no-control-regex -- XML 1.0 does not allow these characters
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD')
  );
}
