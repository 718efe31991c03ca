import { Finding, FindingProvenance } from './finding';
import { GateReport, GateSummary, summarize } from './gate-report';
import { barOf, formatNumber, formatPercent, leftText, ReportBar } from './report-bar';
import { HTML_REPORT_CSS } from './html-report-style';
import { runwayChartData, runwaySvg, runwayWords } from './runway-chart';

/** What a finding came to, as the HTML report names it. */
type Verdict = 'violation' | 'warning' | 'suppressed' | 'pass';

/** Rows are listed in this order: what fails first. */
const VERDICT_ORDER: Record<Verdict, number> = { violation: 0, warning: 1, suppressed: 2, pass: 3 };

const CLOUD_NAMES: Record<string, string> = { qingcloud: 'QingCloud', ucloud: 'UCloud', huaweicloud: 'Huawei Cloud' };

/**
 * Renders a report as one self-contained HTML page (`cdktf.out/headroom/report.html`):
 * for every rule of every gate, a bar of what is used against the limit with the warning
 * and failure bands marked, the headroom left, the verdict (with a suppression's reason
 * and expiry), and where the numbers came from (cloud, API, query, fetched at, live,
 * cached or offline). Violations come first.
 *
 * Why one file with nothing outside it: a CI system can keep it as an artifact and anyone
 * can open it offline. It has no script (it reads the same with JavaScript off), no font,
 * image or style sheet to fetch, and a Content-Security-Policy that forbids fetching
 * anything. The layout is a real `<table>` (screen readers, copy and paste); the bars are
 * drawn with CSS beside the same numbers in text, and every verdict is a word and a shape
 * as well as a colour. It prints, bars included. Every value from the report is escaped,
 * so a rule id, message or path renders as text whatever it holds.
 *
 * @example
 * fs.writeFileSync('report.html', renderHtml(readGateReport('cdktf.out/headroom/report.json')));
 */
