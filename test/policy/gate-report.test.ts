// The verdict of a gate report and the exit code of `cdktf-headroom check` (issue #17),
// decided in-process (policy/check-report.ts; reports built and read by policy/gate-report.ts): every combination
// of errors, warnings, suppressions, an unfinished synth and failing on warnings, on
// reports written out here (never by the code under test).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../src/core/errors';
import { checkGateReport, checkVerdict, exitCodeFor } from '../../src/policy/check-report';
import { Finding } from '../../src/policy/finding';
import { buildGateReport, GateReport, packageVersion, parseGateReport, readGateReport, summarize } from '../../src/policy/gate-report';
import { reportFinding, reportJson } from '../_helpers/report-builders';
import { thrownOfClass } from '../_helpers/rejection';

const finding = reportFinding;

const FINISHED = { id: 'run-1', startedAt: '2025-01-01T00:00:00.000Z', finished: true };
const UNFINISHED = { id: 'run-2', startedAt: '2025-01-01T00:00:00.000Z', finished: false, error: 'Error: boom' };

const reportWith = (findings: Finding[], run: object = FINISHED, extra: Record<string, unknown> = {}) => reportJson(findings, { run, gates: [], ...extra });

function parsed(findings: Finding[], run: object = FINISHED): GateReport {
  return parseGateReport(JSON.stringify(reportWith(findings, run)), 'report.json');
}

const inputErrorOf = (fn: () => unknown): InputError => thrownOfClass(InputError, fn);

