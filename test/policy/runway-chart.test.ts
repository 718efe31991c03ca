// How the reports show a runway rule: the HTML report's inline SVG (points, limit, trend,
// where it meets the limit), the Markdown sparkline, the words beside both; and a report.json
// edited to hold hostile runway values, which are never drawn or rendered as markup. The
// browser test (html-report.browser.test.ts) renders the page of a real synth in Chromium.
import { Finding } from '../../src/policy/finding';
import { GateReport } from '../../src/policy/gate-report';
import { renderHtml } from '../../src/policy/html-report';
import { renderMarkdown } from '../../src/policy/markdown-report';
import { runwayChartData, runwaySparkline, runwaySvg, runwayWords } from '../../src/policy/runway-chart';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const at = (day: number): string => new Date(T0 + day * DAY).toISOString();

/** The finding of the linear-growth case of rules/runway.test.ts: 10 + 2d on days 0..9, limit 50, 11 days left. */
const finding = (over: Partial<Finding> = {}, runway: Record<string, unknown> = {}): Finding =>
  ({
    ruleId: 'instances-runway',
    kind: 'runway',
    description: 'instances lasts at least 14 days at its trend (last 30 days)',
    gate: 'prod/quota',
    stack: 'prod',
    sources: ['prod/usage'],
    status: 'fail',
    level: 'error',
    blocking: true,
    observed: 11,
    bound: 14,
    values: { minDays: 14, daysLeft: 11 },
    message: 'at +2/day (10 points over 9 days), instances reaches its limit 50 on 2026-01-25, in 11 days: sooner than the 14 days wanted.',
    runway: {
      verdict: 'runs-out',
      now: at(9),
      windowDays: 30,
      minDays: 14,
      limit: 50,
      points: [10, 12, 14, 16, 18, 20, 22, 24, 26, 28].map((used, d) => ({ at: at(d), used, limit: 50, fitted: true })),
      ratePerDay: 2,
      usedNow: 28,
      daysLeft: 11,
      projectedAt: at(20),
      ...runway,
    },
    ...over,
  }) as Finding;

const report = (findings: Finding[]): GateReport =>
  ({
    tool: 'cdktf-headroom',
    version: '0.1.0',
    schemaVersion: 2,
    generatedAt: at(9),
    run: { id: 'run-1', startedAt: at(9), finished: true },
    summary: { status: 'fail', rules: findings.length, errors: 1, warnings: 0, passed: 0, suppressed: 0 },
    gates: [{ path: 'prod/quota', stack: 'prod', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false, status: 'fail' }],
    findings,
    notices: [],
  }) as unknown as GateReport;

