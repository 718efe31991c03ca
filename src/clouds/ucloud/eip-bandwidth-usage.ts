import { Construct } from 'constructs';
import { Validator } from '../../core/validate';
import { CloudLookupProps, LookupConstruct } from '../../lookups/construct/lookup-construct';
import { EIP_BANDWIDTH_USAGE } from './lookup-declaration';
import { UCloudKeys } from './credentials';
// Loading the resolver declares the kind, so the kind is known wherever the construct is.
import { EIP_BANDWIDTH_USAGE_KIND } from './resolver';
import { BandwidthUsageResult, EipBandwidth } from './schema';
import { BandwidthUsageQuery } from './types';

/** UCloud region ids: lower-case words joined by `-` (`cn-bj2`, `hk`, `us-ca`, `afr-nigeria`). */
const REGION_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The last second of 9999-12-31 UTC: a larger "Unix seconds" value is almost surely milliseconds. */
const MAX_UNIX_SECONDS = 253_402_300_799;

/**
 * Props of {@link EipBandwidthUsage}: the query, and (from {@link CloudLookupProps})
 * where to send it, with which keys, and whether it is asked live, cached or offline.
 */
export interface EipBandwidthUsageProps extends CloudLookupProps<UCloudKeys> {
  /**
   * Region (`Region`), e.g. `cn-bj2`. Required: here or in the environment.
   * @default `UCLOUD_REGION`, else the `region` of the UCloud CLI profile; an error when neither is set
   */
  readonly region?: string;
  /**
   * Project (`ProjectId`), e.g. `org-abc123`. Sub-accounts must give one.
   * @default `UCLOUD_PROJECT_ID`, else the `project_id` of the UCloud CLI profile, else none (the account's default project)
   */
  readonly projectId?: string;
  /**
   * EIPs to report (`EIPIds.0`, `EIPIds.1`, ...). Duplicates are sent once.
   * @default every EIP in the region
   */
  readonly eipIds?: readonly string[];
  /**
   * Start of the statistics window (`BeginTime`): a `Date`, or Unix seconds.
   * @default not sent (UCloud reports the last 5 minutes)
   */
  readonly beginTime?: Date | number;
  /**
   * End of the statistics window (`EndTime`): a `Date`, or Unix seconds. Not before `beginTime`.
   * @default not sent
   */
  readonly endTime?: Date | number;
  /**
   * EIPs per page (`Limit`), from 1 to 10,000,000 (the API's range; 0 would page
   * nothing). Every page is read whatever the size; a larger page means fewer requests.
   * @default 100 (the API's own default is 20)
   */
  readonly pageSize?: number;
}

/**
 * UCloud EIP bandwidth use (`DescribeBandwidthUsage`), looked up while the app is
 * synthesized: each EIP's bandwidth over the last 5 minutes in Mbps, the total and the
 * peak, as plain numbers.
 *
 * The query is registered when the construct is created; the first read of any value
 * resolves every pending lookup of the app in one batch. Props and credentials are
 * checked at construction, before any request. The stack's `cdk.tf.json` gets a root variable
 * `headroom_<id>` with the query, the count, total, peak and the fetch time.
 *
 * Not given as props, the keys are `UCLOUD_PUBLIC_KEY`/`UCLOUD_PRIVATE_KEY`, else those of
 * ~/.ucloud/credential.json (profile `UCLOUD_PROFILE`, else the active one, else `default`);
 * the endpoint is `UCLOUD_API_BASE_URL`, else the profile's `base_url`, else 'https://api.ucloud.cn/'.
 *
 * @example
 * const bw = new EipBandwidthUsage(this, 'bw', { region: 'cn-bj2', eipIds: ['eip-abc'] });
 * bw.eips;               // [{ eipId: 'eip-abc', curBandwidthMbps: 0.0000629 }]
 * bw.byId('eip-abc');    // the same row, or undefined
 * if (bw.maxMbps > 80) { ... }
 */