describe('gate report verdicts', () => {
  describe('summarize', () => {
    it('counts each kind of finding apart', () => {
      const s = summarize([
        finding('p1', 'pass', 'error'),
        finding('p2', 'pass', 'warning'),
        finding('e1', 'fail', 'error'),
        finding('w1', 'fail', 'warning', false),
        finding('w2', 'fail', 'warning', true),
        finding('s1', 'suppressed', 'error', false),
        finding('s2', 'suppressed', 'warning', false),
      ]);
      expect(s).toEqual({ rules: 7, passed: 2, errors: 1, warnings: 2, suppressed: 2, blocking: 2, status: 'fail' });
    });

    it('is pass with nothing failing; a suppressed failure is not a warning', () => {
      expect(summarize([]).status).toBe('pass');
      expect(summarize([finding('p', 'pass', 'warning'), finding('s', 'suppressed', 'error', false)]).status).toBe('pass');
    });

    it('is warn with warnings only, fail with one error among warnings', () => {
      expect(summarize([finding('w', 'fail', 'warning', false)]).status).toBe('warn');
      expect(summarize([finding('w', 'fail', 'warning', true)]).status).toBe('warn');
      expect(summarize([finding('w', 'fail', 'warning'), finding('e', 'fail', 'error')]).status).toBe('fail');
    });

    it('with an unfinished run: unfinished unless there are errors, even with warnings or nothing at all', () => {
      expect(summarize([], UNFINISHED).status).toBe('unfinished');
      expect(summarize([finding('w', 'fail', 'warning')], UNFINISHED).status).toBe('unfinished');
      expect(summarize([finding('e', 'fail', 'error')], UNFINISHED).status).toBe('fail');
      expect(summarize([finding('w', 'fail', 'warning')], FINISHED).status).toBe('warn');
    });
  });

  describe('buildGateReport', () => {
    it('gives each gate its own verdict and the app the overall one', () => {
      const gate = (p: string) => ({ path: p, stack: 'stack', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false });
      const r = buildGateReport(
        [
          { gate: gate('stack/a'), findings: [finding('a', 'pass', 'error')] },
          { gate: gate('stack/b'), findings: [finding('b', 'fail', 'warning')] },
          { gate: gate('stack/c'), findings: [finding('c', 'fail', 'error')] },
        ],
        '2025-01-02T00:00:00.000Z',
        FINISHED,
      );
      expect(r.gates.map((g) => [g.path, g.status])).toEqual([
        ['stack/a', 'pass'],
        ['stack/b', 'warn'],
        ['stack/c', 'fail'],
      ]);
      expect(r.summary.status).toBe('fail');
      expect(r.findings.map((f) => f.ruleId)).toEqual(['a', 'b', 'c']);
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
      expect(r).toMatchObject({
        tool: 'cdktf-headroom',
        version: pkg.version,
        schemaVersion: 2,
        generatedAt: '2025-01-02T00:00:00.000Z',
        run: FINISHED,
        notices: [],
      });
    });

    it('never gives a gate the status unfinished: only the app is', () => {
      const r = buildGateReport(
        [{ gate: { path: 'stack/a', stack: 'stack', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false }, findings: [] }],
        '2025-01-02T00:00:00.000Z',
        UNFINISHED,
      );
      expect(r.gates[0].status).toBe('pass');
      expect(r.summary.status).toBe('unfinished');
    });

    it('carries the version of the package.json it ships with', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
      expect(packageVersion()).toBe(pkg.version);
      expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    });
  });

  describe('checkVerdict and exitCodeFor: the exit code of each combination', () => {
    const cases: Array<[string, Finding[], object, boolean, number, string]> = [
      ['nothing at all', [], FINISHED, false, 0, 'pass'],
      ['passes only', [finding('p', 'pass', 'error')], FINISHED, false, 0, 'pass'],
      ['a suppressed error', [finding('s', 'suppressed', 'error', false)], FINISHED, true, 0, 'pass'],
      ['a warning', [finding('w', 'fail', 'warning')], FINISHED, false, 0, 'pass'],
      ['a warning, failing on warnings', [finding('w', 'fail', 'warning')], FINISHED, true, 1, '1 warning(s), failing on warnings'],
      ['a warning a gate was failing on at synth', [finding('w', 'fail', 'warning', true)], FINISHED, false, 1, '1 warning(s), failing on warnings'],
      [
        'a warning a gate was failing on, beside a pass and a warning of a gate that was not',
        [finding('p', 'pass', 'error'), finding('w1', 'fail', 'warning', false), finding('w2', 'fail', 'warning', true)],
        FINISHED,
        false,
        1,
        '2 warning(s), failing on warnings',
      ],
      [
        'two warnings, failing on warnings',
        [finding('w1', 'fail', 'warning'), finding('w2', 'fail', 'warning')],
        FINISHED,
        true,
        1,
        '2 warning(s), failing on warnings',
      ],
      ['an error', [finding('e', 'fail', 'error')], FINISHED, false, 2, '1 violation(s)'],
      ['an error and a warning, failing on warnings', [finding('e', 'fail', 'error'), finding('w', 'fail', 'warning')], FINISHED, true, 2, '1 violation(s)'],
      ['passes in an unfinished synth', [finding('p', 'pass', 'error')], UNFINISHED, false, 2, 'the last synth did not finish: Error: boom'],
      [
        'a warning in an unfinished synth, failing on warnings',
        [finding('w', 'fail', 'warning')],
        UNFINISHED,
        true,
        2,
        'the last synth did not finish: Error: boom',
      ],
      [
        'two errors in an unfinished synth',
        [finding('e1', 'fail', 'error'), finding('e2', 'fail', 'error')],
        UNFINISHED,
        false,
        2,
        '2 violation(s); the last synth did not finish: Error: boom',
      ],
    ];
    it.each(cases)('%s', (_name, findings, run, failOnWarnings, code, reason) => {
      const report = parsed(findings, run);
      expect(checkVerdict(report, { failOnWarnings })).toEqual({ code, reason });
      expect(exitCodeFor(report, { failOnWarnings })).toBe(code);
    });

    it('does not fail on warnings unless asked: the default options', () => {
      const report = parsed([finding('w', 'fail', 'warning')]);
      expect(checkVerdict(report)).toEqual({ code: 0, reason: 'pass' });
      expect(exitCodeFor(report)).toBe(0);
    });

    it('a blocking flag on a pass or an error-level finding does not make a warning block', () => {
      // Only a failed *warning* marked blocking says a gate was failing on warnings.
      const report = parsed([finding('w', 'fail', 'warning', false), finding('s', 'suppressed', 'warning', true), finding('p', 'pass', 'warning', true)]);
      expect(checkVerdict(report)).toEqual({ code: 0, reason: 'pass' });
    });

    it('an unfinished synth without a recorded reason says so', () => {
      const report = parsed([], { id: 'r', startedAt: '2025-01-01T00:00:00.000Z', finished: false });
      expect(checkVerdict(report)).toEqual({
        code: 2,
        reason: 'the last synth did not finish: no reason was recorded (it stopped before app.synth() ended, or was killed)',
      });
    });
  });

  describe('parseGateReport', () => {
    it('recomputes the summary from the findings and the run: an edited summary cannot pass', () => {
      const text = JSON.stringify(
        reportWith([finding('e', 'fail', 'error')], FINISHED, {
          summary: { rules: 1, passed: 1, errors: 0, warnings: 0, suppressed: 0, blocking: 0, status: 'pass' },
        }),
      );
      const r = parseGateReport(text, 'r.json');
      expect(r.summary).toEqual({ rules: 1, passed: 0, errors: 1, warnings: 0, suppressed: 0, blocking: 1, status: 'fail' });
      expect(parseGateReport(JSON.stringify(reportWith([], UNFINISHED)), 'r.json').summary.status).toBe('unfinished');
    });

    it('keeps the notices, and reads missing ones as none', () => {
      const notice = { level: 'warning', code: 'unknown-suppression', scope: 'stack', message: 'x' };
      expect(parseGateReport(JSON.stringify(reportWith([], FINISHED, { notices: [notice] })), 'r.json').notices).toEqual([notice]);
      expect(parseGateReport(JSON.stringify(reportWith([], FINISHED, { notices: undefined })), 'r.json').notices).toEqual([]);
      expect(parseGateReport(JSON.stringify(reportWith([], FINISHED, { notices: 'x' })), 'r.json').notices).toEqual([]);
    });

    it('refuses text that is not JSON', () => {
      expect(inputErrorOf(() => parseGateReport('{"tool"', 'r.json')).message).toMatch(
        /^r\.json is not JSON \(.+\); expected a cdktf-headroom gate report\. Run `cdktf synth` again to rewrite it\.$/,
      );
    });

    it.each([
      ['null', null],
      ['an array', []],
      ['a number', 3],
      ['another tool', { ...reportWith([]), tool: 'checkov' }],
      ['no tool', { ...reportWith([]), tool: undefined }],
    ])('refuses %s: not a cdktf-headroom report', (_name, data) => {
      expect(inputErrorOf(() => parseGateReport(JSON.stringify(data), 'r.json')).message).toBe(
        'r.json is not a cdktf-headroom gate report (no "tool": "cdktf-headroom"). Point --report at cdktf.out/headroom/report.json.',
      );
    });

    it('refuses another layout', () => {
      expect(inputErrorOf(() => parseGateReport(JSON.stringify(reportWith([], FINISHED, { schemaVersion: 1 })), 'r.json')).message).toBe(
        'r.json has report layout 1; this cdktf-headroom reads layout 2. Use the same cdktf-headroom version for synth and check.',
      );
    });

    it.each([
      ['findings missing', { findings: undefined }],
      ['findings an object', { findings: {} }],
      ['gates missing', { gates: undefined }],
      ['summary missing', { summary: undefined }],
      ['summary null', { summary: null }],
      ['summary a string', { summary: 'pass' }],
      ['run missing', { run: undefined }],
      ['run null', { run: null }],
      ['run without id', { run: { startedAt: 'x', finished: true } }],
      ['run id a number', { run: { id: 1, startedAt: 'x', finished: true } }],
      ['run without finished', { run: { id: 'r', startedAt: 'x' } }],
      ['run finished a string', { run: { id: 'r', startedAt: 'x', finished: 'true' } }],
    ])('refuses an incomplete report: %s', (_name, extra) => {
      expect(inputErrorOf(() => parseGateReport(JSON.stringify({ ...reportWith([]), ...extra }), 'r.json')).message).toBe(
        'r.json is incomplete (findings, gates, summary or run missing). Run `cdktf synth` again to rewrite it.',
      );
    });
  });

  describe('checkGateReport: what `cdktf-headroom check` decides', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-verdict-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Writes OUTDIR/headroom/report.json; returns OUTDIR. */
    function outdirWith(content: unknown): string {
      const outdir = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
      fs.mkdirSync(path.join(outdir, 'headroom'), { recursive: true });
      fs.writeFileSync(path.join(outdir, 'headroom', 'report.json'), typeof content === 'string' ? content : JSON.stringify(content));
      return outdir;
    }

    it('reads OUTDIR/headroom/report.json and gives the verdict, the file and the report', () => {
      const outdir = outdirWith(reportWith([finding('e', 'fail', 'error')]));
      const r = checkGateReport({ outdir, env: {} });
      expect(r.code).toBe(2);
      expect(r.reason).toBe('1 violation(s)');
      expect(r.file).toBe(path.join(outdir, 'headroom', 'report.json'));
      expect(r.report?.summary.errors).toBe(1);
      expect(r.error).toBeUndefined();
    });

    it('takes --report over everything, then --outdir, then CDKTF_OUTDIR, then cdktf.out', () => {
      const failing = outdirWith(reportWith([finding('e', 'fail', 'error')]));
      const passing = outdirWith(reportWith([finding('p', 'pass', 'error')]));
      const file = path.join(passing, 'headroom', 'report.json');
      expect(checkGateReport({ report: file, env: { CDKTF_OUTDIR: failing } })).toMatchObject({ code: 0, file });
      expect(checkGateReport({ outdir: passing, env: { CDKTF_OUTDIR: failing } })).toMatchObject({ code: 0, file });
      expect(checkGateReport({ env: { CDKTF_OUTDIR: failing } })).toMatchObject({ code: 2, file: path.join(failing, 'headroom', 'report.json') });
      expect(checkGateReport({ env: {} }).file).toBe(path.join('cdktf.out', 'headroom', 'report.json'));
    });

    it('fails closed (2) without a readable report, saying why', () => {
      const none = checkGateReport({ outdir: path.join(dir, 'nothing'), env: {} });
      expect(none).toMatchObject({ code: 2, reason: 'no readable gate report' });
      expect(none.report).toBeUndefined();
      expect(none.error).toContain(`no gate report at ${path.join(dir, 'nothing', 'headroom', 'report.json')} (ENOENT)`);
      const garbled = checkGateReport({ outdir: outdirWith('{"tool": "cdktf-'), env: {} });
      expect(garbled).toMatchObject({ code: 2, reason: 'no readable gate report' });
      expect(garbled.error).toContain('is not JSON');
    });

    it('on warnings: 0 by default, 1 with the option or HEADROOM_FAIL_ON_WARNINGS, 0 when that says no', () => {
      const outdir = outdirWith(reportWith([finding('w', 'fail', 'warning')]));
      expect(checkGateReport({ outdir, env: {} })).toMatchObject({ code: 0, reason: 'pass' });
      expect(checkGateReport({ outdir, env: {}, failOnWarnings: false })).toMatchObject({ code: 0 });
      expect(checkGateReport({ outdir, env: {}, failOnWarnings: true })).toMatchObject({ code: 1, reason: '1 warning(s), failing on warnings' });
      expect(checkGateReport({ outdir, env: { HEADROOM_FAIL_ON_WARNINGS: '1' } })).toMatchObject({ code: 1 });
      expect(checkGateReport({ outdir, env: { HEADROOM_FAIL_ON_WARNINGS: 'off' } })).toMatchObject({ code: 0 });
    });

    it('reads process.env when given no environment', () => {
      const outdir = outdirWith(reportWith([finding('w', 'fail', 'warning')]));
      const saved = process.env.HEADROOM_FAIL_ON_WARNINGS;
      process.env.HEADROOM_FAIL_ON_WARNINGS = 'yes';
      try {
        expect(checkGateReport({ outdir }).code).toBe(1);
      } finally {
        if (saved === undefined) delete process.env.HEADROOM_FAIL_ON_WARNINGS;
        else process.env.HEADROOM_FAIL_ON_WARNINGS = saved;
      }
    });

    it('readGateReport says how to get a report when there is none', () => {
      const file = path.join(dir, 'missing.json');
      expect(inputErrorOf(() => readGateReport(file)).message).toBe(
        `no gate report at ${file} (ENOENT). Run \`cdktf synth\` first; it writes the report when the app declares a Gate. ` +
          'A synth that stopped before its gates were checked leaves none, which counts as a failure.',
      );
    });
  });
});
