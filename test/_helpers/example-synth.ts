// The compiled examples (examples/*/main.js), run as `cdktf synth` runs an app, and what
// their synth leaves: the stack's JSON and the gate report.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Finding } from '../../src/policy/finding';
import { GateReport } from '../../src/policy/gate-report';

/** What an example's synth left: its exit code, its stderr, and its output folder. */
export interface ExampleSynth {
  readonly code: number | null;
  readonly stderr: string;
  readonly outdir: string;
}

/**
 * For a describe block: a synth of the example `main` as `cdktf synth` runs it (`node
 * main.js` with CDKTF_OUTDIR set), each into a new folder named from `prefix` that is also
 * its working directory and its HOME, with the environment `base()` gives and `env` over it.
 * The folders are removed after the block.
 */
export function useExampleSynth(
  main: string,
  prefix: string,
  base: () => Record<string, string | undefined>,
): (env: Record<string, string | undefined>) => Promise<ExampleSynth> {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return async (env) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    outdirs.push(outdir);
    const child = spawn(process.execPath, [main], {
      cwd: outdir,
      env: { ...base(), HOME: outdir, CDKTF_OUTDIR: outdir, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, stderr, outdir };
  };
}

/** The file of stack `stack` that a synth into `outdir` writes. */
export const stackFile = (outdir: string, stack: string): string => path.join(outdir, 'stacks', stack, 'cdk.tf.json');

/** The gate report a synth into `outdir` wrote. */
export const readReport = (outdir: string): GateReport => JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8'));

/** The finding of rule `ruleId` in a report. */
export const findingOf = (report: GateReport, ruleId: string): Finding | undefined => report.findings.find((f) => f.ruleId === ruleId);
