import { Construct } from 'constructs';
import { InputError } from '../../core/errors';
import { Validator } from '../../core/validate';
import { CloudLookupProps, LookupConstruct } from '../../lookups/construct/lookup-construct';
import { QUOTA_DETAIL } from './lookup-declaration';
import { HuaweiCloudAuth, PROJECT_ID_PLACES } from './credentials';
// Loading the resolver declares the kind, so the kind is known wherever the construct is.
import { QUOTA_DETAIL_KIND } from './resolver';
import { HssQuota, HssQuotaStatistics, QuotaDetailResult } from './schema';
import {
  HSS_CATEGORIES,
  HSS_CHARGING_MODES,
  HSS_QUOTA_STATUSES,
  HSS_USED_STATUSES,
  HSS_TEXT_FILTER_MAX_LENGTH,
  HSS_VERSIONS,
  HssVersion,
  QuotaDetailQuery,
} from './types';

/**
 * Props of {@link QuotaDetail}: the query's filters and page size (see
 * {@link QuotaDetailQuery}), the region and project, and (from {@link CloudLookupProps})
 * where to send it, with which keys, and whether it is asked live, cached or offline.
 */
export interface QuotaDetailProps extends QuotaDetailQuery, CloudLookupProps<HuaweiCloudAuth> {
  /**
   * Region id, e.g. `cn-north-4`; picks the endpoint `https://hss.{region}.myhuaweicloud.com`.
   * @default `HW_REGION_NAME`; required unless an endpoint is set (prop, `HUAWEICLOUD_SDK_REGION_HSS_<REGION>` or `HW_HSS_ENDPOINT`)
   */
  readonly region?: string;
  /**
   * Project id (`project_id`), 32 hex characters in the console's "My Credentials" page.
   * @default `HW_PROJECT_ID`, else `HUAWEICLOUD_SDK_PROJECT_ID`, else `project_id` under [basic] in ~/.huaweicloud/credentials; required
   */
  readonly projectId?: string;
  /**
   * Enterprise project (`enterprise_project_id`); `all_granted_eps` for every one.
   * @default `HW_ENTERPRISE_PROJECT_ID`, else not sent: the API's default, enterprise project `0`
   */
  readonly enterpriseProjectId?: string;
}

/** Shape of a region id: `cn-north-4`, `ap-southeast-1`, `my-kualalumpur-1`. */
const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** Project ids are 32 hex characters; accept the URL-safe characters they could grow into. */
const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Huawei Cloud HSS protection quotas (`ListQuotasDetail`), looked up while the app is
 * synthesized: HSS's own counters (used, idle, normal, expired, frozen), per-edition
 * statistics, and every quota row of every page, as plain values.
 *
 * Props, enums, ranges and credentials are checked at construction, before any request.
 * The query is registered then; the first read of any value resolves every pending
 * lookup of the app in one batch. The stack's `cdk.tf.json` gets a root variable
 * `headroom_<id>` with the query, the counters, the statistics and the fetch time.
 *
 * The `credentials` prop is an AK/SK pair (`{ accessKey, secretKey, securityToken? }`) or
 * a token (`{ authToken }`); given both, the key pair is used. Not given, they are
 * `HW_ACCESS_KEY`/`HW_SECRET_KEY`/`HW_SECURITY_TOKEN` or `HW_AUTH_TOKEN`, else
 * `HUAWEICLOUD_SDK_AK`/`_SK`/`_SECURITY_TOKEN`, else ~/.huaweicloud/credentials. The
 * endpoint (scheme and host, optionally a path prefix) is `HUAWEICLOUD_SDK_REGION_HSS_<REGION>`
 * (first of its list), else `HW_HSS_ENDPOINT`, else `https://hss.{region}.myhuaweicloud.com`
 * (`.eu` for eu-west-101).
 *
 * @example
 * const hss = new QuotaDetail(this, 'hss', {
 *   region: 'cn-north-4', projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
 *   enterpriseProjectId: 'all_granted_eps', version: 'hss.version.enterprise',
 * });
 * if (hss.idleQuotaFor('hss.version.enterprise') < newHosts) { ... }
 */