export class EipBandwidthUsage extends LookupConstruct<BandwidthUsageResult> {
  /** The lookup kind, as it appears in lookup keys and records. */
  static readonly KIND = EIP_BANDWIDTH_USAGE_KIND;

  /** The region queried (the prop, else from the environment or the CLI profile). */
  public readonly region: string;
  /** The project queried, when one was given or found. */
  public readonly projectId?: string;
  /** The EIP ids asked for (duplicates removed); empty means every EIP in the region. */
  public readonly eipIds: readonly string[];

  private index?: Map<string, EipBandwidth>;

  constructor(scope: Construct, id: string, props: EipBandwidthUsageProps = {}) {
    super(scope, id, (props ?? {}).transport);
    const v = new Validator(this.node.path);
    const p = v.props('EipBandwidthUsage', props);
    if (p.region !== undefined) region(v, 'region', p.region);
    const projectIdProp = p.projectId === undefined ? undefined : projectIdOf(v, 'projectId', p.projectId);
    const eipIds = eipIdsOf(v, p.eipIds);
    const beginTime = unixSeconds(v, 'beginTime', p.beginTime);
    const endTime = unixSeconds(v, 'endTime', p.endTime);
    if (beginTime !== undefined && endTime !== undefined && beginTime > endTime) {
      const end = p.endTime instanceof Date ? `${p.endTime.toISOString()}, ${endTime} s` : String(endTime);
      v.fail('beginTime', p.beginTime, `at or before endTime (${end})`, 'Swap them, or fix the window.');
    }
    const { access, pageSize } = this.openCloudLookup(v, p, EIP_BANDWIDTH_USAGE);
    const creds = access.settings;
    const endpoint = this.cloudEndpoint(v, p, EIP_BANDWIDTH_USAGE, access);
    if (p.region === undefined && creds.region === undefined) {
      v.fail(
        'region',
        undefined,
        'a UCloud region such as "cn-bj2"',
        'Set the region prop, or UCLOUD_REGION, or `region` in the UCloud CLI profile (~/.ucloud/config.json).',
      );
    }
    this.region = p.region ?? region(v, 'region (from UCLOUD_REGION or the UCloud CLI profile)', creds.region);
    this.projectId =
      projectIdProp ??
      (creds.projectId === undefined ? undefined : projectIdOf(v, 'projectId (from UCLOUD_PROJECT_ID or the UCloud CLI profile)', creds.projectId));
    this.eipIds = eipIds;

    const maxRows = this.maxRowsFor(p.maxRows);
    const query: BandwidthUsageQuery = { region: this.region, projectId: this.projectId, eipIds, beginTime, endTime, pageSize, maxRows };
    this.registerCloudLookup(access, p, EIP_BANDWIDTH_USAGE, {
      endpoint,
      identity: { region: this.region, projectId: this.projectId, eipIds: [...eipIds].sort(), beginTime, endTime },
      query,
      description: `UCloud DescribeBandwidthUsage in ${this.region}, as seen at synth`,
      shown: { region: this.region, projectId: this.projectId ?? null, eipIds, beginTime: beginTime ?? null, endTime: endTime ?? null },
      values: () => {
        const busiest = this.eips.reduce<EipBandwidth | undefined>((a, e) => (!a || e.curBandwidthMbps > a.curBandwidthMbps ? e : a), undefined);
        const { totalCount, totalMbps, maxMbps, missingIds } = this;
        return { totalCount, totalMbps, maxMbps, busiestEipId: busiest?.eipId ?? null, missingIds };
      },
    });
  }

  /** Every EIP of every page, in UCloud's order: `{ eipId, curBandwidthMbps }`. */
  get eips(): EipBandwidth[] {
    return this.lookupValue.eips;
  }

  /** Sum of `curBandwidthMbps` over all EIPs, in Mbps (0 when there are none). */
  get totalMbps(): number {
    return this.lookupValue.totalMbps;
  }

  /** The largest `curBandwidthMbps`, in Mbps (0 when there are no EIPs). */
  get maxMbps(): number {
    return this.lookupValue.maxMbps;
  }