export function renderHtml(report: GateReport): string {
  const findings = Array.isArray(report.findings) ? report.findings.filter((f) => typeof f === 'object' && f !== null) : [];
  const gates = Array.isArray(report.gates) ? report.gates.filter((g) => typeof g === 'object' && g !== null) : [];
  // A report of a synth that did not finish never shows a pass (the run decides as much as the findings).
  const run = typeof report.run === 'object' && report.run !== null ? report.run : undefined;
  const s = summarize(findings, run);
  const overall = s.status === 'fail' ? 'FAIL' : s.status === 'unfinished' ? 'SYNTH DID NOT FINISH' : s.status === 'warn' ? 'WARN' : 'PASS';
  const overallVerdict: Verdict = s.status === 'fail' || s.status === 'unfinished' ? 'violation' : s.status === 'warn' ? 'warning' : 'pass';
  const counts = `${plural(s.errors, 'violation')}, ${plural(s.warnings, 'warning')}, ${s.passed} passed, ${s.suppressed} suppressed`;
  const sorted = findings.map((f, i) => ({ f, i, v: verdictOf(f) })).sort((a, b) => VERDICT_ORDER[a.v] - VERDICT_ORDER[b.v] || a.i - b.i);

  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may be fetched: no script, image, font, frame or style sheet from anywhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(`cdktf-headroom: ${overall}, ${counts}`)}</title>`,
    `<style>${HTML_REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>Quota headroom <span class="verdict verdict-${overallVerdict} overall">${shape()}${overall}</span></h1>`,
    `<p class="counts">${esc(counts)} (${plural(s.rules, 'rule')} in ${plural(gates.length, 'gate')}).</p>`,
    ...(run && !run.finished
      ? [`<p class="counts"><strong>The synth did not finish</strong>, so nothing here can pass: ${esc(run.error ?? 'no reason was recorded')}</p>`]
      : []),
    `<p class="meta">Written by cdktf-headroom ${esc(report.version)} at ${time(report.generatedAt)}${run ? ` for synth run ${esc(run.id)}` : ''}. ` +
      'Exit codes of <code>cdktf-headroom check</code>: 0 pass, 1 warnings (when failing on warnings), 2 violations or an unfinished synth.</p>',
    '</header>',
    '<main>',
  );

  out.push('<section aria-labelledby="rules-title">', '<h2 id="rules-title">Rules, violations first</h2>', legend());
  if (sorted.length === 0) {
    out.push('<p>No rules were declared.</p>');
  } else {
    out.push(
      '<div class="scroll">',
      '<table class="findings">',
      '<caption>Every rule of every gate: what it saw, against what limit, and where the numbers came from. Violations first, then warnings, suppressed and passed rules.</caption>',
      '<colgroup><col class="c-verdict"><col class="c-rule"><col class="c-bar"><col class="c-left"><col class="c-source"><col class="c-details"></colgroup>',
      '<thead><tr><th scope="col">Verdict</th><th scope="col">Rule</th><th scope="col">Used against the limit</th><th scope="col">Headroom left</th><th scope="col">Numbers from</th><th scope="col">Details</th></tr></thead>',
      '<tbody>',
    );
    for (const { f, v } of sorted) out.push(findingRow(f, v));
    out.push('</tbody>', '</table>', '</div>');
  }
  out.push('</section>');

  if (gates.length > 0) {
    out.push(
      '<section aria-labelledby="gates-title">',
      '<h2 id="gates-title">Gates</h2>',
      '<div class="scroll">',
      '<table class="gates">',
      '<caption>Each gate, its verdict and where it is enforced.</caption>',
      '<thead><tr><th scope="col">Gate</th><th scope="col">Stack</th><th scope="col">Verdict</th><th scope="col">Rules</th><th scope="col">Enforced at</th></tr></thead>',
      '<tbody>',
    );
    for (const g of gates)
      out.push(
        gateRow(
          g,
          findings.filter((f) => f.gate === g.path),
        ),
      );
    out.push('</tbody>', '</table>', '</div>', '</section>');
  }
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

function findingRow(f: Finding, v: Verdict): string {
  const bar = barOf(f);
  const runway = runwayChartData(f);
  const cells = [
    `<td class="verdict-cell">${verdictBadge(v)}\n${verdictNote(f, v)}</td>`,
    `<th scope="row" class="rule"><code class="id">${esc(f.ruleId)}</code>\n<span class="sub">${esc(f.description)}</span>\n<span class="sub">gate <code>${esc(f.gate)}</code> · ${esc(f.kind)}</span></th>`,
    `<td class="bar-cell">${runway ? `${runwaySvg(runway, runwayWords(runway), esc)}\n<span class="bar-text">${esc(runwayWords(runway))}</span>` : bar ? barHtml(bar, v) : noBar(f)}</td>`,
    `<td class="left">${runway ? runwayLeft(runway.daysLeft, runway.verdict) : bar ? leftHtml(bar, f) : '<span class="sub">–</span>'}</td>`,
    `<td class="source">${sourceHtml(f)}</td>`,
    `<td class="details">${detailsHtml(f)}</td>`,
  ];
  return `<tr class="row row-${v}" data-verdict="${v}" data-rule="${esc(f.ruleId)}" data-gate="${esc(f.gate)}">${cells.join('')}</tr>`;
}

function verdictOf(f: Finding): Verdict {
  if (f.status === 'pass') return 'pass';
  if (f.status === 'suppressed') return 'suppressed';
  return f.status === 'fail' && f.level === 'warning' ? 'warning' : 'violation'; // anything else fails closed
}

function verdictBadge(v: Verdict): string {
  return `<span class="verdict verdict-${v}">${shape()}${v}</span>`;
}

/** The shape beside a verdict word (drawn by CSS: a circle, a triangle, a cross, a hollow square). */
function shape(): string {
  return '<span class="shape" aria-hidden="true"></span>';
}

function verdictNote(f: Finding, v: Verdict): string {
  const sup = f.suppression;
  if (v === 'suppressed' && sup) return `<span class="sub">${sup.expires ? `until ${esc(sup.expires)}` : 'no expiry'}</span>`;
  if (v === 'warning') return `<span class="sub">${f.blocking ? 'fails the pipeline (failing on warnings)' : 'does not fail the pipeline'}</span>`;
  if (v === 'violation' && f.error) return '<span class="sub">failed closed</span>';
  if (sup?.expired) return `<span class="sub">suppression expired${sup.expires ? ` ${esc(sup.expires)}` : ''}</span>`;
  return '';
}

/** Positions on the bar, as percentages of its scale (clamped to the bar). */
function at(x: number, bar: ReportBar): string {
  return cssPercent(Math.min(100, Math.max(0, (x / bar.scale) * 100)));
}

function cssPercent(p: number): string {
  return `${Number(p.toFixed(4))}%`;
}

function barHtml(bar: ReportBar, v: Verdict): string {
  const parts: string[] = [];
  const span = (cls: string, from: number, to: number, title: string): void => {
    if (to > from)
      parts.push(
        `<span class="${cls}" style="left:${at(from, bar)};width:${cssPercent(Math.max(0, ((Math.min(to, bar.scale) - from) / bar.scale) * 100))}" title="${esc(title)}"></span>`,
      );
  };
  if (bar.kind === 'usage') {
    if (bar.warnAt !== undefined) span('band band-warn', bar.warnAt, bar.failAt ?? bar.scale, 'warning band');
    if (bar.failAt !== undefined) span('band band-fail', bar.failAt, bar.scale, 'failure band');
  }
  parts.push(`<span class="fill fill-${v}" style="width:${at(bar.value, bar)}"></span>`);
  if (bar.kind === 'usage' && bar.value > bar.limit) span('over', bar.limit, bar.value, 'over the limit');
  if (bar.need !== undefined)
    span(`need${bar.value + bar.need > bar.limit ? ' need-over' : ''}`, bar.value, bar.value + bar.need, 'what the stack is about to add');
  if (bar.warnAt !== undefined && bar.warnAt !== bar.limit) parts.push(`<span class="mark mark-warn" style="left:${at(bar.warnAt, bar)}"></span>`);
  if (bar.failAt !== undefined && bar.failAt !== bar.limit) parts.push(`<span class="mark mark-fail" style="left:${at(bar.failAt, bar)}"></span>`);
  parts.push(`<span class="mark mark-limit" style="left:${at(bar.limit, bar)}"></span>`);

  const pct =
    bar.limit === 0
      ? bar.kind === 'usage'
        ? bar.value === 0
          ? 'a zero limit counts as full'
          : 'over a zero limit'
        : 'the minimum is 0'
      : formatPercent(bar.fraction);
  const words = [
    bar.kind === 'usage'
      ? `<strong>${esc(formatNumber(bar.value))}</strong> of ${esc(formatNumber(bar.limit))} used (${esc(pct)})`
      : `<strong>${esc(formatNumber(bar.value))}</strong> there, minimum ${esc(formatNumber(bar.limit))} (${esc(pct)})`,
  ];
  if (bar.need !== undefined) words.push(`need ${esc(formatNumber(bar.need))} more`);
  if (bar.kind === 'usage' && bar.warnAt !== undefined)
    words.push(`warn at ${esc(formatNumber(bar.warnAt))}${bar.limit > 0 ? ` (${esc(formatPercent(bar.warnAt / bar.limit))})` : ''}`);
  if (bar.kind === 'usage' && bar.failAt !== undefined && bar.failAt !== bar.limit)
    words.push(`fail at ${esc(formatNumber(bar.failAt))} (${esc(formatPercent(bar.failAt / bar.limit))})`);
  return (
    `<div class="bar bar-${bar.kind}" aria-hidden="true" data-value="${bar.value}" data-limit="${bar.limit}" data-scale="${bar.scale}"><span class="track">${parts.join('')}</span></div>\n` +
    `<span class="bar-text">${words.join(' · ')}</span>`
  );
}

function noBar(f: Finding): string {
  if (f.error) return '<span class="sub">no numbers: the rule failed closed</span>';
  const said: string[] = [];
  if (f.observed !== null && f.observed !== undefined) said.push(`observed <strong>${esc(f.observed)}</strong>`);
  if (f.bound !== null && f.bound !== undefined) said.push(`bound ${esc(f.bound)}`);
  return `<span class="bar-text">${said.length > 0 ? said.join(' · ') : 'no numbers to draw'}</span>`;
}

function leftHtml(bar: ReportBar, f: Finding): string {
  const lines = [`<strong class="left-main">${esc(leftText(bar))}</strong>`];
  if (bar.need !== undefined) {
    const spare = bar.left - bar.need;
    lines.push(
      `<span class="sub">after the ${esc(formatNumber(bar.need))} needed: ${spare >= 0 ? `${esc(formatNumber(spare))} to spare` : `short by ${esc(formatNumber(-spare))}`}</span>`,
    );
  } else if (f.kind === 'utilization' && bar.warnAt !== undefined && bar.value < bar.warnAt) {
    lines.push(`<span class="sub">${esc(formatNumber(bar.warnAt - bar.value))} before the warning band</span>`);
  } else if (f.kind === 'utilization' && bar.failAt !== undefined && bar.value < bar.failAt) {
    lines.push(`<span class="sub">${esc(formatNumber(bar.failAt - bar.value))} before the failure band</span>`);
  }
  return lines.join('\n');
}

/** A runway's headroom in time: the days left, or none in sight, or not known yet. */
function runwayLeft(daysLeft: number | undefined, verdict: string): string {
  if (verdict === 'too-little') return '<span class="sub">not known yet: too little history</span>';
  if (daysLeft === undefined) return '<strong class="left-main">no exhaustion in sight</strong>';
  return `<strong class="left-main">${daysLeft <= 0 ? 'none: at the limit' : `${esc(formatNumber(Math.round(daysLeft * 10) / 10))} days left`}</strong>`;
}

function sourceHtml(f: Finding): string {
  const provenance = Array.isArray(f.provenance) ? f.provenance.filter((p) => typeof p === 'object' && p !== null) : [];
  const sources = Array.isArray(f.sources) ? f.sources : [];
  if (provenance.length === 0 && sources.length === 0) return '<span class="sub">values given in the stack’s code (no lookup)</span>';
  const known = new Set(provenance.map((p) => p.source));
  const blocks = provenance.map(provenanceHtml);
  for (const s of sources) if (!known.has(s)) blocks.push(`<div class="prov"><span class="sub">lookup <code>${esc(s)}</code></span></div>`);
  return blocks.join('\n');
}

function provenanceHtml(p: FindingProvenance): string {
  const query = typeof p.query === 'object' && p.query !== null ? Object.entries(p.query) : [];
  const cloud = CLOUD_NAMES[String(p.cloud)] ?? String(p.cloud);
  const how = p.failed
    ? '<span class="how how-failed">lookup failed: no values</span>'
    : `<span class="how"><span class="mode">${esc(p.mode)}</span> · ${p.answeredFrom === 'record' ? 'read from the lookup record' : 'asked the cloud'}</span>`;
  const shown = query.filter(([, val]) => String(val) !== '');
  const lines = [
    `<span class="api"><strong>${esc(cloud)}</strong> ${esc(p.api)}</span>`,
    how,
    p.fetchedAt !== undefined ? `<span>fetched ${time(p.fetchedAt)}</span>` : '',
    shown.length > 0 ? `<span class="q">${shown.map(([k, val]) => `<span class="kv">${esc(k)} <code>${esc(val)}</code></span>`).join(' ')}</span>` : '',
    p.endpoint !== undefined ? `<span class="sub">at <code>${esc(p.endpoint)}</code></span>` : '',
    `<span class="sub">lookup <code>${esc(p.source)}</code></span>`,
  ];
  return `<div class="prov">${lines.filter(Boolean).join('\n')}</div>`;
}

function detailsHtml(f: Finding): string {
  const parts: string[] = [];
  const sup = f.suppression;
  if (sup && !sup.expired && f.status === 'suppressed') {
    parts.push(
      `<p class="suppression"><strong>Suppressed</strong> on <code>${esc(sup.scope)}</code>${sup.expires ? ` until ${esc(sup.expires)}` : ''}: ${esc(sup.reason)}</p>`,
    );
  }
  parts.push(`<p class="message">${esc(f.message)}</p>`);
  if (f.error) parts.push(`<p class="sub">error <code>${esc(f.error.code)}</code> (${esc(f.error.name)})</p>`);
  return parts.join('\n');
}

function gateRow(g: GateSummary, findings: readonly Finding[]): string {
  const s = summarize(findings);
  const v: Verdict = s.status === 'fail' ? 'violation' : s.status === 'warn' ? 'warning' : 'pass';
  const where = [g.enforceAtSynth ? 'synth' : undefined, g.enforceAtPlan ? 'plan' : undefined].filter(Boolean).join(' and ') || 'check step only';
  const label = s.status === 'fail' ? 'fail' : s.status === 'warn' ? 'warn' : 'pass';
  return (
    `<tr class="row-${v}"><th scope="row"><code>${esc(g.path)}</code></th><td><code>${esc(g.stack)}</code></td>` +
    `<td><span class="verdict verdict-${v}">${shape()}${label}</span></td>` +
    `<td>${esc(`${plural(s.rules, 'rule')}: ${s.errors} violation, ${s.warnings} warning, ${s.suppressed} suppressed, ${s.passed} passed`)}</td>` +
    `<td>${esc(where)}${g.failOnWarnings ? '; warnings fail' : ''}</td></tr>`
  );
}

function legend(): string {
  const item = (cls: string, text: string): string => `<li><span class="key ${cls}" aria-hidden="true"></span>${text}</li>`;
  return (
    '<ul class="legend" aria-label="How to read the bars">' +
    item('key-fill', 'used') +
    item('key-need', 'about to be added') +
    item('key-warn', 'warning band') +
    item('key-fail', 'failure band') +
    item('key-over', 'over the limit') +
    item('key-limit', 'limit') +
    '</ul>'
  );
}

/** An ISO time as `2025-01-01 12:00:00 UTC` in a `<time>` element; other text as it is. */
function time(iso: unknown): string {
  const text = String(iso);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return esc(text);
  return `<time datetime="${esc(new Date(ms).toISOString())}">${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')}</time>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Any value as HTML text, safe in element content and in quoted attributes: markup
 * characters become entities, control characters (which HTML does not allow) become
 * U+FFFD, and bidirectional overrides and isolates are shown as `[U+202E]` rather than
 * obeyed, so a value cannot reorder what the page shows.
 */
export function escapeHtml(value: unknown): string {
  return (
    String(value)
      .replace(/[&<>"']/g, (c) => ENTITIES[c])
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '\uFFFD')
      .replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`)
  );
}

const esc = escapeHtml;
