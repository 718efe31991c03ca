import { InputError } from '../core/errors';

/** Where a command writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** One subcommand of the `cdktf-headroom` CLI. Commands parse flags and call the library; no logic lives here. */
export interface CliCommand {
  readonly name: string;
  /** One line: the command and its flags. */
  readonly usage: string;
  /** One sentence: what it does. */
  readonly summary: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Reads `--name value` and `--switch` flags; unknown flags are an error naming the allowed ones. */
export function parseFlags(args: string[], valued: string[], switches: string[] = []): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z][a-z-]*)$/.exec(args[i]);
    const name = m?.[1];
    if (name && switches.includes(name)) out[name] = 'true';
    else if (name && valued.includes(name) && i + 1 < args.length) out[name] = args[++i];
    else {
      const allowed = [...valued.map((v) => `--${v} VALUE`), ...switches.map((s) => `--${s}`)].join(', ') || 'none';
      throw new InputError(`unexpected argument ${JSON.stringify(args[i])}; allowed: ${allowed}`);
    }
  }
  return out;
}