  /** `TotalCount` as UCloud reported it (equals `eips.length`). */
  get totalCount(): number {
    return this.lookupValue.totalCount;
  }

  /** Requested EIP ids UCloud did not report (unknown, released, or in another region or project). Empty when none were requested. */
  get missingIds(): string[] {
    return this.eipIds.filter((id) => this.byId(id) === undefined);
  }

  /**
   * The summed current bandwidth (`CurBandwidth`, Mbps) of the given EIPs: the stack's own
   * share of the bandwidth, for a headroom's `held`, when the stack owns those EIPs.
   *
   * An EIP the answer does not list holds nothing: it adds 0 (it was released, or is not
   * created yet; {@link EipBandwidthUsage.missingIds} names the requested ones UCloud did
   * not report). That is what the answer says about the EIP, not a default for a missing
   * value: an EIP row without `CurBandwidth` still fails the lookup as a malformed answer.
   * When the lookup asked for some EIPs only (`eipIds`), every id given here must be one of
   * them, since the answer says nothing of the others. Duplicate ids count once.
   *
   * @param eipIds the stack's EIP ids, e.g. `['eip-bj2fk001']`
   * @throws an `InputError` for ids that are not an array of non-empty strings without
   * spaces, or an id outside the lookup's `eipIds`; the lookup's error when it failed.
   * @example
   * const bandwidth = Headroom.of({ used: bw.totalMbps, held: bw.totalMbpsOf(['eip-bj2fk001']), limit: 300, source: bw });
   */
  totalMbpsOf(eipIds: readonly string[]): number {
    const v = new Validator(this.node.path);
    const ids = v.idList('totalMbpsOf(eipIds)', eipIds, 'an EIP id such as "eip-abc"');
    if (this.eipIds.length > 0) {
      const outside = ids.find((id) => !this.eipIds.includes(id));
      if (outside !== undefined) {
        v.fail(
          'totalMbpsOf(eipIds)',
          outside,
          `one of the EIP ids this lookup asked for (${this.eipIds.join(', ')})`,
          'Add it to the eipIds prop, or leave that prop out to look up every EIP in the region.',
        );
      }
    }
    return ids.reduce((sum, id) => sum + (this.byId(id)?.curBandwidthMbps ?? 0), 0);
  }

  /** One EIP's row, or undefined when UCloud did not report it. */
  byId(eipId: string): EipBandwidth | undefined {
    this.index ??= new Map(this.eips.map((e) => [e.eipId, e]));
    return this.index.get(eipId);
  }
}

function region(v: Validator, field: string, value: unknown): string {
  if (typeof value !== 'string' || !REGION_PATTERN.test(value)) {
    v.fail(field, value, 'a UCloud region such as "cn-bj2" (lower-case letters, digits and "-")', 'See https://docs.ucloud.cn/api/summary/regionlist.');
  }
  return value;
}

function projectIdOf(v: Validator, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
    v.fail(field, value, 'a UCloud project id such as "org-abc123" (no spaces)', 'Leave it out to use the default project.');
  }
  return value;
}

function eipIdsOf(v: Validator, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) v.fail('eipIds', value, 'an array of EIP ids such as ["eip-abc"]', 'Leave it out for every EIP in the region.');
  const out: string[] = [];
  value.forEach((id: unknown, i: number) => {
    if (typeof id !== 'string' || id.trim() === '' || /\s/.test(id))
      v.fail(`eipIds[${i}]`, id, 'an EIP id such as "eip-abc" (a non-empty string without spaces)');
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

function unixSeconds(v: Validator, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) v.fail(field, 'Invalid Date', 'a valid Date or Unix seconds');
    return Math.floor(ms / 1000);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) v.fail(field, value, 'a Date or Unix seconds (a non-negative integer)');
  if (value > MAX_UNIX_SECONDS) {
    v.fail(field, value, `Unix seconds (at most ${MAX_UNIX_SECONDS})`, 'This looks like milliseconds: divide by 1000, or pass a Date.');
  }
  return value;
}
