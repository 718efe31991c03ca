// One lookup outside a cdktf app: what `cdktf-headroom lookup` runs. It lives in the
// library (the CLI only parses flags and prints), and it runs the lookup construct itself
// in a throwaway app, so props are checked, credentials found, modes applied, the record
// read and written, and errors raised exactly as in a synth.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct, IConstruct } from 'constructs';
import { InputError } from '../core/errors';
import { anyFramework } from '../core/framework';
import { groupDigits } from '../core/text';
import { LookupEngine } from '../lookups/batch/engine';
import { openLookupRecordStore } from '../lookups/record/open-store';
import { LOOKUP_RECORD_FILE_CONTEXT, projectLookupRecordPath, projectSettingSources } from '../lookups/settings';
import { QUOTA_DETAIL } from '../clouds/huaweicloud/lookup-declaration';
import { QuotaDetail, QuotaDetailProps } from '../clouds/huaweicloud/quota-detail';
import { PROJECT_RESOURCE_STAT } from '../clouds/qingcloud/lookup-declaration';
import { ProjectResourceStat, ProjectResourceStatProps } from '../clouds/qingcloud/project-resource-stat';
import { EIP_BANDWIDTH_USAGE } from '../clouds/ucloud/lookup-declaration';
import { EipBandwidthUsage, EipBandwidthUsageProps } from '../clouds/ucloud/eip-bandwidth-usage';
import { CloudLookupDeclaration } from '../lookups/construct/lookup-construct';

/** The clouds a lookup can be run for, by the name the CLI takes. */
export const LOOKUP_CLOUDS = ['qingcloud', 'ucloud', 'huaweicloud'] as const;

/** A cloud a lookup can be run for. */
export type LookupCloud = (typeof LOOKUP_CLOUDS)[number];

/** One prop of a lookup construct as a command-line option. */
export interface LookupOptionSpec {
  /** The construct prop, e.g. `consoleId`. */
  readonly prop: string;
  /** The option name, e.g. `console-id` (for `--console-id`). */
  readonly option: string;
  /** How the text is read: as is, a whole number, a repeated option (a list), or a time (Unix seconds or ISO 8601). */
  readonly type: 'string' | 'integer' | 'list' | 'time';
  /** What it is, and its default. */
  readonly description: string;
  /** Whether the construct requires it. */
  readonly required?: boolean;
}

/** A lookup kind as the CLI offers it. */
export interface LookupCommandSpec {
  readonly cloud: LookupCloud;
  /** The construct the lookup runs, e.g. `ProjectResourceStat`. */
  readonly construct: string;
  /** The lookup kind, as in records, e.g. `qingcloud:GetProjectResourceStat`. */
  readonly kind: string;
  /** The construct's props, as options. */
  readonly options: readonly LookupOptionSpec[];
  /** A command line that runs it. */
  readonly example: string;
}

/**
 * One prop of a lookup construct as an option: its name on the command line is the prop's
 * in kebab case (`consoleId` is `--console-id`) unless `name` says otherwise.
 */
function option(prop: string, type: LookupOptionSpec['type'], description: string, how: { name?: string; required?: true } = {}): LookupOptionSpec {
  const spec = { prop, option: how.name ?? prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), type, description };
  return how.required ? { ...spec, required: true } : spec;
}

const REQUIRED = { required: true } as const;

/**
 * A lookup kind as the CLI offers it: the construct's own props as options, then the two
 * every cloud lookup has, worded from its declaration (`--page-size` with the declared
 * range and default, `--endpoint` with where the endpoint comes from when it is not given).
 */
function lookupCommand(
  cloud: LookupCloud,
  construct: string,
  declaration: Pick<CloudLookupDeclaration<never, object, never>, 'kind' | 'pageSize' | 'endpointDefault'>,
  own: readonly LookupOptionSpec[],
  example: string,
): LookupCommandSpec {
  const { min, max, default: pageSize } = declaration.pageSize;
  const range = `${groupDigits(min)} to ${groupDigits(max)}`;
  return {
    cloud,
    construct,
    kind: declaration.kind,
    options: [
      ...own,
      option('pageSize', 'integer', `rows per page, ${range}; default ${pageSize} (every page is read)`),
      option('endpoint', 'string', `API endpoint; default ${declaration.endpointDefault}`),
    ],
    example,
  };
}

