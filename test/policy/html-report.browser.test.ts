/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, TerraformStack } from 'cdktf';
import type { Browser, Page } from 'playwright-core';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { runCli } from '../../src/cli/main';
import { FAIL_ON_WARNINGS_ENV } from '../../src/policy/fail-on-warnings';
import { Gate } from '../../src/policy/gate';
import { Headroom } from '../../src/policy/headroom';
import { Rule } from '../../src/policy/rule';
import { Suppressions } from '../../src/policy/suppressions';
import { fakeQingCloudRow, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { describeWithChromium, launchChromium } from '../_helpers/chromium';
import { isolatedEnv, useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

// The bundled fake data: QingCloud 42 instances and 84 vCPUs; UCloud cn-bj2 peak 95.125 Mbps;
// Huawei HSS 3 idle, usable enterprise-edition quotas.
const ALL_EPS = { enterpriseProjectId: 'all_granted_eps' } as const;
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const SUPPRESSION_REASON = 'HSS enterprise order HSS-88 approved; lands next sprint';

/** What one row of the findings table looks like in the browser: its text, and where its bar's parts are drawn (fractions of the track). */
interface DrawnRow {
  rule: string;
  verdict: string;
  text: string;
  source: string;
  fill?: number;
  fillLeft?: number;
  marks: Record<string, number>;
  need?: [number, number];
}

/** Reads every row of the findings table, measuring the bars with getBoundingClientRect. */
async function drawnRows(page: Page): Promise<DrawnRow[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLTableRowElement>('table.findings > tbody > tr')].map((tr) => {
      const track = tr.querySelector<HTMLElement>('.track');
      const row: DrawnRow = {
        rule: tr.dataset.rule ?? '',
        verdict: tr.querySelector('.verdict-cell .verdict')?.textContent ?? '',
        // Text as copied or read aloud: each part separated by white space.
        text: (tr.textContent ?? '').replace(/\s+/g, ' ').trim(),
        source: (tr.querySelector('td.source')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        marks: {},
      };
      if (!track) return row;
      // Parts are positioned in the track's padding box: inside its border.
      const box = track.getBoundingClientRect();
      const left = box.left + track.clientLeft;
      const width = track.clientWidth;
      const at = (x: number): number => (x - left) / width;
      const fill = track.querySelector('.fill')!.getBoundingClientRect();
      row.fill = fill.width / width;
      row.fillLeft = at(fill.left);
      for (const m of track.querySelectorAll<HTMLElement>('.mark')) {
        const r = m.getBoundingClientRect();
        row.marks[[...m.classList].find((c) => c !== 'mark')!] = at(r.left + r.width / 2);
      }
      const need = track.querySelector('.need')?.getBoundingClientRect();
      if (need) row.need = [at(need.left), need.width / width];
      return row;
    }),
  );
}

/** Opens a file with every request the page makes counted. */
async function open(
  browser: Browser,
  file: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; requests: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  return { page, requests, close: () => context.close() };
}

describeWithChromium('the HTML report in a real browser (chromium)', () => {
  jest.setTimeout(120_000); // a browser on a shared, busy machine
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud(), { [FAIL_ON_WARNINGS_ENV]: undefined }));

  let browser: Browser;
  let outdir: string;
  let synthError: string;
  let recordedHssAt: string;

  beforeAll(async () => {
    // A first synth records the HSS lookup, so the second can answer it from the record (cached).
    const first = new TerraformStack(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-html-')) }), 'prod');
    recordedHssAt = new QuotaDetail(first, 'hss', ALL_EPS).fetchedAt;

    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-html-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'prod');
    const usage = new ProjectResourceStat(stack, 'usage', FAKE_QINGCLOUD_PROJECT);
    const bw = new EipBandwidthUsage(stack, 'bw', { region: 'cn-bj2' });
    const hss = new QuotaDetail(stack, 'hss', { ...ALL_EPS, lookupMode: 'cached' });
    new Gate(stack, 'quota', {
      // Declared pass, warning, suppressed, violation: the page must list them the other way round.
      rules: [
        Rule.fits('qingcloud-instances', Headroom.of({ used: () => usage.totals.instanceCount, limit: 50, source: usage }), { need: 5 }),
        Rule.utilization(
          'qingcloud-vcpus',
          { used: () => usage.totals.vcpusCount, limit: 100, source: usage, name: 'qingcloud vcpus' },
          { warnAt: 0.8, failAt: 0.95 },
        ),
        Rule.atLeast('hss-enterprise-idle', () => hss.idleQuotaFor('hss.version.enterprise'), 5, { source: hss }),
        Rule.atMost('eip-peak-mbps', () => bw.maxMbps, 80, { source: bw }),
      ],
    });
    Suppressions.of(stack).add('hss-enterprise-idle', { reason: SUPPRESSION_REASON, expires: '2999-01-31' });
    synthError = thrownBy(() => app.synth()).message;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('is written by the synth beside the other reports, as one file', () => {
    expect(synthError).toContain('cdktf synth stopped by 1 gate violation: rule');
    expect(fs.readdirSync(path.join(outdir, 'headroom')).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md', 'report.sarif']);
  });

  it('draws each bar to its numbers, lists violations first, and says every verdict in words, with JavaScript off', async () => {
    const { page, requests, close } = await open(browser, path.join(outdir, 'headroom', 'report.html'), { javaScriptEnabled: false });
    try {
      const rows = await drawnRows(page);
      expect(rows.map((r) => [r.rule, r.verdict])).toEqual([
        ['eip-peak-mbps', 'violation'],
        ['qingcloud-vcpus', 'warning'],
        ['hss-enterprise-idle', 'suppressed'],
        ['qingcloud-instances', 'pass'],
      ]);
      const [eip, vcpus, hss, instances] = rows;
      const trackWidth = await page.evaluate(() => document.querySelector<HTMLElement>('.track')!.clientWidth);
      expect(trackWidth).toBeGreaterThan(150);
      // Each part within a pixel and a half of where its numbers put it.
      const close1 = (actual: number | undefined, expected: number): void => {
        expect(actual).toBeDefined();
        expect(Math.abs(actual! - expected) * trackWidth).toBeLessThanOrEqual(1.5);
      };
      // 95.125 Mbps against a maximum of 80: the bar's scale is 95.125, the limit mark at 80 of it.
      close1(eip.fill, 1);
      close1(eip.marks['mark-limit'], 80 / 95.125);
      // 84 of 100 vCPUs, warning band from 80, failure band from 95.
      close1(vcpus.fill, 0.84);
      close1(vcpus.marks['mark-warn'], 0.8);
      close1(vcpus.marks['mark-fail'], 0.95);
      close1(vcpus.marks['mark-limit'], 1);
      // 3 idle enterprise quotas against a minimum of 5.
      close1(hss.fill, 3 / 5);
      close1(hss.marks['mark-limit'], 1);
      // 42 of 50 instances, and the 5 the stack needs drawn after them.
      close1(instances.fill, 42 / 50);
      close1(instances.fillLeft, 0);
      close1(instances.need?.[0], 42 / 50);
      close1(instances.need?.[1], 5 / 50);

      // The numbers and what is left, in text beside each bar.
      expect(eip.text).toContain('95.125 of 80 used (118.9%)');
      expect(eip.text).toContain('over by 15.125');
      expect(vcpus.text).toContain('84 of 100 used (84%) · warn at 80 (80%) · fail at 95 (95%)');
      expect(vcpus.text).toContain('16 left');
      expect(vcpus.text).toContain('does not fail the pipeline');
      expect(hss.text).toContain('3 there, minimum 5 (60%)');
      expect(hss.text).toContain('short by 2');
      expect(hss.text).toContain('until 2999-01-31');
      expect(hss.text).toContain(`Suppressed on prod until 2999-01-31: ${SUPPRESSION_REASON}`);
      expect(instances.text).toContain('42 of 50 used (84%) · need 5 more');
      expect(instances.text).toContain('after the 5 needed: 3 to spare');

      // Where the numbers came from: cloud, API, query, fetch time, live or cached.
      expect(eip.source).toMatch(
        /^UCloud DescribeBandwidthUsage live · asked the cloud fetched \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC region cn-bj2 at http:\/\/127\.0\.0\.1:\d+\/ lookup prod\/bw$/,
      );
      expect(instances.source).toContain('QingCloud GetProjectResourceStat');
      expect(instances.source).toContain('projectId pj-xzvlxlb5');
      expect(hss.source).toContain('Huawei Cloud ListQuotasDetail');
      expect(hss.source).toContain('cached · read from the lookup record');
      expect(hss.source).toContain(`fetched ${recordedHssAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`);

      // Nothing but the file itself was requested, and nothing could be: no script, no external resource.
      expect(requests).toEqual([pathToFileURL(path.join(outdir, 'headroom', 'report.html')).href]);
      expect(await page.evaluate(() => document.querySelectorAll('script, link, img, iframe, object, embed, [src], [href]').length)).toBe(0);

      // A real table for screen readers: headers, and one row header per rule.
      expect(await page.evaluate(() => [...document.querySelectorAll('table.findings thead th')].map((th) => th.textContent))).toEqual([
        'Verdict',
        'Rule',
        'Used against the limit',
        'Headroom left',
        'Numbers from',
        'Details',
      ]);
      expect(await page.evaluate(() => document.querySelectorAll('table.findings tbody th[scope="row"]').length)).toBe(4);

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });
      expect(shot.subarray(1, 4).toString()).toBe('PNG');
      if (process.env.HEADROOM_UPDATE_SCREENSHOT === '1') {
        await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'report.png'), fullPage: true });
      }
    } finally {
      await close();
    }
  });

  it('prints with its bars: colours kept, widths the same, one PDF', async () => {
    const { page, close } = await open(browser, path.join(outdir, 'headroom', 'report.html'), { javaScriptEnabled: false });
    try {
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const fill = document.querySelector<HTMLElement>('tr[data-rule="qingcloud-vcpus"] .fill')!;
        const track = fill.parentElement!;
        return {
          adjust: getComputedStyle(fill).printColorAdjust,
          background: getComputedStyle(fill).backgroundColor,
          share: fill.getBoundingClientRect().width / track.clientWidth,
        };
      });
      expect(printed.adjust).toBe('exact');
      expect(printed.background).not.toBe('rgba(0, 0, 0, 0)');
      expect(Math.abs(printed.share - 0.84)).toBeLessThan(0.01);
      const pdf = await page.pdf();
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, 'html-report.pdf'), pdf);
    } finally {
      await close();
    }
  });

  it('renders values that would break a page as text: markup, quotes, unicode, long names, zero and huge limits', async () => {
    const evil = '<script>window.__pwned = 1</script>';
    const longGate = `prod/${'a-very-long-gate-name-'.repeat(20)}end`;
    const finding = (over: object): object => ({
      kind: 'at-most',
      description: 'at most 80',
      gate: 'prod/quota',
      stack: 'prod',
      sources: [],
      level: 'error',
      blocking: false,
      observed: null,
      bound: null,
      values: {},
      message: 'ok',
      ...over,
    });
    const report = {
      tool: 'cdktf-headroom',
      version: '0.1.0"><b>v</b>',
      schemaVersion: 2,
      generatedAt: '2025-01-01T00:00:00.000Z',
      run: { id: '<b>run</b>', startedAt: '2025-01-01T00:00:00.000Z', finished: true },
      summary: {},
      gates: [{ path: longGate, stack: '<i>prod</i>', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false, status: 'pass' }],
      findings: [
        finding({ ruleId: 'huge-limit', status: 'pass', values: { value: 42, max: 1e15 }, observed: 42, bound: 1e15, message: '42 is within the maximum.' }),
        finding({
          ruleId: evil,
          kind: 'custom',
          gate: longGate,
          status: 'fail',
          blocking: true,
          description: '"><img src=x onerror="window.__pwned = 2">',
          message: `</td></tr></table><script>window.__pwned = 3</script> 'single' "double" & \u202ERTL 漢字 🚀 \u0007bell`,
          observed: '<b>bold</b>',
          bound: "it's",
        }),
        finding({
          ruleId: 'zero-limit',
          kind: 'utilization',
          status: 'fail',
          blocking: true,
          values: { used: 0, limit: 0, utilization: 1, failAt: 0.9 },
          observed: 1,
          bound: 0.9,
          message: '100% used (0 of 0).',
          provenance: [
            {
              source: 'prod/<usage>',
              kind: 'qingcloud:GetProjectResourceStat',
              cloud: 'qingcloud',
              api: 'GetProjectResourceStat',
              query: { projectId: evil },
              mode: 'live',
              answeredFrom: 'cloud',
              fetchedAt: '2025-01-01T00:00:00.000Z',
              failed: false,
            },
          ],
          sources: ['prod/<usage>'],
        }),
        finding({
          ruleId: 'over-zero',
          kind: 'utilization',
          status: 'suppressed',
          values: { used: 5, limit: 0, utilization: 'Infinity', warnAt: 0.8 },
          observed: 'Infinity',
          bound: 0.8,
          suppression: { reason: '<b>not bold</b> & fine', scope: 'prod', expires: '2030-01-01', expired: false },
        }),
        finding({
          ruleId: 'hostile-runway',
          kind: 'runway',
          status: 'pass',
          message: `runs out ${evil}`,
          runway: {
            verdict: '<b>runs-out</b>',
            now: '2025-01-10T00:00:00.000Z',
            minDays: 14,
            limit: 50,
            points: [
              { at: '"><img src=x onerror="window.__pwned = 4">', used: 1, limit: 50, fitted: true },
              { at: '2025-01-01T00:00:00.000Z', used: '2"/><script>window.__pwned = 5</script>', limit: 50, fitted: true },
              { at: '2025-01-02T00:00:00.000Z', used: 20, limit: 50, fitted: true },
              { at: '2025-01-09T00:00:00.000Z', used: 30, limit: 50, fitted: true },
            ],
            ratePerDay: '<b>fast</b>',
            usedNow: 30,
            daysLeft: 1e308,
            projectedAt: '<i>soon</i>',
          },
        }),
      ],
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-evil-'));
    const json = path.join(dir, 'report.json');
    fs.writeFileSync(json, JSON.stringify(report));
    let out = '';
    let err = '';
    const code = await runCli(['check', '--report', json, '--format', 'html'], { out: (t) => (out += t), err: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toContain('html report: none');
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, out);

    const { page, requests, close } = await open(browser, file); // JavaScript on: an injected script would run
    try {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.evaluate(() => document.querySelectorAll('script, img, b, i, iframe, object, embed, [src], [href]').length)).toBe(0);
      expect(await page.evaluate(() => [...document.querySelectorAll('*')].flatMap((e) => e.getAttributeNames()).filter((a) => a.startsWith('on')))).toEqual(
        [],
      );
      expect(requests).toEqual([pathToFileURL(file).href]);

      const rows = await drawnRows(page);
      expect(rows.map((r) => [r.rule, r.verdict])).toEqual([
        [evil, 'violation'],
        ['zero-limit', 'violation'],
        ['over-zero', 'suppressed'],
        ['huge-limit', 'pass'],
        ['hostile-runway', 'pass'],
      ]);
      const [custom, zero, overZero, huge, hostileRunway] = rows;
      // Only the two points with a time and a number are drawn; the rest of the runway is words.
      expect(await page.evaluate(() => document.querySelectorAll('tr[data-rule="hostile-runway"] svg.runway circle').length)).toBe(2);
      expect(hostileRunway.text).toContain(`runs out ${evil}`);
      expect(custom.text).toContain(evil);
      expect(custom.text).toContain('"><img src=x onerror="window.__pwned = 2">');
      // Control characters show as U+FFFD; a right-to-left override is shown, not obeyed.
      expect(custom.text).toContain(`</td></tr></table><script>window.__pwned = 3</script> 'single' "double" & [U+202E]RTL 漢字 🚀 \uFFFDbell`);
      expect(custom.text).toContain("observed <b>bold</b> · bound it's");
      expect(custom.fill).toBeUndefined(); // no numbers to draw
      expect(zero.text).toContain('0 of 0 used (a zero limit counts as full)');
      expect(zero.fill).toBeCloseTo(0, 5);
      expect(zero.marks['mark-limit']).toBeCloseTo(0, 2);
      expect(zero.source).toContain(`projectId ${evil}`);
      expect(zero.source).toContain('lookup prod/<usage>');
      expect(overZero.text).toContain('5 of 0 used (over a zero limit)');
      expect(overZero.text).toContain('<b>not bold</b> & fine');
      expect(overZero.fill).toBeCloseTo(1, 2);
      expect(huge.text).toContain('42 of 1,000,000,000,000,000 used (<0.1%)');
      expect(huge.fill! * 1000).toBeLessThan(1);

      expect(await page.title()).toBe('cdktf-headroom: FAIL, 2 violations, 0 warnings, 2 passed, 1 suppressed');
      expect(await page.evaluate(() => document.querySelector('.meta')!.textContent)).toContain('cdktf-headroom 0.1.0"><b>v</b> at 2025-01-01 00:00:00 UTC');
      expect(await page.evaluate(() => document.querySelector('table.gates tbody')!.textContent)).toContain(`${longGate}<i>prod</i>`);
      // A very long name wraps: the page never needs a horizontal scroll bar.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'html-report-hostile.png'), fullPage: true });
    } finally {
      await close();
    }
  });

  it('draws a runway rule as an inline SVG: the history, the limit, the trend to where it meets the limit; nothing fetched, JavaScript off', async () => {
    // Ten live synths, one a day, while the cloud's instance count grows 10 + 2d: 11 days left
    // (see rules/runway.test.ts), a violation with 14 wanted.
    const day = (d: number): string => new Date(Date.parse('2026-01-05T00:00:00.000Z') + d * 86_400_000).toISOString();
    const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-runway-html-')), 'cdktf.lookups.json');
    const saved = { file: process.env.HEADROOM_LOOKUP_RECORD_FILE };
    process.env.HEADROOM_LOOKUP_RECORD_FILE = record;
    let runwayOut = '';
    try {
      for (let d = 0; d <= 9; d++) {
        await cloud().updateData((data) => {
          const rows = data.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows;
          rows.splice(0, rows.length, fakeQingCloudRow('rg-a', 10 + 2 * d));
        });
        process.env.HEADROOM_TEST_NOW = day(d);
        runwayOut = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-runway-html-out-'));
        const app = new App({ outdir: runwayOut });
        const stack = new TerraformStack(app, 'prod');
        const usage = new ProjectResourceStat(stack, 'usage', FAKE_QINGCLOUD_PROJECT);
        const instances = Headroom.of({ name: 'instances', used: () => usage.totals.instanceCount, limit: 50, source: usage });
        new Gate(stack, 'quota', { rules: [Rule.runway('instances-runway', instances, { minDays: 14 })], enforceAtSynth: false });
        app.synth();
      }
    } finally {
      delete process.env.HEADROOM_TEST_NOW;
      process.env.HEADROOM_LOOKUP_RECORD_FILE = saved.file;
      await cloud().reset();
    }
    const { page, requests, close } = await open(browser, path.join(runwayOut, 'headroom', 'report.html'), { javaScriptEnabled: false });
    try {
      const chart = await page.evaluate(() => {
        const svg = document.querySelector<SVGSVGElement>('tr[data-rule="instances-runway"] svg.runway')!;
        const box = svg.getBoundingClientRect();
        const centre = (e: Element): [number, number] => {
          const r = e.getBoundingClientRect();
          return [r.left + r.width / 2 - box.left, r.top + r.height / 2 - box.top];
        };
        return {
          size: [box.width, box.height],
          label: svg.getAttribute('aria-label'),
          points: [...svg.querySelectorAll('circle.rw-point')].map(centre),
          limitY: centre(svg.querySelector('line.rw-limit')!)[1],
          out: centre(svg.querySelector('path.rw-out')!),
          row: (document.querySelector('tr[data-rule="instances-runway"]')!.textContent ?? '').replace(/\s+/g, ' '),
        };
      });
      expect(chart.size).toEqual([240, 72]);
      expect(chart.label).toBe('+2/day: runs out 2026-01-25, in 11 days; 14 wanted (10 points fitted of 10)');
      expect(chart.points).toHaveLength(10);
      // Drawn left to right in time, each higher on the page than the one before (usage grows).
      for (let i = 1; i < 10; i++) {
        expect(chart.points[i][0]).toBeGreaterThan(chart.points[i - 1][0]);
        expect(chart.points[i][1]).toBeLessThan(chart.points[i - 1][1]);
      }
      // The limit is above every point; the cross where the trend meets it sits on it, after now (day 20 of 0..30).
      expect(chart.limitY).toBeLessThan(chart.points[9][1]);
      expect(Math.abs(chart.out[1] - chart.limitY)).toBeLessThanOrEqual(1);
      expect(chart.out[0]).toBeCloseTo(4 + (20 / 30) * 232, 0);
      expect(chart.row).toContain('violation');
      expect(chart.row).toContain('11 days left');
      expect(chart.row).toContain('reaches its limit 50 on 2026-01-25, in 11 days: sooner than the 14 days wanted.');
      expect(requests).toEqual([pathToFileURL(path.join(runwayOut, 'headroom', 'report.html')).href]);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator('tr[data-rule="instances-runway"]').screenshot({ path: path.join(ARTIFACTS, 'html-report-runway.png') });
    } finally {
      await close();
    }
  });
});