export class QuotaDetail extends LookupConstruct<QuotaDetailResult> {
  /** The lookup kind, as it appears in lookup keys and records. */
  static readonly KIND = QUOTA_DETAIL_KIND;

  /** The filters sent (after defaults from the environment). */
  public readonly query: QuotaDetailQuery;
  /** The project asked about. */
  public readonly projectId: string;
  /** The region, when one was given or found. */
  public readonly region?: string;

  constructor(scope: Construct, id: string, props: QuotaDetailProps = {}) {
    super(scope, id, (props as QuotaDetailProps | null | undefined)?.transport);
    const v = new Validator(this.node.path);
    props = v.props('QuotaDetail', props);
    if (props.region !== undefined) pattern(v, 'region', props.region, REGION_PATTERN, 'a region id such as "cn-north-4"');
    if (props.projectId !== undefined)
      pattern(
        v,
        'projectId',
        props.projectId,
        PROJECT_ID_PATTERN,
        'a project id such as "0a1b2c3d4e5f60718293a4b5c6d7e8f9" (letters, digits, - and _, up to 64)',
      );
    v.optionalString('enterpriseProjectId', props.enterpriseProjectId);
    const version = props.version === undefined ? undefined : v.oneOf('version', props.version, HSS_VERSIONS);
    const category = props.category === undefined ? undefined : v.oneOf('category', props.category, HSS_CATEGORIES);
    const quotaStatus = props.quotaStatus === undefined ? undefined : v.oneOf('quotaStatus', props.quotaStatus, HSS_QUOTA_STATUSES);
    const usedStatus = props.usedStatus === undefined ? undefined : v.oneOf('usedStatus', props.usedStatus, HSS_USED_STATUSES);
    const chargingMode = props.chargingMode === undefined ? undefined : v.oneOf('chargingMode', props.chargingMode, HSS_CHARGING_MODES);
    const hostName = props.hostName === undefined ? undefined : length(v, 'hostName', props.hostName, HSS_TEXT_FILTER_MAX_LENGTH.host_name);
    const resourceId = props.resourceId === undefined ? undefined : length(v, 'resourceId', props.resourceId, HSS_TEXT_FILTER_MAX_LENGTH.resource_id);
    const { access, pageSize } = this.openCloudLookup(v, props, QUOTA_DETAIL);
    const creds = access.settings;
    const region = creds.region;
    if (props.region === undefined && region !== undefined)
      pattern(v, 'region (from HW_REGION_NAME)', region, REGION_PATTERN, 'a region id such as "cn-north-4"');
    const projectId = creds.projectId;
    if (projectId === undefined) {
      throw new InputError(`${this.node.path}: projectId is required; none found in ${PROJECT_ID_PLACES}. Set one of them.`);
    }
    if (props.projectId === undefined)
      pattern(
        v,
        'projectId (from the environment or credentials file)',
        projectId,
        PROJECT_ID_PATTERN,
        'a project id such as "0a1b2c3d4e5f60718293a4b5c6d7e8f9"',
      );
    const endpoint = this.cloudEndpoint(v, props, QUOTA_DETAIL, access);
    const enterpriseProjectId = creds.enterpriseProjectId;
    if (props.enterpriseProjectId === undefined && enterpriseProjectId !== undefined) {
      v.nonEmptyString('enterpriseProjectId (from HW_ENTERPRISE_PROJECT_ID)', enterpriseProjectId);
    }

    const filters = { enterpriseProjectId, version, category, quotaStatus, usedStatus, hostName, resourceId, chargingMode };
    const maxRows = this.maxRowsFor(props.maxRows);
    this.query = { ...filters, pageSize, maxRows };
    this.projectId = projectId;
    this.region = region;
    const query = this.query;
    this.registerCloudLookup(access, props, QUOTA_DETAIL, {
      endpoint,
      identity: { projectId, ...filters },
      query,
      client: { projectId },
      description: `Huawei Cloud HSS ListQuotasDetail for project ${projectId}, as seen at synth`,
      shown: { projectId, region: region ?? null, ...Object.fromEntries(Object.entries(filters).map(([k, val]) => [k, val ?? null])) },
      values: () => {
        const { totalNum, usedNum, idleNum, normalNum, expiredNum, frozenNum, packetCycleNum, onDemandNum, statistics, usableIdleByVersion } = this;
        return { totalNum, usedNum, idleNum, normalNum, expiredNum, frozenNum, packetCycleNum, onDemandNum, statistics, usableIdleByVersion };
      },
    });
  }