/** Every lookup kind the CLI offers, with its props as options. */
export const LOOKUP_COMMANDS: Readonly<Record<LookupCloud, LookupCommandSpec>> = {
  qingcloud: lookupCommand(
    'qingcloud',
    'ProjectResourceStat',
    PROJECT_RESOURCE_STAT,
    [
      option('consoleId', 'string', 'console id (console_id), e.g. alphacloud', REQUIRED),
      option('projectId', 'string', 'project id (project_id), e.g. pj-xzvlxlb5', REQUIRED),
      option('owner', 'string', 'owner user id, e.g. usr-WantwZJ8', REQUIRED),
      option('zone', 'string', 'zone; default QINGCLOUD_ZONE, else zone of ~/.qingcloud/config.yaml'),
    ],
    'cdktf-headroom lookup qingcloud --console-id alphacloud --project-id pj-xzvlxlb5 --owner usr-WantwZJ8',
  ),
  ucloud: lookupCommand(
    'ucloud',
    'EipBandwidthUsage',
    EIP_BANDWIDTH_USAGE,
    [
      option('region', 'string', 'region, e.g. cn-bj2; default UCLOUD_REGION, else the CLI profile'),
      option('projectId', 'string', 'project id; default UCLOUD_PROJECT_ID, else the profile, else the default project'),
      option('eipIds', 'list', 'an EIP id (repeat for several); default every EIP of the region', { name: 'eip-id' }),
      option('beginTime', 'time', 'start, Unix seconds or ISO 8601; default not sent'),
      option('endTime', 'time', 'end, Unix seconds or ISO 8601; default not sent'),
    ],
    'cdktf-headroom lookup ucloud --region cn-bj2 --eip-id eip-abc --json',
  ),
  huaweicloud: lookupCommand(
    'huaweicloud',
    'QuotaDetail',
    QUOTA_DETAIL,
    [
      option('region', 'string', 'region, e.g. cn-north-4; default HW_REGION_NAME, else the KooCLI profile'),
      option('projectId', 'string', 'project id; default HW_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, the KooCLI profile, the credentials file'),
      option('enterpriseProjectId', 'string', 'enterprise project, e.g. all_granted_eps; default HW_ENTERPRISE_PROJECT_ID, else the API default'),
      option('version', 'string', 'edition filter, e.g. hss.version.enterprise; default every edition'),
      option('category', 'string', 'host_resource or container_resource; default both'),
      option('quotaStatus', 'string', 'normal, expired or freeze; default every status'),
      option('usedStatus', 'string', 'idle or used; default both'),
      option('chargingMode', 'string', 'packet_cycle or on_demand; default both'),
      option('hostName', 'string', 'host name filter; default all'),
      option('resourceId', 'string', 'quota id filter; default all'),
    ],
    'cdktf-headroom lookup huaweicloud --region cn-north-4 --enterprise-project-id all_granted_eps --version hss.version.enterprise',
  ),
};

/**
 * Turns option texts into a lookup construct's props (`--page-size 50` into `pageSize: 50`).
 * Throws an `InputError` naming the option for a value of the wrong form; the construct
 * checks the rest, as it does in an app.
 */
export function lookupPropsFromOptions(cloud: LookupCloud, values: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const spec of LOOKUP_COMMANDS[cloud].options) {
    const raw = values[spec.option];
    if (raw === undefined) continue;
    const texts = typeof raw === 'string' ? [raw] : [...raw];
    if (spec.type === 'list') {
      props[spec.prop] = texts;
      continue;
    }
    const text = texts[texts.length - 1];
    if (spec.type === 'integer') {
      if (!/^\s*-?\d+\s*$/.test(text)) throw new InputError(`--${spec.option} must be a whole number; got ${JSON.stringify(text)}.`);
      props[spec.prop] = Number(text);
    } else if (spec.type === 'time') {
      if (/^\s*\d+\s*$/.test(text)) props[spec.prop] = Number(text);
      else {
        const ms = Date.parse(text);
        if (Number.isNaN(ms))
          throw new InputError(
            `--${spec.option} must be Unix seconds (e.g. 1735689600) or an ISO 8601 time (e.g. 2025-01-01T00:00:00Z); got ${JSON.stringify(text)}.`,
          );
        props[spec.prop] = new Date(ms);
      }
    } else props[spec.prop] = text;
  }
  return props;
}

/** Where and how {@link runLookup} runs. */
export interface RunLookupOptions {
  /**
   * The project directory: its `cdktf.json` context (lookup mode, max age, record file) applies,
   * and the record file is found in it as synth finds it.
   * @default the current directory
   */
  readonly dir?: string;
  /**
   * Whether a fetched answer is written into the project's lookup record, as a synth writes
   * it. Off, the record is still read (offline and cached modes answer from it) and is left
   * as it was: a lookup run to debug does not change what the next synth reads.
   * @default true
   */
  readonly writeRecord?: boolean;
}

/** One lookup's values, as {@link runLookup} returns them. */
export interface LookupRun {
  readonly cloud: LookupCloud;
  readonly kind: string;
  /** The construct path errors and records name (`lookup/<cloud>`). */
  readonly path: string;
  /** When the values were fetched (from the record, offline or cached). */
  readonly fetchedAt: string;
  /** The single values a stack reads (counters, totals, lists such as `missingIds`), by the construct's property names. */
  readonly values: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
  /** The rows (resource groups, EIPs, quotas, statistics), by table name. */
  readonly tables: Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>;
  /** The lookup record it read or wrote: a file's path, or a PostgreSQL database (host and database, no password). */
  readonly record: string;
  /** Whether the answer was written into that record (a fetched answer, with {@link RunLookupOptions.writeRecord} on). */
  readonly recordWritten: boolean;
}

