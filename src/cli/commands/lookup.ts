import { LOOKUP_CLOUDS, LOOKUP_COMMANDS, LookupCloud, LookupRun, lookupPropsFromOptions, runLookup } from '../../registry/run-lookup';
import { HeadroomError, InputError } from '../../core/errors';
import { LOOKUP_MODES } from '../../lookups/settings';
import { CliCommand, CliIo, CliOption, parseCommandArgs } from '../command';

/** Options every lookup takes, besides its cloud's props. */
const COMMON: readonly CliOption[] = [
  {
    name: 'mode',
    type: 'string',
    description: `lookup mode: ${LOOKUP_MODES.join(', ')}; default HEADROOM_LOOKUP_MODE, else the cdktf.json context, else live`,
  },
  { name: 'max-age', type: 'string', description: 'max age of a cached record, in seconds; default HEADROOM_LOOKUP_MAX_AGE, else the context, else 3600' },
  { name: 'dir', type: 'string', description: 'the project directory (its cdktf.json context and record file); default the current one' },
  {
    name: 'record',
    type: 'boolean',
    description: "write a fetched answer into the project's lookup record, as synth does; default off: the record is read (offline, cached) and left as it was",
  },
  { name: 'json', type: 'boolean', description: 'print JSON instead of tables' },
];

function cloudOptions(cloud: LookupCloud): CliOption[] {
  return [
    ...LOOKUP_COMMANDS[cloud].options.map((o): CliOption => ({
      name: o.option,
      type: 'string',
      ...(o.type === 'list' ? { multiple: true } : {}),
      description: `${o.required ? '(required) ' : ''}${o.description}`,
    })),
    ...COMMON,
  ];
}

/**
 * `cdktf-headroom lookup <cloud>`: runs one lookup as a synth would (same props, credential
 * chain, modes and record) and prints its values as tables, or JSON with `--json`.
 */
export const lookupCommand: CliCommand = {
  name: 'lookup',
  usage: `lookup ${LOOKUP_CLOUDS.join('|')} [options]   (cdktf-headroom lookup CLOUD --help for its options)`,
  summary:
    "Look one lookup's values up from the shell, as a synth would: the construct's props as options, the same credential chain (keys are never options), " +
    'lookup modes and record file; errors are the ones a synth gives. Exit 0 with the values, 2 on an error.',
  options: COMMON,
  examples: [...LOOKUP_CLOUDS.map((c) => LOOKUP_COMMANDS[c].example), 'HEADROOM_LOOKUP_MODE=offline cdktf-headroom lookup ucloud --region cn-bj2'],
  async run(args, io) {
    const cloud = args[0] as LookupCloud;
    if (cloud === undefined || cloud.startsWith('-') || !(LOOKUP_CLOUDS as readonly string[]).includes(cloud)) {
      throw new InputError(
        `lookup needs a cloud first: ${LOOKUP_CLOUDS.join(', ')}; got ${cloud === undefined ? 'none' : JSON.stringify(cloud)}. Example: ${LOOKUP_COMMANDS.qingcloud.example}`,
      );
    }
    const values = parseCommandArgs(cloudOptions(cloud), args.slice(1)).values;
    const props: Record<string, unknown> = lookupPropsFromOptions(cloud, values as Record<string, string | string[] | undefined>);
    if (values.mode !== undefined) props.lookupMode = values.mode;
    if (values['max-age'] !== undefined) {
      const text = values['max-age'] as string;
      if (!/^\d+(\.\d+)?$/.test(text)) throw new InputError(`--max-age must be a number of seconds, 0 or more; got ${JSON.stringify(text)}`);
      props.lookupMaxAgeSeconds = Number(text);
    }
    let run: LookupRun;
    try {
      run = runLookup(cloud, props, { dir: values.dir as string | undefined, writeRecord: values.record === true });
    } catch (err) {
      if (err instanceof HeadroomError) {
        io.err(`cdktf-headroom lookup: ${err.code}: ${withFlagNames(err.message, cloud)}\n`);
        return 2;
      }
      throw err;
    }
    if (values.json) io.out(`${JSON.stringify(run, null, 2)}\n`);
    else printRun(run, io);
    for (const note of emptyNotes(run, values)) io.err(`cdktf-headroom lookup: ${note}\n`);
    return 0;
  },
};

/**
 * An error of the construct, in the words of the command line: a prop the user gave as a
 * flag is named by that flag (`--project-id must be ...`, not `projectId must be ...`).
 */
function withFlagNames(message: string, cloud: LookupCloud): string {
  let text = message;
  const head = `lookup/${cloud}: `;
  for (const o of LOOKUP_COMMANDS[cloud].options) {
    const named = new RegExp(`(^|${head})${o.prop}(\\[\\d+\\])?(?= )`);
    if (named.test(text)) text = text.replace(named, (_, pre: string) => `${pre}--${o.option}`).replace(/; got undefined\b/, '; got none');
    text = text.replace(`Set the ${o.prop} prop`, `Set --${o.option}`);
  }
  return text;
}

/** Notes for a lookup that found nothing of what it was asked for: ids that match nothing, or no rows at all. */
function emptyNotes(run: LookupRun, values: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const missing = run.values.missingIds;
  if (Array.isArray(missing) && missing.length > 0) {
    const given = (values['eip-id'] as string[] | undefined)?.length ?? missing.length;
    notes.push(
      `${missing.length} of ${given} --eip-id value${given === 1 ? '' : 's'} match${missing.length === 1 ? 'es' : ''} no EIP in region ${run.values.region}` +
        `${run.values.projectId ? ` (project ${run.values.projectId})` : ''}: ${missing.join(', ')}. Leave --eip-id out to list every EIP of the region.`,
    );
  } else if (Object.values(run.tables).every((rows) => rows.length === 0)) {
    notes.push(`the lookup found no rows (${Object.keys(run.tables).join(', ')}): nothing matches these options. Check the ids and filters given.`);
  }
  return notes;
}

/** The `--help` of `lookup CLOUD`: the cloud's props as options. */
export function lookupCloudHelp(cloud: LookupCloud): CliCommand {
  const spec = LOOKUP_COMMANDS[cloud];
  return {
    ...lookupCommand,
    usage: `lookup ${cloud} [options]`,
    summary: `Run ${/^[AEIOU]/.test(spec.construct) ? 'an' : 'a'} ${spec.construct} lookup (${spec.kind}) as a synth would, and print its values. Credentials come from the ${cloud} chain (see docs/configuration.md).`,
    options: cloudOptions(cloud),
    examples: [spec.example],
  };
}

function printRun(run: LookupRun, io: CliIo): void {
  io.out(`${run.kind} (fetched ${run.fetchedAt}; record ${run.record}${run.recordWritten ? ', written' : ''})\n\n`);
  io.out(
    table(
      ['value', ''],
      Object.entries(run.values).map(([k, v]) => [k, cell(v)]),
    ),
  );
  for (const [name, rows] of Object.entries(run.tables)) {
    io.out(`\n${name}: ${rows.length} row${rows.length === 1 ? '' : 's'}\n`);
    if (rows.length === 0) continue;
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    io.out(
      table(
        columns,
        rows.map((r) => columns.map((c) => cell(r[c]))),
      ),
    );
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length === 0 ? '-' : v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all
    .map(
      (r) =>
        `${r
          .map((x, c) => (x ?? '').padEnd(widths[c]))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
