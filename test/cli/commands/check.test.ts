import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { runCli } from '../../../src/cli/main';
import { FAIL_ON_WARNINGS_ENV } from '../../../src/policy/fail-on-warnings';
import { Gate } from '../../../src/policy/gate';
import { Rule } from '../../../src/policy/rule';
import { useEnv } from '../../_helpers/fake-cloud';
import { reportFinding, reportJson } from '../../_helpers/report-builders';

const finding = reportFinding;
const reportWith = (findings: object[], extra: Record<string, unknown> = {}) => reportJson(findings, extra);

/** Writes a report into a fresh output folder (outdir/headroom/report.json); returns the outdir. */
function outdirWith(report: unknown): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-check-'));
  fs.mkdirSync(path.join(outdir, 'headroom'));
  fs.writeFileSync(path.join(outdir, 'headroom', 'report.json'), typeof report === 'string' ? report : JSON.stringify(report));
  return outdir;
}

async function check(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['check', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('cdktf-headroom check', () => {
  useEnv({ [FAIL_ON_WARNINGS_ENV]: undefined, CDKTF_OUTDIR: undefined });

  it('exits 0 when every rule passes or is suppressed, printing the Markdown summary', async () => {
    const outdir = outdirWith(reportWith([finding('a', 'pass', 'error'), finding('b', 'suppressed', 'error')]));
    const r = await check('--outdir', outdir);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('## cdktf-headroom gates: ✅ PASS\n')).toBe(true);
    expect(r.out).toContain('| 🔕 suppressed | `b` |');
    expect(r.out).toContain(
      `result: exit 0 (pass; 1 passed, 0 warning(s), 1 suppressed) from ${path.join(outdir, 'headroom', 'report.json')}, synth run 20250101-000000-0a1b2c3d`,
    );
  });

  it('exits 0 on warnings by default', async () => {
    const r = await check('--outdir', outdirWith(reportWith([finding('a', 'pass', 'error'), finding('w', 'fail', 'warning')])));
    expect(r.code).toBe(0);
    expect(r.out).toContain('## cdktf-headroom gates: ⚠️ WARN');
  });

  it('exits 1 on warnings with --fail-on-warnings', async () => {
    const r = await check('--outdir', outdirWith(reportWith([finding('w', 'fail', 'warning')])), '--fail-on-warnings');
    expect(r.code).toBe(1);
    expect(r.out).toContain('result: exit 1 (1 warning(s), failing on warnings;');
  });

  it('exits 1 on warnings a gate was failing on at synth', async () => {
    const r = await check('--outdir', outdirWith(reportWith([finding('w', 'fail', 'warning', true)])));
    expect(r.code).toBe(1);
  });

  describe('with HEADROOM_FAIL_ON_WARNINGS=1', () => {
    useEnv({ [FAIL_ON_WARNINGS_ENV]: '1' });
    it('exits 1 on warnings', async () => {
      expect((await check('--outdir', outdirWith(reportWith([finding('w', 'fail', 'warning')])))).code).toBe(1);
    });
  });

  it('exits 2 on a violation, with or without warnings, and lists it', async () => {
    const r = await check('--outdir', outdirWith(reportWith([finding('w', 'fail', 'warning'), finding('v', 'fail', 'error')])), '--fail-on-warnings');
    expect(r.code).toBe(2);
    expect(r.out).toContain('## cdktf-headroom gates: ❌ FAIL');
    expect(r.out).toContain(
      '| ❌ error | `v` | `stack/quota` | 95 | 80 | `██████████` 118.8% · over by 15 | 95 is above the maximum 80 by 15. Bring it down to 80 or less. |',
    );
    expect(r.out).toContain('result: exit 2 (1 violation(s);');
  });

  it('exits 2 for a synth that did not finish, saying why, even when every rule passed', async () => {
    const r = await check(
      '--outdir',
      outdirWith(
        reportWith([finding('a', 'pass', 'error')], { run: { id: 'r1', startedAt: '2025-01-01T00:00:00.000Z', finished: false, error: 'Error: boom' } }),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.out).toContain('## cdktf-headroom gates: ⛔ SYNTH DID NOT FINISH');
    expect(r.out).toContain('result: exit 2 (the last synth did not finish: Error: boom; 1 passed');
  });

  it('judges by the findings, not by a summary that says otherwise', async () => {
    const edited = reportWith([finding('v', 'fail', 'error')], {
      summary: { rules: 1, passed: 1, errors: 0, warnings: 0, suppressed: 0, blocking: 0, status: 'pass' },
    });
    expect((await check('--outdir', outdirWith(edited))).code).toBe(2);
  });

  it('reads --report FILE, and CDKTF_OUTDIR when no flag is given', async () => {
    const outdir = outdirWith(reportWith([finding('v', 'fail', 'error')]));
    expect((await check('--report', path.join(outdir, 'headroom', 'report.json'))).code).toBe(2);
    process.env.CDKTF_OUTDIR = outdir;
    try {
      expect((await check()).code).toBe(2);
    } finally {
      delete process.env.CDKTF_OUTDIR;
    }
  });

  describe('fails closed (exit 2) without a readable report', () => {
    it('when there is none, saying how to make one', async () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-check-'));
      const r = await check('--outdir', outdir);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`no gate report at ${path.join(outdir, 'headroom', 'report.json')} (ENOENT). Run \`cdktf synth\` first`);
      expect(r.out).toBe('result: exit 2 (no readable gate report)\n');
    });

    it.each([
      ['not JSON', '{"tool": "cdktf-', 'is not JSON'],
      ['another tool', { tool: 'checkov' }, 'is not a cdktf-headroom gate report'],
      ['another layout', reportWith([], { schemaVersion: 99 }), 'has report layout 99; this cdktf-headroom reads layout 2'],
      ['no findings', { ...reportWith([]), findings: undefined }, 'is incomplete'],
    ])('when it is %s', async (_name, content, message) => {
      const r = await check('--outdir', outdirWith(content));
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
    });
  });

  it('refuses unknown flags (exit 2)', async () => {
    const r = await check('--strict');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'unexpected argument "--strict"; allowed: --outdir DIR, --report FILE, --plan FILE, --reserve, --run ID, --ttl DURATION, --format FORMAT, --fail-on-warnings',
    );
  });

  it.each([
    [['--reserve'], '--reserve reserves what a plan adds: give the plan with --plan PLAN.json'],
    [['--plan', 'p.json', '--run', 'x'], '--run and --ttl go with --reserve'],
    [['--plan', 'p.json', '--reserve', '--ttl', 'soon'], '--ttl: the reservation time must be a number of seconds or a duration such as "90s"'],
    [['--plan', 'p.json', '--reserve', '--ttl', '0'], 'a reservation lives at least 1s'],
    [['--plan', 'p.json', '--reserve', '--run', ' '], '--run " " is not a run id'],
  ])('refuses a reservation flag that cannot be used: %j (exit 2)', async (args, message) => {
    const r = await check(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('agrees with a synthesized app end to end', async () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 'stack');
    new Gate(s, 'quota', { rules: [Rule.atMost('instances', 42, 40), Rule.atMost('eip', 95, 80, { level: 'warning' })] });
    expect(() => Testing.synth(s, true)).toThrow('violation of rule "instances"');
    const r = await check('--outdir', app.outdir);
    expect(r.code).toBe(2);
    expect(r.out).toContain('1 violation, 1 warning, 0 passed, 0 suppressed (2 rules in 1 gate).');
    expect(r.out).toContain(`html report: ${path.resolve(app.outdir, 'headroom', 'report.html')}\n`);
  });

  describe('--format', () => {
    const outdir = (): string => outdirWith(reportWith([finding('v', 'fail', 'error'), finding('a', 'pass', 'error')]));

    it('summary: only where the HTML report is and the result', async () => {
      const dir = outdir();
      fs.writeFileSync(path.join(dir, 'headroom', 'report.html'), '<!DOCTYPE html>');
      const r = await check('--outdir', dir, '--format', 'summary');
      expect(r.code).toBe(2);
      expect(r.out).toBe(
        `html report: ${path.resolve(dir, 'headroom', 'report.html')}\n` +
          `result: exit 2 (1 violation(s); 1 passed, 0 warning(s), 0 suppressed) from ${path.join(dir, 'headroom', 'report.json')}, synth run 20250101-000000-0a1b2c3d\n`,
      );
    });

    it('json: the report alone on stdout, its verdict recomputed; the lines about it on stderr', async () => {
      const r = await check('--outdir', outdir(), '--format', 'json');
      expect(r.code).toBe(2);
      const printed = JSON.parse(r.out);
      expect(printed.summary).toEqual({ rules: 2, passed: 1, errors: 1, warnings: 0, suppressed: 0, blocking: 1, status: 'fail' });
      expect(printed.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['v', 'a']);
      expect(r.err).toContain('html report: none (no report.html beside');
      expect(r.err).toContain('result: exit 2 (1 violation(s);');
    });

    it('html: the HTML report alone on stdout, rendered from the JSON', async () => {
      const r = await check('--outdir', outdir(), '--format', 'html');
      expect(r.code).toBe(2);
      expect(r.out.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
      expect(r.out).toContain('data-verdict="violation" data-rule="v"');
      expect(r.out.indexOf('data-rule="v"')).toBeLessThan(r.out.indexOf('data-rule="a"'));
      expect(r.err).toContain('result: exit 2');
    });

    it('markdown is the default, with where the HTML report is', async () => {
      const r = await check('--outdir', outdir(), '--format', 'markdown');
      expect(r.out.startsWith('## cdktf-headroom gates: ❌ FAIL\n')).toBe(true);
      expect(r.out).toContain('\nhtml report: none (no report.html beside');
    });

    it('refuses a format it does not know, and a missing value (exit 2)', async () => {
      const bad = await check('--outdir', outdir(), '--format', 'xml');
      expect(bad.code).toBe(2);
      expect(bad.err).toContain(
        '--format "xml" is not a format check prints; use one of markdown, summary, json, html (default markdown); junit and sarif with --plan',
      );
      const missing = await check('--format');
      expect(missing.code).toBe(2);
      expect(missing.err).toContain("Option '--format <value>' argument missing");
    });
  });

  it('is listed in the CLI help with its exit codes', async () => {
    let out = '';
    await runCli(['help'], { out: (t) => (out += t), err: () => undefined });
    expect(out).toContain(
      'check [--outdir DIR | --report FILE] [--plan PLAN.json [--reserve [--run ID] [--ttl 1h]]] [--fail-on-warnings] [--format markdown|summary|json|html|junit|sarif]',
    );
    expect(out).toContain('exit 0 on pass, 1 on warnings when failing on warnings, 2 on violations, an unfinished synth or a missing report');
  });
});