/**
 * Runs one lookup as a synth would: its construct, in a throwaway app made of the
 * installed framework, with the project's context; reads its values (which resolves
 * it through the worker, the record and the mode), and returns them as plain data.
 *
 * Throws what the construct throws in an app (bad props, missing credentials) and the
 * lookup's own typed error when it failed, with the same codes and messages.
 *
 * @example
 * const run = runLookup('qingcloud', { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
 * run.values.instanceCount;
 */
export function runLookup(cloud: LookupCloud, props: Readonly<Record<string, unknown>>, options: RunLookupOptions = {}): LookupRun {
  if (!(LOOKUP_CLOUDS as readonly string[]).includes(cloud)) {
    throw new InputError(`unknown cloud ${JSON.stringify(cloud)}; allowed: ${LOOKUP_CLOUDS.join(', ')}.`);
  }
  const dir = path.resolve(options.dir ?? process.cwd());
  // The record synth uses in that project: a relative file is taken from the project, not from here.
  const context = { ...projectContext(dir), [LOOKUP_RECORD_FILE_CONTEXT]: projectLookupRecordPath(dir) };
  const record = openLookupRecordStore(projectSettingSources(dir), dir).location;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-lookup-'));
  try {
    const fw = anyFramework().module;
    const app = new fw.App({ outdir, context });
    const stack = new fw.TerraformStack(app, 'lookup');
    const engine = LookupEngine.of(app);
    if (options.writeRecord === false) engine.readRecordOnly();
    const reading = READERS[cloud](stack, cloud, props);
    return { cloud, kind: LOOKUP_COMMANDS[cloud].kind, path: `lookup/${cloud}`, record, recordWritten: engine.recordStats.recorded > 0, ...reading };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** What one cloud's construct gives a {@link LookupRun}. */
type LookupReading = Pick<LookupRun, 'fetchedAt' | 'values' | 'tables'>;

/**
 * Each cloud's lookup as {@link runLookup} runs it: its construct, made in the throwaway
 * stack from the props (which the construct checks), and its values and rows read once the
 * lookup has not failed.
 */
const READERS: Readonly<Record<LookupCloud, (stack: Construct, id: string, props: Readonly<Record<string, unknown>>) => LookupReading>> = {
  qingcloud: (stack, id, props) => {
    const c = succeeded(new ProjectResourceStat(stack, id, props as unknown as ProjectResourceStatProps));
    return {
      fetchedAt: c.fetchedAt,
      values: { totalCount: c.totalCount, ...Object.fromEntries(Object.entries(c.totals).map(([k, v]) => [k, v ?? null])) },
      tables: { rows: plainRows(c.rows) },
    };
  },
  ucloud: (stack, id, props) => {
    const c = succeeded(new EipBandwidthUsage(stack, id, props as unknown as EipBandwidthUsageProps));
    const { region, totalCount, totalMbps, maxMbps } = c;
    return {
      fetchedAt: c.fetchedAt,
      values: { region, projectId: c.projectId ?? null, totalCount, totalMbps, maxMbps, missingIds: [...c.missingIds] },
      tables: { eips: plainRows(c.eips) },
    };
  },
  huaweicloud: (stack, id, props) => {
    const c = succeeded(new QuotaDetail(stack, id, props as unknown as QuotaDetailProps));
    const { projectId, totalNum, usedNum, idleNum, normalNum, expiredNum, frozenNum, packetCycleNum, onDemandNum } = c;
    return {
      fetchedAt: c.fetchedAt,
      values: { region: c.region ?? null, projectId, totalNum, usedNum, idleNum, normalNum, expiredNum, frozenNum, packetCycleNum, onDemandNum },
      tables: { statistics: plainRows(c.statistics), quotas: plainRows(c.quotas) },
    };
  },
};

/** The construct, once its lookup is known not to have failed; else the lookup's own error is thrown. */
function succeeded<C extends IConstruct & { readonly lookupError: Error | undefined }>(c: C): C {
  const err = c.lookupError;
  if (err) throw err;
  return c;
}

/** Typed rows as the plain records a {@link LookupRun} carries. */
function plainRows(rows: readonly object[]): Record<string, unknown>[] {
  return rows as unknown as Record<string, unknown>[];
}

function projectContext(dir: string): Record<string, unknown> {
  const file = path.join(dir, 'cdktf.json');
  if (!fs.existsSync(file)) return {};
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
  } catch (err) {
    throw new InputError(`${file} is not valid JSON (${(err as Error).message}); fix it, or run from another directory with --dir.`);
  }
}
