import { InputError } from '../../core/errors';
import { projectLookupRecordPath } from '../../lookups/lookup-mode';
import { LookupRecordFile, selectRecordKeys } from '../../lookups/lookup-record';
import { CliCommand, CliIo, parseFlags } from '../command';

const SUBCOMMANDS = 'list, reset, clear';

/**
 * `cdktf-headroom records`: lists, resets and clears the lookup record
 * (`cdktf.lookups.json`, or the file the project configures).
 */
export const recordsCommand: CliCommand = {
  name: 'records',
  usage: 'records list [--json] | records reset KEY|INDEX|GLOB... | records clear   [--file FILE] [--dir DIR]',
  summary:
    'List the recorded lookups (index, cloud, age, key), reset some by key, index or glob (`*`, `?`), or clear them all. ' +
    'The file is the one synth uses in DIR (default: here): HEADROOM_LOOKUP_RECORD_FILE, cdktf.json context, else cdktf.lookups.json.',
  async run(args, io) {
    const { positional: [sub, ...positional], flags } = split(args, ['file', 'dir'], ['json']);
    const file = new LookupRecordFile(flags.file ?? projectLookupRecordPath(flags.dir ?? process.cwd()));
    switch (sub) {
      case 'list':
        noPositional(sub, positional);
        return list(file, flags.json === 'true', io);
      case 'reset':
        if (positional.length === 0) throw new InputError('records reset needs at least one KEY, INDEX (as `records list` shows it) or GLOB, e.g. `records reset "qingcloud:*"`');
        return reset(file, positional, io);
      case 'clear': {
        noPositional(sub, positional);
        const existed = file.exists();
        const count = file.clear();
        const what = count === undefined ? 'a file that was not a valid record' : `${count} record${count === 1 ? '' : 's'}`;
        io.out(existed ? `cleared ${file.file}: deleted ${what}\n` : `${file.file}: no record file; nothing to clear\n`);
        return 0;
      }
      default:
        throw new InputError(`records needs a subcommand: ${SUBCOMMANDS}; got ${sub === undefined ? 'none' : JSON.stringify(sub)}`);
    }
  },
};

function list(file: LookupRecordFile, json: boolean, io: CliIo): number {
  const records = file.list();
  const now = Date.now();
  if (json) {
    const rows = records.map((r, i) => ({ index: i + 1, cloud: r.cloud, kind: r.kind, fetchedAt: r.fetchedAt, ageSeconds: Math.round((now - Date.parse(r.fetchedAt)) / 1000), key: r.key }));
    io.out(`${JSON.stringify({ file: file.file, records: rows }, null, 2)}\n`);
    return 0;
  }
  if (records.length === 0) {
    io.out(`${file.file}: no records${file.exists() ? '' : ' (no file)'}\n`);
    return 0;
  }
  io.out(`${file.file}: ${records.length} record${records.length === 1 ? '' : 's'}\n`);
  const table = [['#', 'cloud', 'age', 'key'], ...records.map((r, i) => [String(i + 1), r.cloud, age(now - Date.parse(r.fetchedAt)), r.key])];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) io.out(`${row.slice(0, 3).map((cell, c) => cell.padEnd(widths[c])).join('  ')}  ${row[3]}\n`);
  return 0;
}

function reset(file: LookupRecordFile, selectors: string[], io: CliIo): number {
  const keys = file.list().map((r) => r.key);
  const chosen = new Set<string>();
  for (const s of selectors) {
    const matched = selectRecordKeys(s, keys);
    if (matched.length === 0) {
      io.err(`no record matches ${JSON.stringify(s)} in ${file.file} (${keys.length} records); nothing was reset. Run \`cdktf-headroom records list\` for the keys and indexes.\n`);
      return 1;
    }
    matched.forEach((k) => chosen.add(k));
  }
  const removed = file.remove([...chosen]);
  io.out(`reset ${removed.length} record${removed.length === 1 ? '' : 's'} in ${file.file}:\n${removed.map((r) => `  ${r.key}\n`).join('')}`);
  return 0;
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

function noPositional(sub: string, positional: string[]): void {
  if (positional.length > 0) throw new InputError(`records ${sub} takes no arguments besides flags; got ${JSON.stringify(positional[0])}`);
}

/** Separates positional arguments from `--flag value` and `--switch` flags. */
function split(args: string[], valued: string[], switches: string[]): { positional: string[]; flags: Record<string, string | undefined> } {
  const positional: string[] = [];
  const flagArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      flagArgs.push(args[i]);
      if (valued.includes(args[i].slice(2)) && i + 1 < args.length) flagArgs.push(args[++i]);
    } else positional.push(args[i]);
  }
  return { positional, flags: parseFlags(flagArgs, valued, switches) };
}
