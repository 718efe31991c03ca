import { InputError } from '../../core/errors';
import { declareLookupKinds } from '../../lookups/kind-table';
import { LOOKUP_KINDS } from '../../registry/all-kinds';
import { LookupRecord } from '../../lookups/record/entry';
import { projectSettingSources } from '../../lookups/settings';
import { lookupRecordStoreAt, openLookupRecordStore } from '../../lookups/record/open-store';
import { PostgresRecordStore } from '../../lookups/record/postgres/store';
import { FileRecordStore } from '../../lookups/record/file-store';
import { copyLookupRecords, LookupRecordStore } from '../../lookups/record/store';
import { selectRecordKeys } from '../../lookups/record/select-keys';
import { numbersOf } from '../../lookups/record/history';
import { CliCommand, CliIo, parseCommandArgs } from '../command';

const SUBCOMMANDS = 'list, history, reset, clear, copy, init, reservations';

/** The flags of `records` (see its options). */
type RecordsFlags = { file?: string; dir?: string; json?: boolean; url?: string; from?: string; to?: string; release?: string };

/**
 * `cdktf-headroom records`: lists, resets and clears the lookup record (`cdktf.lookups.json`,
 * the file the project configures, or the PostgreSQL database of HEADROOM_LOOKUP_RECORD_URL),
 * copies records between a file and a database, and creates a database's tables.
 */
export const recordsCommand: CliCommand = {
  name: 'records',
  usage:
    'records list [--json] | records history KEY|INDEX [--json] | records reset KEY|INDEX|GLOB... | records clear | records init   [--file FILE | --url URL] [--dir DIR]\n' +
    '  records copy --from FILE|URL --to FILE|URL   |   records reservations [--json] [--release RUN]',
  summary:
    "List the recorded lookups (index, cloud, age, key), print one key's history (every live answer it got: when, and its numbers), reset some by key, index or glob (`*`, `?`), clear them all, " +
    'create the tables of a PostgreSQL record (init), copy records between a file and a database, ' +
    "or list the live headroom reservations of plan pipelines (reservations; --release RUN ends a run's). " +
    'The record is the one synth uses in DIR (default: here): HEADROOM_LOOKUP_RECORD_URL or HEADROOM_LOOKUP_RECORD_FILE, cdktf.json context, else cdktf.lookups.json.',
  options: [
    { name: 'file', type: 'string', value: 'FILE', description: 'the record file; default the record synth uses in --dir' },
    { name: 'url', type: 'string', value: 'URL', description: 'a PostgreSQL record (postgres://...); default HEADROOM_LOOKUP_RECORD_URL or the context' },
    { name: 'dir', type: 'string', value: 'DIR', description: 'the project directory; default the current one' },
    { name: 'json', type: 'boolean', description: 'list as JSON, for scripts' },
    { name: 'from', type: 'string', value: 'FILE|URL', description: 'copy: the record (file or URL) to copy from' },
    { name: 'to', type: 'string', value: 'FILE|URL', description: 'copy: the record (file or URL) to copy to' },
    { name: 'release', type: 'string', value: 'RUN', description: "reservations: end this run's reservations (as `release --run RUN`)" },
  ],
  examples: [
    'cdktf-headroom records list',
    "cdktf-headroom records reset 'qingcloud:*' --file=cdktf.lookups.json",
    'cdktf-headroom records history 1 --json',
    'cdktf-headroom records copy --from cdktf.lookups.json --to postgres://ci@db/headroom',
  ],
  async run(args, io) {
    declareLookupKinds(LOOKUP_KINDS); // every kind, so that every entry is checked against its shape
    const { values: flags, positionals } = parse(args);
    const [sub, ...positional] = positionals;
    if (sub === 'copy') {
      noPositional(sub, positional);
      if (!flags.from || !flags.to)
        throw new InputError(
          'records copy needs --from FILE|URL and --to FILE|URL, e.g. `records copy --from cdktf.lookups.json --to postgres://ci@db/headroom`',
        );
      const [from, to] = [lookupRecordStoreAt(flags.from), lookupRecordStoreAt(flags.to)];
      const count = copyLookupRecords(from, to);
      io.out(`copied ${count} record${count === 1 ? '' : 's'} from ${from.location} to ${to.location}\n`);
      return 0;
    }
    const store = flags.url
      ? lookupRecordStoreAt(flags.url)
      : flags.file
        ? lookupRecordStoreAt(flags.file)
        : openLookupRecordStore(projectSettingSources(flags.dir ?? process.cwd()), flags.dir ?? process.cwd());
    switch (sub) {
      case 'list':
        noPositional(sub, positional);
        return list(store, flags.json === true, io);
      case 'history':
        if (positional.length !== 1)
          throw new InputError(
            `records history needs one KEY or INDEX (as \`records list\` shows it), e.g. \`records history 1\`; got ${positional.length === 0 ? 'none' : `${positional.length}`}`,
          );
        return history(store, positional[0], flags.json === true, io);
      case 'reset':
        if (positional.length === 0)
          throw new InputError('records reset needs at least one KEY, INDEX (as `records list` shows it) or GLOB, e.g. `records reset "qingcloud:*"`');
        return reset(store, positional, io);
      case 'clear': {
        noPositional(sub, positional);
        const existed = store.exists();
        const count = store.clear();
        const what = count === undefined ? 'a file that was not a valid record' : `${count} record${count === 1 ? '' : 's'}`;
        io.out(existed ? `cleared ${store.location}: deleted ${what}\n` : `${store.location}: no record file; nothing to clear\n`);
        return 0;
      }
      case 'init': {
        noPositional(sub, positional);
        if (!(store instanceof PostgresRecordStore))
          throw new InputError(
            'records init creates the tables of a PostgreSQL record: name it with --url or HEADROOM_LOOKUP_RECORD_URL (a record file needs no init)',
          );
        io.out(`${store.location}: lookup record tables ready (schema version ${store.init()})\n`);
        return 0;
      }
      case 'reservations':
        noPositional(sub, positional);
        return reservations(store, flags.json === true, flags.release, io);
      default:
        throw new InputError(`records needs a subcommand: ${SUBCOMMANDS}; got ${sub === undefined ? 'none' : JSON.stringify(sub)}`);
    }
  },
};

