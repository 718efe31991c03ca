// Issue #22: a hostile cloud attacks the reader. Each case is one fault knob of the fake
// cloud, through the public surface: a construct in a synth, with a gate and its reports.
// The lookup fails closed with a typed error naming the field, no secret of the request
// shows in any output, control characters are escaped, and sizes stay bounded.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { HeadroomError } from '../../src/core/errors';
import { Gate } from '../../src/policy/gate';
import { Rule } from '../../src/policy/rule';
import { FAKE_CREDENTIALS } from '../../src/testing/default-data';
import { FakeAnswerFault } from '../../src/testing/fake-cloud-types';
import { isolatedEnv, useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { HUAWEICLOUD, QINGCLOUD, Subject, UCLOUD } from '../_helpers/lookup-subjects';
import { thrownBy } from '../_helpers/rejection';
import { useStderr } from '../_helpers/stderr';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'lib', 'cli', 'main.js');
const REPORTS = ['report.json', 'report.md', 'report.html', 'junit.xml', 'report.sarif'];
const ONE_ATTEMPT = { transport: { retry: { maxAttempts: 1 } } };

/**
 * The secret, and every run of 8 of its characters that holds more than letters and is
 * not filler (the fake cloud's keys are made of words such as "qingcloud", which messages
 * say anyway, and zeros):
 * none may show anywhere.
 */
function pieces(secret: string): string[] {
  const out = [secret];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const piece = secret.slice(i, i + 8);
    if (/[^A-Za-z]/.test(piece) && new Set(piece).size >= 4) out.push(piece); // not filler such as 00000000
  }
  return out;
}

