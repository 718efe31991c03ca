// What a user sees under the real `cdktf synth` (cdktf-cli 0.21, in a child process): the
// CLI shows the app's stdout as it is, and each chunk of its stderr as a red
// `[ERROR] default - ...` log entry; when the app fails, it prints the app's stderr and
// stdout again in its closing error. So success (the lookup summary) goes to stdout and
// shows plainly; problems go to stderr: a violation that synth does not enforce as one
// line, and a gate-stopped synth as its blocks and one line of error, without Node's
// source line and caret of the library's `throw`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useFakeCloud } from '../_helpers/fake-cloud';
import { runChild } from '../_helpers/child';

const ROOT = path.join(__dirname, '..', '..');
const APP = path.join(ROOT, 'test', '_fixtures', 'gate-app.js'); // runs the compiled lib/
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');

interface Synth {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('under the real `cdktf synth`', () => {
  jest.setTimeout(180_000);
  const cloud = useFakeCloud();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-cli-out-'));
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(APP)}` }));
  fs.writeFileSync(path.join(dir, 'terraformrc'), '');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function synth(env: Record<string, string> = {}): Promise<Synth> {
    const base: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(base)) if (k.startsWith('HEADROOM_') || k.startsWith('CDKTF_')) delete base[k];
    const all = {
      ...base,
      ...cloud().env(),
      CI: '1', // the CLI's plain output, as in a pipeline
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc'),
      HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'cdktf.lookups.json'),
      ...env,
    };
    return runChild(CDKTF, ['synth'], all, dir);
  }

  const count = (text: string, part: string): number => text.split(part).length - 1;

  it('shows the lookup summary of a passing synth as a plain line, with no [ERROR] anywhere', async () => {
    const s = await synth();
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/(^|\n)cdktf-headroom: 1 lookup, 1 request, 0 retries, \d+\.\d s\n/);
    expect(s.stdout).toContain('Generated Terraform code for the stacks: workers');
    expect(`${s.stdout}${s.stderr}`).not.toContain('[ERROR]');
  });

  it('shows one line for a violation that synth does not enforce, and finishes', async () => {
    const s = await synth({ LIMIT: '44', ENFORCE_AT_SYNTH: 'false' });
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('Generated Terraform code for the stacks: workers');
    expect(count(s.stdout, 'cdktf-headroom: violation of rule "instances" (gate workers/quota), not enforced at synth')).toBe(1);
    expect(s.stdout).toContain('needs 4 but only 2 fit (42 of 44 used).');
  });

  it('stops on a gate violation: its block once from the app, one line of error, no source line or caret, no "listed above"', async () => {
    const s = await synth({ LIMIT: '44' });
    expect(s.code).not.toBe(0);
    const block = '✖ gate violation: rule instances (gate workers/quota)';
    const error =
      'GateViolationError (HEADROOM_GATE): cdktf synth stopped by 1 gate violation: rule "instances" (gate workers/quota); every rule, pass or fail, is in ';
    // As it came (stdout), and once more in the CLI's closing error (stderr): the CLI's doing.
    expect(count(s.stdout, block)).toBe(1);
    expect(count(s.stderr, block)).toBe(1);
    expect(count(s.stdout, error)).toBe(1);
    expect(count(s.stderr, error)).toBe(1);
    expect(s.stderr).toContain('ERROR: cdktf encountered an error while synthesizing');
    const all = `${s.stdout}${s.stderr}`;
    expect(all).not.toContain('synth-run.js');
    expect(all).not.toMatch(/^\s*\^\s*$/m); // Node's caret line
    expect(all).not.toContain('listed above');
    expect(all).not.toContain("code: 'HEADROOM_GATE'");
    // The lookup summary is still no error.
    expect(s.stdout).not.toMatch(/\[ERROR\][^\n]*cdktf-headroom: 1 lookup/);
  });
});
