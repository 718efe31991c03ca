import { renderHtml } from '../../src/policy/html-report';
import { GateReport } from '../../src/policy/gate-report';
import { Finding } from '../../src/policy/finding';
import { FINISHED_RUN, reportJson } from '../_helpers/report-builders';

// The page's text and structure without a browser; the browser test
// (html-report.browser.test.ts) checks how it is drawn.

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: 'r',
    kind: 'at-most',
    description: 'at most 80',
    gate: 'prod/quota',
    stack: 'prod',
    sources: [],
    status: 'pass',
    level: 'error',
    blocking: false,
    observed: 42,
    bound: 80,
    values: { value: 42, max: 80 },
    message: '42 is within the maximum 80.',
    ...over,
  };
}

/** A report of gate prod/quota holding `findings` (its summary counts none: the renderer takes it as given). */
function report(findings: Finding[], run: GateReport['run'] = FINISHED_RUN): GateReport {
  const gates = [{ path: 'prod/quota', stack: 'prod', enforceAtPlan: true, enforceAtSynth: true, failOnWarnings: false, status: 'pass' }];
  const summary = { rules: 0, passed: 0, errors: 0, warnings: 0, suppressed: 0, blocking: 0, status: 'pass' };
  return reportJson(findings, { run, gates, summary }) as unknown as GateReport;
}

describe('renderHtml', () => {
  it('never shows a pass for a synth that did not finish, and says why', () => {
    const html = renderHtml(report([finding({})], { id: 'r1', startedAt: '2025-01-01T00:00:00.000Z', finished: false, error: 'Error: <boom>' }));
    expect(html).toContain('SYNTH DID NOT FINISH</span></h1>');
    expect(html).not.toContain('PASS</span></h1>');
    expect(html).toContain('<strong>The synth did not finish</strong>, so nothing here can pass: Error: &lt;boom&gt;');
    expect(html).toContain('for synth run r1.');
  });

  it('is one self-contained page: no script, nothing to fetch, a policy that forbids fetching', () => {
    const html = renderHtml(report([finding({})]));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import|https?:\/\//i);
    expect(html).toContain('@media print');
  });

  it('escapes every value from the report, in text and in attributes', () => {
    const evil = `<script>alert("x")</script> & 'q'`;
    const html = renderHtml(
      report([
        finding({
          ruleId: evil,
          gate: evil,
          description: evil,
          message: evil,
          status: 'fail',
          suppression: { reason: evil, scope: evil, expires: evil, expired: true },
        }),
      ]),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(`"x"`);
    expect(html).toContain('data-rule="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"');
    expect(html).toContain('<p class="message">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>');
  });

  it('lists violations, then warnings, suppressed and passed rules, each with its verdict word', () => {
    const html = renderHtml(
      report([
        finding({ ruleId: 'p' }),
        finding({ ruleId: 's', status: 'suppressed', suppression: { reason: 'ticket OPS-1 approved', scope: 'prod', expires: '2999-01-01', expired: false } }),
        finding({ ruleId: 'w', status: 'fail', level: 'warning' }),
        finding({ ruleId: 'v', status: 'fail', level: 'error', blocking: true }),
      ]),
    );
    const order = [...html.matchAll(/data-verdict="(\w+)" data-rule="(\w)"/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(order).toEqual(['v:violation', 'w:warning', 's:suppressed', 'p:pass']);
    expect(html).toContain('<strong>Suppressed</strong> on <code>prod</code> until 2999-01-01: ticket OPS-1 approved</p>');
    expect(html).toContain('<title>cdktf-headroom: FAIL, 1 violation, 1 warning, 1 passed, 1 suppressed</title>');
    expect(html).toContain('<td>synth and plan</td>');
  });

  it('says where the numbers came from, or that they were given in code', () => {
    const html = renderHtml(
      report([
        finding({
          ruleId: 'a',
          sources: ['prod/usage'],
          provenance: [
            {
              source: 'prod/usage',
              kind: 'qingcloud:GetProjectResourceStat',
              cloud: 'qingcloud',
              api: 'GetProjectResourceStat',
              query: { projectId: 'pj-1' },
              mode: 'offline',
              answeredFrom: 'record',
              fetchedAt: '2025-01-01T10:20:30.000Z',
              failed: false,
            },
          ],
        }),
        finding({ ruleId: 'b' }),
      ]),
    );
    expect(html).toContain(
      '<span class="api"><strong>QingCloud</strong> GetProjectResourceStat</span>\n<span class="how"><span class="mode">offline</span> · read from the lookup record</span>\n<span>fetched <time datetime="2025-01-01T10:20:30.000Z">2025-01-01 10:20:30 UTC</time></span>',
    );
    expect(html).toContain('<span class="kv">projectId <code>pj-1</code></span>');
    expect(html).toContain('values given in the stack’s code (no lookup)');
  });

  it('says so when there are no rules', () => {
    expect(renderHtml(report([]))).toContain('<p>No rules were declared.</p>');
  });
});