describe('hostile answers: what a cloud sends cannot leak, steer or flood', () => {
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud()));
  let dir: string;
  const stderrText = useStderr();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-hostile-'));
    process.env.HEADROOM_LOOKUP_RECORD_FILE = path.join(dir, 'cdktf.lookups.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Synthesizes an app whose gate reads the lookup under `fault`; returns the error and every output. */
  async function synthUnder(subject: Subject, fault: FakeAnswerFault, props: Record<string, unknown> = ONE_ATTEMPT) {
    await cloud().inject({ cloud: subject.cloud, answer: fault });
    const outdir = path.join(dir, 'out');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'stack');
    const lookup = subject.create(stack, 'lookup', props);
    new Gate(stack, 'gate', { rules: [Rule.atMost('headroom', () => lookup.read(), 1e12, { source: stack.node.findChild('lookup') as never })] });
    const err = lookup.lookupError as HeadroomError & { field?: string; cloudMessage?: string };
    const synth = thrownBy(() => app.synth()) as Error;
    const reports = Object.fromEntries(REPORTS.map((f) => [f, fs.readFileSync(path.join(outdir, 'headroom', f), 'utf8')]));
    const all = [err.message, err.cloudMessage ?? '', synth.message, stderrText(), ...Object.values(reports)].join('\n');
    return { err, reports, all, outdir, requests: await cloud().requests(subject.cloud) };
  }

  describe("1. the request's own secrets, echoed into a field, are redacted by value", () => {
    it.each(
      (
        [
          [QINGCLOUD, 'signature', 'plain', 'total_count'],
          [QINGCLOUD, 'signature', 'url', 'total_count'],
          [QINGCLOUD, 'signature', 'base64', 'total_count'],
          [QINGCLOUD, 'signature', 'hex', 'total_count'],
          [QINGCLOUD, 'access_key_id', 'plain', 'total_count'],
          [UCLOUD, 'Signature', 'plain', 'TotalCount'],
          [UCLOUD, 'PublicKey', 'url', 'TotalCount'],
          [HUAWEICLOUD, 'signature', 'plain', 'total_num'],
          [HUAWEICLOUD, 'authorization', 'plain', 'total_num'],
        ] as const
      ).map(([s, echo, encoding, field]) => [s.name, echo, encoding, s, field] as const),
    )('%s: the answer echoes %s (%s)', async (_name, echo, encoding, subject, field) => {
      const { err, all } = await synthUnder(subject, { kind: 'echo', echo, encoding });
      expect(err.code).toBe('HEADROOM_CLOUD');
      expect(err.field).toBe(field);
      expect(err.message).toContain(`${field} is "***"; expected`); // the whole echoed value, whatever its encoding
      for (const secret of subject.secrets) for (const piece of pieces(secret)) expect(all).not.toContain(piece);
    });

    it("Huawei Cloud's X-Auth-Token, echoed as total_num, shows in no output (the issue's case)", async () => {
      const saved = { ...process.env };
      delete process.env.HW_ACCESS_KEY;
      delete process.env.HW_SECRET_KEY;
      process.env.HW_AUTH_TOKEN = FAKE_CREDENTIALS.huaweicloud.authToken;
      let run: Awaited<ReturnType<typeof synthUnder>>;
      try {
        run = await synthUnder(HUAWEICLOUD, { kind: 'echo', echo: 'x-auth-token' });
      } finally {
        process.env = saved;
      }
      const { err, all, reports, outdir } = run;
      expect(err.message).toContain('total_num is "***"; expected an integer, 0 or more');
      expect(reports['report.json']).toContain('total_num is \\"***\\"');
      // `check` on stdout, as a CI log shows it, in each of its formats.
      const printed = ['markdown', 'json', 'html'].map((format) => {
        const check = spawnSync(process.execPath, [CLI, 'check', '--outdir', outdir, '--format', format], { encoding: 'utf8' });
        expect(check.status).toBe(2);
        return check.stdout + check.stderr;
      });
      expect(printed[0]).toContain('total_num is "***"');
      for (const piece of pieces(FAKE_CREDENTIALS.huaweicloud.authToken)) expect([all, ...printed].join('\n')).not.toContain(piece);
    });

    it('a signature echoed into a row id is redacted in the value, so the record never holds it', async () => {
      await cloud().inject({ cloud: 'qingcloud', answer: { kind: 'echo', echo: 'signature', field: 'resource_group_id' } });
      const app = new App({ outdir: path.join(dir, 'out') });
      const lookup = QINGCLOUD.create(new TerraformStack(app, 'stack'), 'lookup');
      expect(lookup.read()).toBe(QINGCLOUD.live); // the numbers are the cloud's; the echoed id is not kept
      const record = fs.readFileSync(process.env.HEADROOM_LOOKUP_RECORD_FILE!, 'utf8');
      expect(record).toMatch(/"resourceGroupId": ?"\*\*\*"/);
      for (const secret of QINGCLOUD.secrets) for (const piece of pieces(secret)) expect(record).not.toContain(piece);
    });

    it('a body that is not JSON is redacted before it is cut: no piece of the signature shows', async () => {
      const { err, all } = await synthUnder(QINGCLOUD, { kind: 'echoBody', echo: 'signature', prefix: 60 });
      expect(err.code).toBe('HEADROOM_CLOUD');
      // 60 characters of filler, then the signature: it would straddle the 80-character cut.
      expect(err.message).toContain(`("${'x'.repeat(60)}*** upstream`);
      expect(all).toContain(`${'x'.repeat(60)}***`);
    });
  });

  it('5. an answer nested 20,000 levels deep is a malformed answer naming the field, not a RangeError', async () => {
    for (const subject of [QINGCLOUD, UCLOUD, HUAWEICLOUD]) {
      await cloud().reset();
      const { err, reports } = await synthUnder(subject, { kind: 'nest' });
      expect(err.code).toBe('HEADROOM_CLOUD');
      expect(err.message).toContain('is nested deeper than 64 levels');
      expect(err.message).not.toContain('RangeError');
      expect(err.field).toMatch(/^(data|EIPSet|data_list)(\[0\])+/);
      expect(JSON.parse(reports['report.json']).findings[0].error.code).toBe('HEADROOM_CLOUD');
    }
  });

  it.each([
    ['qingcloud', QINGCLOUD, 'ret_code', '1200'],
    ['ucloud', UCLOUD, 'RetCode', '171'],
    ['huaweicloud', HUAWEICLOUD, 'total_num', '999'],
  ] as const)('9. %s: a duplicate key is malformed, never "the last key wins"', async (_name, subject, field, raw) => {
    const { err } = await synthUnder(subject, { kind: 'duplicateKey', field, raw });
    expect(err.code).toBe('HEADROOM_CLOUD');
    expect(err.field).toBe(field);
    expect(err.message).toContain(`${field} appears twice in one object`);
  });

  it('6. control characters of a cloud message are escaped in stderr, every report and `check`', async () => {
    const text = 'denied\u001b[2J\u001b[32m\r\nverdict: PASS\u202e';
    const { err, all, outdir } = await synthUnder(QINGCLOUD, { kind: 'cloudError', text });
    expect(err.code).toBe('HEADROOM_CLOUD');
    expect(err.message).toContain('denied\\u001b[2J\\u001b[32m\\r\\nverdict: PASS\\u202e');
    expect(stderrText()).toContain('\\u001b[2J');
    for (const raw of ['\u001b', '\r', '\u202e']) expect(all.includes(raw)).toBe(false);
    expect(all).not.toMatch(/\nverdict: PASS/);
    const check = spawnSync(process.execPath, [CLI, 'check', '--outdir', outdir], { encoding: 'utf8' });
    expect(check.status).toBe(2);
    expect(check.stdout).toContain('\\u001b[2J');
    for (const raw of ['\u001b', '\r', '\u202e']) expect((check.stdout + check.stderr).includes(raw)).toBe(false);
  });

  it('7. a 5 MB cloud message is cut with a note; the reports stay small', async () => {
    const { err, reports } = await synthUnder(UCLOUD, { kind: 'cloudError', text: 'A', repeat: 5_000_000 });
    expect(err.code).toBe('HEADROOM_CLOUD');
    expect(err.message.length).toBeLessThan(9 * 1024);
    expect(err.message).toMatch(/\[4,99\d,\d{3} more characters cut\]/);
    expect(err.cloudMessage!.length).toBeLessThan(1100);
    for (const [name, text] of Object.entries(reports)) expect([name, text.length < 64 * 1024]).toEqual([name, true]);
  });

  it('12. a number out of range (1e309) is named so, not "null"', async () => {
    const { err } = await synthUnder(QINGCLOUD, { kind: 'rawField', raw: '1e309' });
    expect(err.code).toBe('HEADROOM_CLOUD');
    expect(err.message).toContain('total_count is a number out of range (beyond ±1.8e308)');
  });

  it('12. an answer larger than 64 MiB is refused once, not retried, and named', async () => {
    const { err, requests } = await synthUnder(UCLOUD, { kind: 'oversize', bytes: 65 * 1024 * 1024 }, {});
    expect(err.code).toBe('HEADROOM_CLOUD');
    expect(err.message).toContain("the answer's body is larger than 64 MiB");
    expect(err.message).not.toContain('ECONNRESET');
    expect(requests).toHaveLength(1);
  });

  it('8. UCloud: full pages past a TotalCount of 20 are read for 2 pages at most, then HEADROOM_PAGINATION', async () => {
    const { err, requests } = await synthUnder(UCLOUD, { kind: 'fullPagesPastTotal', total: 20 }, { pageSize: 10 });
    expect(err.code).toBe('HEADROOM_PAGINATION');
    expect(err.message).toContain('the cloud counted 20 rows, yet kept sending full pages past them (40 rows read, 2 pages past its total)');
    expect(requests.map((r) => Number(r.params.OffSet))).toEqual([0, 10, 20, 30]);
  });
});
