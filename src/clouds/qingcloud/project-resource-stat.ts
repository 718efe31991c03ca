import { Construct } from 'constructs';
import { TransportOptions } from '../../core/transport';
import { Validator } from '../../core/validate';
import { LookupConstruct } from '../../lookups/lookup-construct';
import { LookupCredentials } from '../../lookups/lookup-credentials';
import { LookupModeProps } from '../../lookups/lookup-mode';
import { resolveQingCloudCredentials } from './credentials';
import { qingCloudEndpoint } from './endpoint';
import { PROJECT_RESOURCE_STAT_KIND, ProjectResourceStatLookupInput } from './resolver';
import { ProjectResourceStatResult, ProjectResourceStatRow, ProjectResourceTotals, QINGCLOUD_PAGE_SIZE, sumCounters } from './schema';
import { QingCloudKeys } from './credentials';

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
 * checked at construction, before any request. The stack's `cdk.tf.json` gets a root variable
 * `headroom_<id>` with the query, `totalCount`, `totals` and the fetch time.
 *
 * @example
 * const stat = new ProjectResourceStat(this, 'usage', {
 *   consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8',
 * });
 * if (stat.totals.instanceCount + 3 > 50) { ... }
 */
export class ProjectResourceStat extends LookupConstruct<ProjectResourceStatResult> {
  /** The lookup kind, as it appears in lookup keys and records. */
  static readonly KIND = PROJECT_RESOURCE_STAT_KIND;

  constructor(scope: Construct, id: string, props: ProjectResourceStatProps) {
    super(scope, id, (props as ProjectResourceStatProps | null | undefined)?.transport);
    const v = new Validator(this.node.path);
    props = v.props(
      'ProjectResourceStat',
      props,
      'consoleId, projectId and owner, such as { consoleId: "alphacloud", projectId: "pj-xxxxxxxx", owner: "usr-xxxxxxxx" }',
    );
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
    const maxRows = this.maxRowsFor(props.maxRows);
    const query = { consoleId, projectId, owner, zone, pageSize, maxRows };
    this.registerLookup(access, {
      kind: ProjectResourceStat.KIND,
      identity: { endpoint, consoleId, projectId, owner, zone },
      account: (creds) => creds.accessKeyId,
      input: (creds): ProjectResourceStatLookupInput => ({
        credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
        endpoint,
        query,
        transport: props.transport ?? {},
      }),
      endpoint,
      transport: props.transport,
      description: `QingCloud GetProjectResourceStat for project ${projectId}, as seen at synth`,
      output: () => ({
        query: { consoleId, projectId, owner, zone: zone ?? null },
        totalCount: this.totalCount,
        totals: this.totals,
        fetchedAt: this.fetchedAt,
      }),
    });
  }

  /** Every row of every page: one per resource group. */
  get rows(): ProjectResourceStatRow[] {
    return this.lookupValue.rows;
  }

  /** Each counter summed over all rows. */
  get totals(): ProjectResourceTotals {
    return this.lookupValue.totals;
  }

  /** `total_count` as the API reported it. */
  get totalCount(): number {
    return this.lookupValue.totalCount;
  }

  /**
   * Each counter summed over the rows of the given resource groups (`resource_group_id`):
   * the stack's own share of the project, for a headroom's `held`, when the stack puts what
   * it creates in those groups. Same shape as {@link ProjectResourceStat.totals}.
   *
   * A group with no row in the answer holds nothing: its counters add 0 (e.g. a group the
   * stack has not created anything in yet). That is what the answer says about the group,
   * not a default for a missing value: a row that lacks a
   * documented field still fails the lookup as a malformed answer, and a counter only some
   * answers carry (`volumeSize`, `wanCpeBandwidth`) stays `undefined` when a matching row
   * lacks it. Duplicate ids count once.
   *
   * @param resourceGroupIds the groups the stack's resources are in, e.g. `['rg-workers']`
   * @throws an `InputError` for ids that are not an array of non-empty strings without
   * spaces; the lookup's error when it failed.
   * @example
   * const instances = Headroom.of({
   *   used: usage.totals.instanceCount,
   *   held: usage.resourceGroups(['rg-workers']).instanceCount,
   *   limit: 50,
   *   source: usage,
   * });
   */
  resourceGroups(resourceGroupIds: readonly string[]): ProjectResourceTotals {
    const ids = new Validator(this.node.path).idList('resourceGroups(resourceGroupIds)', resourceGroupIds, 'a resource group id such as "rg-workers"');
    return sumCounters(this.rows.filter((row) => ids.includes(row.resourceGroupId)));
  }
}
