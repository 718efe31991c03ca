import { runCli } from '../../src/cli/main';

/** What an in-process run of the CLI wrote, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `cdktf-headroom <argv>` in this process, collecting stdout and stderr (the CLI's own output sinks). */
export async function cli(...argv: string[]): Promise<CliRun> {
  const run = { code: 0, out: '', err: '' };
  run.code = await runCli(argv, { out: (t) => (run.out += t), err: (t) => (run.err += t) });
  return run;
}
