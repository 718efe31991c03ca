import { Construct } from 'constructs';
import { TransportOptions } from '../../core/transport';
import { checkTransportOptions } from '../../core/transport-options';
import { Validator } from '../../core/validate';
import { LookupEngine, LookupHandle } from '../../lookups/engine';
import { LookupCredentials } from '../../lookups/lookup-credentials';
import { LookupModeProps } from '../../lookups/lookup-mode';
import { LookupProvenance } from '../../lookups/lookup-provenance';
import { addLookupOutput } from '../../lookups/lookup-output';
import { checkLookupEndpoint } from '../../lookups/transport-settings';
import { resolveQingCloudCredentials } from './credentials';
import { qingCloudEndpoint } from './endpoint';
import { PROJECT_RESOURCE_STAT_KIND, ProjectResourceStatLookupInput } from './resolver';
import { ProjectResourceStatResult, ProjectResourceStatRow, ProjectResourceTotals, QINGCLOUD_PAGE_SIZE } from './schema';
import { QingCloudKeys } from './signer';

/** Props of {@link ProjectResourceStat}. `lookupMode` and `lookupMaxAgeSeconds` choose live, cached or offline for this lookup. */
export interface ProjectResourceStatProps extends LookupModeProps {
  /** Console id (`console_id`), e.g. `alphacloud`. */
  readonly consoleId: string;
  /** Project id (`project_id`), e.g. `pj-xzvlxlb5`. */
  readonly projectId: string;
  /** Owner user id (`owner`), e.g. `usr-WantwZJ8`. */
  readonly owner: string;
  /**
   * Zone the call runs in (`zone`).
   * @default `QINGCLOUD_ZONE`, else the `zone` of ~/.qingcloud/config.yaml, else none
   */
  readonly zone?: string;
  /**
   * Rows per page (`limit`); every page is read whatever the size.
   * @default 60 (the API's default)
   */
  readonly pageSize?: number;
  /**
   * Most rows this lookup reads; a project with more fails the lookup with a
   * `HEADROOM_PAGINATION` error that says how many rows the cloud claims.
   * @default `HEADROOM_MAX_ROWS`, else cdktf context `headroom:maxRows`, else 100000
   */
  readonly maxRows?: number;
  /**
   * API endpoint, path included.
   * @default `QINGCLOUD_ENDPOINT`, else the endpoint of ~/.qingcloud/config.yaml, else 'https://api.qingcloud.com/iaas/'
   */
  readonly endpoint?: string;
  /**
   * Access key pair.
   * @default the chain: `QINGCLOUD_ACCESS_KEY`/`QINGCLOUD_SECRET_KEY`, then ~/.qingcloud/config.yaml
   */
  readonly credentials?: QingCloudKeys;
  /**
   * Deadlines, retries, concurrency and the plain-http opt-in of the HTTP calls (checked at construction).
   * @default 30 s per attempt, 60 s per lookup (or `HEADROOM_LOOKUP_DEADLINE`), 4 attempts, 64 requests in flight per endpoint
   */
  readonly transport?: TransportOptions;
}

/**
 * QingCloud project usage (`GetProjectResourceStat`), looked up while the app is
 * synthesized: per resource group and in total, as plain numbers.
 *
 * The query is registered when the construct is created; the first read of any value
 * resolves every pending lookup of the app in one batch. Props and credentials are
 * checked at construction, before any request. The stack's `cdk.tf.json` gets an output
 * `headroom_<id>` with the query, `totalCount`, `totals` and the fetch time.
 *
 * @example
 * const stat = new ProjectResourceStat(this, 'usage', {
 *   consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8',
 * });
 * if (stat.totals.instanceCount + 3 > 50) { ... }
 */
export class ProjectResourceStat extends Construct {
  /** The lookup kind, as it appears in lookup keys and records. */
  static readonly KIND = PROJECT_RESOURCE_STAT_KIND;

  private readonly lookup: LookupHandle<ProjectResourceStatResult>;

  constructor(scope: Construct, id: string, props: ProjectResourceStatProps) {
    super(scope, id);
    const v = new Validator(this.node.path);
    checkTransportOptions(props.transport, `${this.node.path}: transport`);
    const consoleId = v.nonEmptyString('consoleId', props.consoleId);
    const projectId = v.nonEmptyString('projectId', props.projectId);
    const owner = v.nonEmptyString('owner', props.owner);
    const pageSize =
      props.pageSize === undefined ? QINGCLOUD_PAGE_SIZE.default : v.integer('pageSize', props.pageSize, QINGCLOUD_PAGE_SIZE.min, QINGCLOUD_PAGE_SIZE.max);
    v.optionalString('zone', props.zone);
    if (props.endpoint !== undefined) v.url('endpoint', props.endpoint);
    if (props.credentials !== undefined) v.keyPair('credentials', props.credentials, ['accessKeyId', 'secretAccessKey']);
    // Offline, no keys are needed: the chain then gives only the endpoint and zone.
    const access = LookupCredentials.resolve(this, props, (ctx) => resolveQingCloudCredentials(props.credentials, ctx));
    const found = access.settings;
    const endpoint = qingCloudEndpoint(props.endpoint ?? found.endpoint);
    if (props.endpoint === undefined) v.url('endpoint (from QINGCLOUD_ENDPOINT or ~/.qingcloud/config.yaml)', endpoint);
    const zone = props.zone ?? found.zone;
    const maxRows = LookupEngine.of(this).maxRowsFor(this.node.path, props.maxRows);
    const query = { consoleId, projectId, owner, zone, pageSize, maxRows };
    if (access.mode !== 'offline') checkLookupEndpoint(this, endpoint, props.transport, LookupEngine.of(this).appTransport());
    this.lookup = access.register<ProjectResourceStatResult>({
      kind: ProjectResourceStat.KIND,
      identity: { endpoint, consoleId, projectId, owner, zone },
      account: (creds) => creds.accessKeyId,
      input: (creds): ProjectResourceStatLookupInput => ({
        credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
        endpoint,
        query,
        transport: props.transport ?? {},
      }),
    });
    addLookupOutput(this, `QingCloud GetProjectResourceStat for project ${projectId}, as seen at synth`, () => ({
      query: { consoleId, projectId, owner, zone: zone ?? null },
      totalCount: this.totalCount,
      totals: this.totals,
      fetchedAt: this.fetchedAt,
    }));
  }

  /** Every row of every page: one per resource group. */
  get rows(): ProjectResourceStatRow[] {
    return this.lookup.value.rows;
  }

  /** Each counter summed over all rows. */
  get totals(): ProjectResourceTotals {
    return this.lookup.value.totals;
  }

  /** `total_count` as the API reported it. */
  get totalCount(): number {
    return this.lookup.value.totalCount;
  }

  /** When the values were fetched (ISO 8601). */
  get fetchedAt(): string {
    return this.lookup.fetchedAt;
  }

  /** The lookup's error, or undefined when it succeeded (resolves the batch first). Gates use this to fail closed. */
  get lookupError(): Error | undefined {
    return this.lookup.error;
  }

  /** Where the values came from (cloud, API, query, mode, fetched at), for gate reports (resolves the batch first). */
  get lookupProvenance(): LookupProvenance {
    return this.lookup.provenance;
  }
}
