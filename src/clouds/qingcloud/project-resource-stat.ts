import { Construct } from 'constructs';
import { Validator } from '../../core/validate';
import { CloudLookupProps, LookupConstruct } from '../../lookups/construct/lookup-construct';
import { PROJECT_RESOURCE_STAT } from './lookup-declaration';
import { QingCloudKeys } from './credentials';
// Loading the resolver declares the kind, so the kind is known wherever the construct is.
import { PROJECT_RESOURCE_STAT_KIND } from './resolver';
import { ProjectResourceStatResult, ProjectResourceStatRow, ProjectResourceTotals, sumCounters } from './schema';

/**
 * Props of {@link ProjectResourceStat}: the query, and (from {@link CloudLookupProps})
 * where to send it, with which keys, and whether it is asked live, cached or offline.
 */
export interface ProjectResourceStatProps extends CloudLookupProps<QingCloudKeys> {
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
   * Rows per page (`limit`), 1 to 1000; every page is read whatever the size.
   * @default 60 (the API's default)
   */
  readonly pageSize?: number;
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
 * Not given as props, the keys are `QINGCLOUD_ACCESS_KEY`/`QINGCLOUD_SECRET_KEY`, else
 * those of ~/.qingcloud/config.yaml; the endpoint is `QINGCLOUD_ENDPOINT`, else the
 * config file's, else 'https://api.qingcloud.com/iaas/'.
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
    v.optionalString('zone', props.zone);
    const { access, pageSize } = this.openCloudLookup(v, props, PROJECT_RESOURCE_STAT);
    const endpoint = this.cloudEndpoint(v, props, PROJECT_RESOURCE_STAT, access);
    const zone = props.zone ?? access.settings.zone;
    const maxRows = this.maxRowsFor(props.maxRows);
    this.registerCloudLookup(access, props, PROJECT_RESOURCE_STAT, {
      endpoint,
      identity: { consoleId, projectId, owner, zone },
      query: { consoleId, projectId, owner, zone, pageSize, maxRows },
      description: `QingCloud GetProjectResourceStat for project ${projectId}, as seen at synth`,
      shown: { consoleId, projectId, owner, zone: zone ?? null },
      values: () => ({ totalCount: this.totalCount, totals: this.totals }),
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
