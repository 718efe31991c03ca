import { spawn } from 'node:child_process';

/** What a child process wrote and exited with. */
export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` in a child process, as a user's shell would, and collects what it writes until it closes. */
export function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What a node child started by {@link startNode} wrote and exited with. */
export interface NodeRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Starts `node <args>` with exactly `env` and returns its pid at once (a test may kill it
 * mid-run) and, in `done`, what it wrote and exited with.
 */
export function startNode(args: readonly string[], env: NodeJS.ProcessEnv): { readonly done: Promise<NodeRun>; readonly pid: number } {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { pid: child.pid!, done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err }))) };
}