describe('the runway chart', () => {
  it('places every point, the limit, now and the trend by the numbers', () => {
    const d = runwayChartData(finding())!;
    const svg = runwaySvg(d, 'label', (s) => s);
    // Time runs from day 0 to 14 * 1.5 = 21 days after now (day 30): x = 4 + (day / 30) * 232.
    // Used runs from 0 to the largest of the points, the limit and the trend at the end (50), times 1.08 = 54: y = 68 - (used / 54) * 64.
    const circles = [...svg.matchAll(/<circle class="rw-point" cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(circles).toHaveLength(10);
    expect(circles[0]).toEqual([4, Math.round((68 - (10 / 54) * 64) * 100) / 100]); // day 0, 10 used: (4, 56.15)
    expect(circles[9]).toEqual([Math.round((4 + (9 / 30) * 232) * 100) / 100, Math.round((68 - (28 / 54) * 64) * 100) / 100]); // (73.6, 34.81)
    // The limit at 50: y = 68 - (50 / 54) * 64 = 8.74.
    expect(svg).toContain('<line class="rw-limit" x1="4" x2="236" y1="8.74" y2="8.74"');
    // Now (day 9) at x = 73.6; the days to last run to day 23, x = 4 + (23 / 30) * 232 = 181.87: 108.27 wide.
    expect(svg).toContain('<line class="rw-now" x1="73.6" x2="73.6"');
    expect(svg).toContain('<rect class="rw-must" x="73.6" y="4" width="108.27"');
    // The trend from day 0 (10) to where it meets the limit, day 20 (50): x = 158.67.
    expect(svg).toContain('<line class="rw-trend" x1="4" y1="56.15" x2="158.67" y2="8.74"');
    expect(svg).toContain('<path class="rw-out" d="M155.67 5.74L161.67 11.74M155.67 11.74L161.67 5.74"');
    expect(svg).toMatch(
      /^<svg class="runway" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 240 72" width="240" height="72" role="img" aria-label="label"><title>label<\/title>/,
    );
  });

  it('says it in words and as a sparkline scaled to the limit', () => {
    const d = runwayChartData(finding())!;
    expect(runwayWords(d)).toBe('+2/day: runs out 2026-01-25, in 11 days; 14 wanted (10 points fitted of 10)');
    // used / 50 * 8, rounded down, as a block from ▁ (0) to █ (7): 10 -> 1.6 -> ▂, 14 -> 2.24 -> ▃, 20 -> 3.2 -> ▄, 26 -> 4.16 -> ▅.
    expect(runwaySparkline(d)).toBe('▂▂▃▃▃▄▄▄▅▅');
    expect(
      runwaySparkline({
        ...d,
        points: [
          { t: 0, used: 0, limit: 50, fitted: true },
          { t: 1, used: 50, limit: 50, fitted: true },
          { t: 2, used: 70, limit: 50, fitted: true },
        ],
      }),
    ).toBe('▁██');
    expect(runwaySparkline(d, 3)).toBe('▄▅▅'); // the latest three
    const flat = runwayChartData(finding({}, { verdict: 'no-exhaustion', ratePerDay: 0, daysLeft: null, projectedAt: null }))!;
    expect(runwayWords(flat)).toBe('0/day: no exhaustion in sight (10 points fitted of 10)');
    expect(runwaySvg(flat, 'x', (s) => s)).not.toContain('rw-out');
    const little = runwayChartData(finding({}, { verdict: 'too-little', ratePerDay: null, usedNow: null, daysLeft: null, projectedAt: null, points: [] }))!;
    expect(runwayWords(little)).toBe('too little history (0 points fitted of 0); 14 days wanted');
  });

  it('draws points before a step hollow', () => {
    const d = runwayChartData(
      finding(
        {},
        {
          points: [
            { at: at(0), used: 30, limit: 50, fitted: false },
            { at: at(1), used: 10, limit: 50, fitted: true },
          ],
        },
      ),
    )!;
    const svg = runwaySvg(d, 'x', (s) => s);
    expect(svg).toContain('<circle class="rw-point rw-unfitted"');
    expect(svg.match(/rw-unfitted/g)).toHaveLength(1);
  });

  it('reads only what can be drawn: no chart for another kind or a time that is not one; bad points left out', () => {
    expect(runwayChartData(finding({ kind: 'custom' }))).toBeUndefined();
    expect(runwayChartData(finding({ runway: undefined }))).toBeUndefined();
    expect(runwayChartData(finding({}, { now: '<script>' }))).toBeUndefined();
    // Date.parse reads much that is no time ('x 4' is a date in V8): only ISO 8601 times are times here.
    expect(runwayChartData(finding({}, { now: '"><img src=x onerror="window.__pwned = 4">' }))).toBeUndefined();
    expect(runwayChartData(finding({}, { now: '2026-01-14' }))).toBeUndefined();
    expect(runwayChartData(finding({}, { minDays: '14' }))).toBeUndefined();
    const d = runwayChartData(
      finding(
        {},
        {
          points: [
            { at: '"><img src=x>', used: 1, limit: 50 },
            { at: at(1), used: '2" onload="x', limit: 50 },
            { at: at(2), used: 3, limit: 50, fitted: true },
            null,
          ],
          ratePerDay: '<b>',
        },
      ),
    )!;
    expect(d.points).toEqual([{ t: T0 + 2 * DAY, used: 3, limit: 50, fitted: true }]);
    expect(d.ratePerDay).toBeUndefined();
  });
});

describe('the reports with a runway rule', () => {
  it('HTML: the SVG and the words in the bar cell, the days left beside, the message escaped; the page allows nothing to be fetched', () => {
    const html = renderHtml(report([finding({ message: 'runs out <soon> & "then"' })]));
    expect(html).toContain('<td class="bar-cell"><svg class="runway"');
    expect(html).toContain(
      '<span class="bar-text">+2/day: runs out 2026-01-25, in 11 days; 14 wanted (10 points fitted of 10)</span></td><td class="left"><strong class="left-main">11 days left</strong></td>',
    );
    expect(html).toContain('runs out &lt;soon&gt; &amp; &quot;then&quot;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"`);
    expect(html).not.toMatch(/<script|<img|href=|src=/);
    const none = renderHtml(report([finding({}, { verdict: 'no-exhaustion', daysLeft: null, projectedAt: null })]));
    expect(none).toContain('<strong class="left-main">no exhaustion in sight</strong>');
    const little = renderHtml(report([finding({}, { verdict: 'too-little', ratePerDay: null, daysLeft: null, projectedAt: null })]));
    expect(little).toContain('not known yet: too little history');
    const at0 = renderHtml(report([finding({}, { daysLeft: 0, projectedAt: at(9) })]));
    expect(at0).toContain('none: at the limit');
  });

  it('HTML: a hostile label is text', () => {
    const d = runwayChartData(finding())!;
    const svg = runwaySvg(d, '"><script>x</script>', (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('aria-label="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
  });

  it('Markdown: the sparkline and the words in the Usage column, and a line that says how to read them', () => {
    const md = renderMarkdown(report([finding()]));
    expect(md).toContain('| `▂▂▃▃▃▄▄▄▅▅` +2/day: runs out 2026-01-25, in 11 days; 14 wanted (10 points fitted of 10) |');
    expect(md).toContain('<sub>Runway: the history of used, oldest first, from `▁` (none) to `█` (at the limit)');
    const little = renderMarkdown(report([finding({}, { verdict: 'too-little', points: [], ratePerDay: null })]));
    expect(little).toContain('| too little history (0 points fitted of 0); 14 days wanted |');
  });
});