  /** Every quota of every page. */
  get quotas(): HssQuota[] {
    return this.lookupValue.quotas;
  }

  /** Quotas per edition (`quota_statistics_list`), as HSS reported them. */
  get statistics(): HssQuotaStatistics[] {
    return this.lookupValue.quotaStatistics;
  }

  /** All quotas matching the query (`total_num`). */
  get totalNum(): number {
    return this.lookupValue.totalNum;
  }

  /** Quotas bound to a server (`used_num`), as HSS reported it. */
  get usedNum(): number {
    return this.lookupValue.usedNum;
  }

  /** Quotas bound to no server (`idle_num`), as HSS reported it; includes expired and frozen ones. */
  get idleNum(): number {
    return this.lookupValue.idleNum;
  }

  /** Quotas in normal status (`normal_num`). */
  get normalNum(): number {
    return this.lookupValue.normalNum;
  }

  /** Expired quotas (`expired_num`). */
  get expiredNum(): number {
    return this.lookupValue.expiredNum;
  }

  /** Frozen quotas (wire `freeze_num`). */
  get frozenNum(): number {
    return this.lookupValue.frozenNum;
  }

  /** Yearly/monthly quotas (`packet_cycle_num`). */
  get packetCycleNum(): number {
    return this.lookupValue.packetCycleNum;
  }

  /** Pay-per-use quotas (`on_demand_num`). */
  get onDemandNum(): number {
    return this.lookupValue.onDemandNum;
  }

  /** `create_time` of the answer as sent; null when absent. */
  get createTime(): number | null {
    return this.lookupValue.createTime;
  }

  /** `total_num` of one edition in `quota_statistics_list`; 0 when HSS lists none. */
  statisticsFor(version: HssVersion): number {
    return this.statistics.filter((s) => s.version === version).reduce((n, s) => n + s.totalNum, 0);
  }

  /**
   * Quotas a new server could be protected with: idle and in normal status, of one
   * edition (or of every edition when none is given). Counted from the rows (every
   * page), since HSS reports `idle_num` only across editions and statuses.
   */
  idleQuotaFor(version?: HssVersion): number {
    return this.quotas.filter((q) => q.usedStatus === 'idle' && q.quotaStatus === 'normal' && (version === undefined || q.version === version)).length;
  }

  /**
   * How many quotas protect the given servers (`host_id`), of one edition or of every
   * edition: the stack's own share of the quotas in use, for a headroom's `held`, when the
   * stack's servers are these. Counted from the rows (every page).
   *
   * A server with no quota in the answer holds nothing: it adds 0 (it is not protected,
   * or not created yet). That is what the answer says about the server, not a default for
   * a missing value: a quota row that lacks a documented field still fails the lookup. The
   * answer holds only the quotas the lookup's filters let through (`usedStatus`,
   * `hostName`, ...): filter so that the stack's quotas are among them. Duplicate ids count once.
   *
   * @param hostIds the stack's server ids, e.g. `['5d2e8b31-0c4f-4a7e-b6d9-000000000001']`
   * @param version one edition, e.g. `'hss.version.enterprise'`; every edition when left out
   * @throws an `InputError` for ids that are not an array of non-empty strings without
   * spaces, or an unknown edition; the lookup's error when it failed.
   * @example
   * const quotas = Headroom.of({ used: hss.usedNum, held: hss.quotasOnHosts(stackHostIds), limit: hss.totalNum, source: hss });
   */
  quotasOnHosts(hostIds: readonly string[], version?: HssVersion): number {
    const v = new Validator(this.node.path);
    const ids = v.idList('quotasOnHosts(hostIds)', hostIds, 'a server id (host_id) such as "5d2e8b31-0c4f-4a7e-b6d9-000000000001"');
    const edition = version === undefined ? undefined : v.oneOf('quotasOnHosts(version)', version, HSS_VERSIONS);
    return this.quotas.filter((q) => q.hostId !== null && ids.includes(q.hostId) && (edition === undefined || q.version === edition)).length;
  }