function list(store: LookupRecordStore, json: boolean, io: CliIo): number {
  const records = store.list();
  const now = Date.now();
  if (json) {
    const rows = records.map((r, i) => ({
      index: i + 1,
      cloud: r.cloud,
      kind: r.kind,
      fetchedAt: r.fetchedAt,
      ageSeconds: r.invalid ? null : Math.round((now - Date.parse(r.fetchedAt)) / 1000),
      key: r.key,
      valid: !r.invalid,
      ...(r.invalid ? { problem: r.invalid } : {}),
    }));
    const where = store instanceof FileRecordStore ? { file: store.location } : { database: store.location };
    io.out(`${JSON.stringify({ ...where, records: rows }, null, 2)}\n`);
    return 0;
  }
  if (records.length === 0) {
    io.out(`${store.location}: no records${store.exists() ? '' : ' (no file)'}\n`);
    return 0;
  }
  io.out(`${store.location}: ${records.length} record${records.length === 1 ? '' : 's'}\n`);
  const table = [
    ['#', 'cloud', 'age', 'key'],
    ...records.map((r, i) => [String(i + 1), r.cloud, r.invalid ? 'INVALID' : age(now - Date.parse(r.fetchedAt)), r.key]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table)
    io.out(
      `${row
        .slice(0, 3)
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')}  ${row[3]}\n`,
    );
  const invalid = records.map((r, i) => [i + 1, r] as const).filter(([, r]) => r.invalid);
  for (const [i, r] of invalid) io.out(`#${i} is invalid and is never used: ${r.invalid}\n`);
  if (invalid.length > 0) io.out('Reset invalid records (`records reset INDEX`) and synthesize in live mode to record them again.\n');
  return 0;
}

function history(store: LookupRecordStore, selector: string, json: boolean, io: CliIo): number {
  // An exact key is asked for even when the record holds no entry for it now (reset, say).
  let key = selector;
  if (!selector.includes(' ')) {
    const keys = selectRecordKeys(
      selector,
      store.list().map((r: LookupRecord) => r.key),
    );
    if (keys.length !== 1) {
      io.err(
        `${JSON.stringify(selector)} names ${keys.length === 0 ? 'no record' : `${keys.length} records`} in ${store.location}; records history shows one key. ` +
          'Run `cdktf-headroom records list` for the keys and indexes.\n',
      );
      return 1;
    }
    key = keys[0];
  }
  const points = store.history(key);
  if (json) {
    const where = store instanceof FileRecordStore ? { file: store.location } : { database: store.location };
    io.out(`${JSON.stringify({ ...where, key, points: points.map((p) => ({ fetchedAt: p.fetchedAt, value: p.value })) }, null, 2)}\n`);
    return 0;
  }
  if (points.length === 0) {
    io.out(`${key}\n${store.location}: no history for this key (live synths add a point per answer; offline and cached ones add none)\n`);
    return 0;
  }
  io.out(
    `${key}\n${store.location}: ${points.length} point${points.length === 1 ? '' : 's'}, ${points[0].fetchedAt} to ${points[points.length - 1].fetchedAt}\n`,
  );
  const now = Date.now();
  points.forEach((p, i) => {
    const numbers = numbersOf(p.value)
      .map(([name, n]) => `${name}=${n}`)
      .join(' ');
    io.out(`${String(i + 1).padStart(String(points.length).length)}  ${p.fetchedAt}  ${age(now - Date.parse(p.fetchedAt)).padStart(4)}  ${numbers}\n`);
  });
  return 0;
}

function reservations(store: LookupRecordStore, json: boolean, release: string | undefined, io: CliIo): number {
  if (!store.reservations || !store.release) throw new InputError(`the lookup record ${store.location} keeps no reservations`);
  if (release !== undefined) {
    const gone = store.release(release);
    io.out(`${store.location}: released ${gone.length} reservation(s) of run ${release}\n`);
    return 0;
  }
  const live = store.reservations();
  if (json) {
    io.out(`${JSON.stringify({ store: store.location, reservations: live }, null, 2)}\n`);
    return 0;
  }
  if (live.length === 0) {
    io.out(`${store.location}: no live reservations\n`);
    return 0;
  }
  io.out(`${store.location}: ${live.length} live reservation(s)\n`);
  for (const r of live) {
    const left = Math.max(0, Math.round((Date.parse(r.expiresAt) - Date.parse(r.createdAt)) / 1000 - r.ageSeconds));
    io.out(
      `  ${r.quota}  ${r.headroom}  ${r.amount}  run ${r.run}  stack ${r.stack}  ${age(r.ageSeconds * 1000)} old, expires in ${age(left * 1000)}  by ${r.who}\n`,
    );
  }
  io.out('End a stale one with `cdktf-headroom release --run RUN` (or `records reservations --release RUN`).\n');
  return 0;
}

function reset(store: LookupRecordStore, selectors: string[], io: CliIo): number {
  const keys = store.list().map((r: LookupRecord) => r.key);
  const chosen = new Set<string>();
  for (const s of selectors) {
    const matched = selectRecordKeys(s, keys);
    if (matched.length === 0) {
      io.err(
        `no record matches ${JSON.stringify(s)} in ${store.location} (${keys.length} records); nothing was reset. Run \`cdktf-headroom records list\` for the keys and indexes.\n`,
      );
      return 1;
    }
    matched.forEach((k) => chosen.add(k));
  }
  const removed = store.remove([...chosen]).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  io.out(`reset ${removed.length} record${removed.length === 1 ? '' : 's'} in ${store.location}:\n${removed.map((r) => `  ${r.key}\n`).join('')}`);
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

/** The command line's flags and positional arguments; an unknown flag names the allowed ones. */
function parse(args: string[]): { values: RecordsFlags; positionals: string[] } {
  const { values, positionals } = parseCommandArgs(recordsCommand.options, args, { positionals: true });
  return { values: values as RecordsFlags, positionals };
}
