import { parseArgs } from 'node:util';
import { InputError } from '../core/errors';

/** Where a command writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** One option of a subcommand. */
export interface CliOption {
  /** The long name, without `--`. */
  readonly name: string;
  /** `string` takes a value (`--file x` or `--file=x`); `boolean` is a switch. */
  readonly type: 'string' | 'boolean';
  /** Whether the option may be repeated (its values are collected). */
  readonly multiple?: boolean;
  /**
   * What a `string` option's value is, as help and errors show it (`--outdir DIR`).
   * @default 'VALUE'
   */
  readonly value?: string;
  /** What it does, and its default. */
  readonly description: string;
}

/** One subcommand of the `cdktf-headroom` CLI. Commands parse flags and call the library; no logic lives here. */
export interface CliCommand {
  readonly name: string;
  /** One line: the command and its flags. */
  readonly usage: string;
  /** One sentence: what it does. */
  readonly summary: string;
  /** Its options (`--help` is added to every command). */
  readonly options: readonly CliOption[];
  /** Command lines that run it. */
  readonly examples: readonly string[];
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/**
 * The options that say where a synth's gate report is, shared by the commands that read
 * it (`check`, `release`): the output folder, or the report file itself.
 */
export const REPORT_LOCATION_OPTIONS: readonly CliOption[] = [
  { name: 'outdir', type: 'string', value: 'DIR', description: 'the synth output folder; default CDKTF_OUTDIR, else cdktf.out' },
  { name: 'report', type: 'string', value: 'FILE', description: 'the report file itself, instead of --outdir' },
];

/** An option as help and errors show it: `--name VALUE` for a `string`, `--name` for a switch. */
function optionText(o: CliOption): string {
  return o.type === 'string' ? `--${o.name} ${o.value ?? 'VALUE'}` : `--${o.name}`;
}

/** What {@link parseCommandArgs} found. */
export interface ParsedCommandArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parses a command's arguments with `node:util`'s `parseArgs` (strict: `--name value`,
 * `--name=value`, switches, repeated options where allowed). An unknown option or a
 * missing value is an error naming the allowed options.
 */
export function parseCommandArgs(options: readonly CliOption[], args: string[], { positionals = false }: { positionals?: boolean } = {}): ParsedCommandArgs {
  const config = Object.fromEntries(options.map((o) => [o.name, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }]));
  try {
    const parsed = parseArgs({ args, options: config, strict: true, allowPositionals: positionals });
    return { values: parsed.values as ParsedCommandArgs['values'], positionals: parsed.positionals };
  } catch (err) {
    const code = (err as { code?: string }).code;
    const allowed = options.map(optionText).join(', ') || 'none';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const bad = args.find((a) => (a.startsWith('-') ? !options.some((o) => a === `--${o.name}` || a.startsWith(`--${o.name}=`)) : !positionals)) ?? args[0];
      throw new InputError(`unexpected argument ${JSON.stringify(bad)}; allowed: ${allowed}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new InputError(`${(err as Error).message.split('\n')[0]}; allowed: ${allowed}`);
    }
    throw err;
  }
}

/** The `--help` text of a command: usage, summary, options and examples. */
export function commandHelp(command: CliCommand): string {
  const rows = [...command.options, { name: 'help', type: 'boolean', description: 'show this help and exit' } as CliOption].map((o) => [
    `${optionText(o)}${o.multiple ? ' (repeatable)' : ''}`,
    o.description,
  ]);
  const width = Math.max(...rows.map((r) => r[0].length));
  return (
    `usage: cdktf-headroom ${command.usage}\n\n${command.summary}\n\noptions:\n` +
    rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}\n`).join('') +
    `\nexample${command.examples.length > 1 ? 's' : ''}:\n${command.examples.map((e) => `  ${e}\n`).join('')}`
  );
}

/** Whether the arguments ask for help (`--help` or `-h` anywhere before a `--`). */
export function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}