  /**
   * How many quotas in use (`used_status` `used`) carry every one of the given tags, of one
   * edition or of every edition: the stack's own share of the quotas in use, for a
   * headroom's `held`, when the stack tags the quotas of its servers (e.g. `{ stack: 'workers' }`).
   * Idle quotas are not counted, tagged or not: they are not part of what is used (see
   * {@link QuotaDetail.idleQuotaFor}). Counted from the rows (every page).
   *
   * A tag no quota carries holds nothing: it adds 0. That is what the answer says, not a
   * default for a missing value: a quota row that lacks a documented field still fails the
   * lookup. The answer holds only the quotas the lookup's filters let through.
   *
   * @param tags tag keys and values a quota must all carry, e.g. `{ env: 'prod' }`
   * @param version one edition; every edition when left out
   * @throws an `InputError` for tags that are not an object of at least one non-empty key
   * with a string value, or an unknown edition; the lookup's error when it failed.
   */
  quotasTagged(tags: Readonly<Record<string, string>>, version?: HssVersion): number {
    const v = new Validator(this.node.path);
    const allowed = 'an object of tag keys and values such as { env: "prod" }, with at least one tag';
    if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) v.fail('quotasTagged(tags)', tags, allowed);
    const wanted = Object.entries(tags);
    if (wanted.length === 0) v.fail('quotasTagged(tags)', tags, allowed);
    for (const [key, value] of wanted) {
      if (key.trim() === '') v.fail('quotasTagged(tags)', tags, `${allowed}; keys must not be blank`);
      if (typeof value !== 'string') v.fail(`quotasTagged(tags).${key}`, value, 'a string (the tag value)');
    }
    const edition = version === undefined ? undefined : v.oneOf('quotasTagged(version)', version, HSS_VERSIONS);
    return this.quotas.filter(
      (q) =>
        q.usedStatus === 'used' &&
        (edition === undefined || q.version === edition) &&
        wanted.every(([key, value]) => q.tags.some((t) => t.key === key && t.value === value)),
    ).length;
  }

  /** {@link idleQuotaFor} for every edition that has quotas, e.g. `{ 'hss.version.enterprise': 3 }`. */
  get usableIdleByVersion(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const q of this.quotas) {
      out[q.version] ??= 0;
      if (q.usedStatus === 'idle' && q.quotaStatus === 'normal') out[q.version]++;
    }
    return out;
  }

  /**
   * Quotas with an expiry time before `when` (a Date or epoch milliseconds), already
   * expired ones included; quotas that never expire (`expire_time` -1) are not.
   */
  quotasExpiringBefore(when: Date | number): HssQuota[] {
    const limit = typeof when === 'number' ? when : when.getTime();
    if (!Number.isFinite(limit)) throw new InputError(`${this.node.path}: quotasExpiringBefore needs a valid Date or epoch milliseconds; got ${String(when)}.`);
    return this.quotas.filter((q) => q.expireTime !== null && q.expireTime < limit);
  }
}

function pattern(v: Validator, field: string, value: unknown, re: RegExp, allowed: string): string {
  if (typeof value !== 'string' || !re.test(value)) v.fail(field, value, allowed);
  return value;
}

function length(v: Validator, field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > max) {
    v.fail(field, value, `a string of 1 to ${max} characters`, typeof value === 'string' && value.length > max ? `It has ${value.length}.` : undefined);
  }
  return value;
}
