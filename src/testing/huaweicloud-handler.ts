import { randomUUID, timingSafeEqual } from 'node:crypto';
import { HUAWEI_MAX_CLOCK_SKEW_MS, parseHuaweiAuthorization, parseHuaweiSdkDate, signHuaweiRequest } from '../clouds/huaweicloud/signer';
import { HuaweiCloudKeys } from '../clouds/huaweicloud/credentials';
import { HSS_PAGE_SIZE } from '../clouds/huaweicloud/schema';
import {
  HSS_LISTED_FILTERS,
  HSS_MAX_OFFSET,
  HSS_TEXT_FILTER_MAX_LENGTH,
  HSS_VERSIONS,
  HssCategory,
  WireListQuotasDetailResponse,
  WireQuotaResource,
  WireQuotaStatistics,
} from '../clouds/huaweicloud/types';
import { FakeCloudHandler, FakeFaultKind, FakeRequest, FakeResponse } from './fake-cloud-types';
import { intParam, jsonResponse } from './json-response';

/** A quota row as the fake keeps it: the wire row, plus the category HSS filters on but does not return. */
export interface FakeHssQuotaRow extends WireQuotaResource {
  /**
   * Category the `category` filter matches; not part of the answer.
   * @default `container_resource` for `hss.version.container.*`, else `host_resource`
   */
  readonly category?: HssCategory;
}

/** The counters of an answer, for overriding what the fake would count. */
export type FakeHssSummary = Partial<
  Pick<
    WireListQuotasDetailResponse,
    'packet_cycle_num' | 'on_demand_num' | 'used_num' | 'idle_num' | 'normal_num' | 'expired_num' | 'freeze_num' | 'quota_statistics_list'
  >
>;

/** One Huawei Cloud project the fake knows. */
export interface FakeHuaweiCloudProject {
  /** Its HSS quotas, in wire form. */
  readonly quotas: FakeHssQuotaRow[];
  /**
   * Counters to answer with, verbatim, instead of counting the rows that match the query.
   * @default counted from the matching rows
   */
  readonly summary?: FakeHssSummary;
  /**
   * `create_time` of every answer.
   * @default 1700000000000
   */
  readonly createTime?: number;
}

/** The Huawei Cloud part of the fake cloud's data. */
export interface FakeHuaweiCloudData {
  /** Projects by project id. */
  readonly projects: Record<string, FakeHuaweiCloudProject>;
}

/** What the fake accepts: a permanent key pair, a temporary one with its security token, and a token. */
export interface FakeHuaweiCloudCredentials extends HuaweiCloudKeys {
  /** An `X-Auth-Token` the fake accepts for every project. */
  readonly authToken: string;
  /** Temporary credentials: accepted only with their `X-Security-Token`. */
  readonly temporary: Required<HuaweiCloudKeys>;
}

/**
 * Error codes the fake uses where HSS's own are not documented: 400 for a parameter HSS
 * would refuse, 403 for a project the caller cannot see. The shape (`error_code`,
 * `error_msg`, `request_id`, `X-Request-Id`) is Huawei Cloud's; these codes are stand-ins.
 */
export const FAKE_HSS_CODES = { invalidParameter: 'HSS.0001', projectNotAccessible: 'HSS.0004', serverError: 'HSS.0500' } as const;

const LIST_PATH = /^\/v5\/([^/]+)\/billing\/quotas-detail\/?$/;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

/**
 * Answers Huawei Cloud HSS `ListQuotasDetail` (`GET /v5/{project_id}/billing/quotas-detail`)
 * as HSS behind API Gateway does: AK/SK signatures recomputed from the request and
 * checked (401 `APIGW.0301` on a mismatch, an unknown key, or an `X-Sdk-Date` more than
 * 15 minutes off; more than five failures in a row lock the key for five minutes), a
 * configured `X-Auth-Token` accepted, temporary keys only with their `X-Security-Token`,
 * `offset`/`limit` paging (limit 10 to 200, default 10), every query filter, counters
 * over the matching rows, and Huawei Cloud's error body with `X-Request-Id`.
 * `host_name` matches when the server name contains it.
 */
export function huaweiCloudHandler(data: FakeHuaweiCloudData, creds: FakeHuaweiCloudCredentials): FakeCloudHandler {
  const failures = new Map<string, { count: number; lockedUntil: number }>();

  const error = (status: number, code: string, msg: string, headers: Record<string, string> = {}): FakeResponse => {
    const requestId = newRequestId();
    return jsonResponse(status, { error_code: code, error_msg: msg, request_id: requestId }, { 'x-request-id': requestId, ...headers });
  };
  const authError = (msg: string): FakeResponse => error(401, 'APIGW.0301', `Incorrect IAM authentication information: ${msg}`);

  /** Undefined when the request is authenticated, else the 401 to answer. */
  const authenticate = (req: FakeRequest): FakeResponse | undefined => {
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) {
      const parsed = parseHuaweiAuthorization(authorization);
      if (!parsed) return authError('verify aksk signature fail');
      const keys = [creds, creds.temporary].find((k) => k.accessKey === parsed.accessKey);
      if (!keys) return authError('Get secretKey failed,ak:******,err:ak not exist');
      const state = failures.get(keys.accessKey) ?? { count: 0, lockedUntil: 0 };
      if (state.lockedUntil > req.now) return authError('AK access failed to reach the limit,forbidden.');
      const fail = (msg: string): FakeResponse => {
        state.count++;
        if (state.count > LOCK_AFTER_FAILURES) state.lockedUntil = req.now + LOCK_MS;
        failures.set(keys.accessKey, state);
        return authError(msg);
      };
      const sdkDate = parseHuaweiSdkDate(header(req, 'x-sdk-date') ?? '');
      if (!parsed.signedHeaders.includes('x-sdk-date') || Number.isNaN(sdkDate)) return fail('verify aksk signature fail');
      // APIG reports a stale X-Sdk-Date as a failed signature too.
      if (Math.abs(req.now - sdkDate) > HUAWEI_MAX_CLOCK_SKEW_MS) return fail('verify aksk signature fail');
      const expected = signHuaweiRequest(
        {
          method: req.method,
          path: req.url.pathname.split('/').map(safeDecode).join('/'),
          query: queryOf(req.url.searchParams),
          headers: flatHeaders(req),
          body: req.body,
          signedHeaders: parsed.signedHeaders,
        },
        { accessKey: keys.accessKey, secretKey: keys.secretKey },
        new Date(sdkDate),
      );
      if (!same(expected.signature, parsed.signature)) return fail('verify aksk signature fail');
      if ('securityToken' in keys && header(req, 'x-security-token') !== keys.securityToken) return fail('decrypt token fail');
      failures.delete(keys.accessKey);
      return undefined;
    }
    const token = header(req, 'x-auth-token');
    if (token === undefined) return authError('x-auth-token not found');
    if (!same(token, creds.authToken)) return authError('decrypt token fail');
    return undefined;
  };

  return {
    cloud: 'huaweicloud',
    answerShape: {
      total: 'total_num',
      list: 'data_list',
      id: 'resource_id',
      field: 'used_num',
      offsetParam: 'offset',
      limitParam: 'limit',
      error: { status: 400, codeField: 'error_code', code: 'HSS.1001', messageField: 'error_msg' },
    },
    matches: (req) => req.url.pathname.startsWith('/v5/'),
    operation: (req) => (LIST_PATH.test(req.url.pathname) ? 'ListQuotasDetail' : ''),
    loggedParams: (req) => Object.fromEntries(req.url.searchParams),
    reset: () => failures.clear(),
    fault(kind: FakeFaultKind): FakeResponse {
      if (kind === 'throttle') {
        return error(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute', {
          'retry-after': '0',
        });
      }
      if (kind === 'serverError') return error(500, FAKE_HSS_CODES.serverError, 'System error, please try again later');
      // A connection cut mid-answer.
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-request-id': newRequestId() },
        body: '{"data_list":[{"resource_id":"af4d08ad-2b',
      };
    },
    handle(req) {
      const denied = authenticate(req);
      if (denied) return denied;
      const m = LIST_PATH.exec(req.url.pathname);
      if (!m || req.method !== 'GET') return error(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment');
      const projectId = safeDecode(m[1]);
      const xProject = header(req, 'x-project-id');
      const project = data.projects[projectId];
      if (!project || (xProject !== undefined && xProject !== projectId)) {
        return error(403, FAKE_HSS_CODES.projectNotAccessible, `The project ${projectId} does not exist or is not accessible to this user`);
      }
      const p = req.url.searchParams;
      const bad = (msg: string): FakeResponse => error(400, FAKE_HSS_CODES.invalidParameter, `Invalid parameter: ${msg}`);
      const offset = intParam(p.get('offset'), 0);
      const limit = intParam(p.get('limit'), 10);
      if (!(offset >= 0 && offset <= HSS_MAX_OFFSET)) return bad(`offset [${p.get('offset')}] must be 0 to ${HSS_MAX_OFFSET}`);
      if (!(limit >= HSS_PAGE_SIZE.min && limit <= HSS_PAGE_SIZE.max)) {
        return bad(`limit [${p.get('limit')}] must be ${HSS_PAGE_SIZE.min} to ${HSS_PAGE_SIZE.max}`);
      }
      for (const [name, allowed] of Object.entries(HSS_LISTED_FILTERS)) {
        const v = p.get(name);
        if (v !== null && !allowed.includes(v)) return bad(`${name} [${v}] is not one of ${allowed.join(', ')}`);
      }
      for (const [name, max] of Object.entries(HSS_TEXT_FILTER_MAX_LENGTH)) {
        const v = p.get(name);
        if (v !== null && (v.length < 1 || v.length > max)) return bad(`${name} must be 1 to ${max} characters`);
      }
      const ep = p.get('enterprise_project_id') ?? '0';
      const version = p.get('version');
      const category = p.get('category');
      const quotaStatus = p.get('quota_status');
      const usedStatus = p.get('used_status');
      const resourceId = p.get('resource_id');
      const chargingMode = p.get('charging_mode');
      const hostName = p.get('host_name');
      const rows = project.quotas.filter(
        (r) =>
          (ep === 'all_granted_eps' || (r.enterprise_project_id ?? '0') === ep) &&
          eq(version, r.version) &&
          (category === null || category === categoryOf(r)) &&
          eq(quotaStatus, r.quota_status) &&
          eq(usedStatus, r.used_status) &&
          eq(resourceId, r.resource_id) &&
          eq(chargingMode, r.charging_mode) &&
          (hostName === null || (r.host_name ?? '').includes(hostName)),
      );
      const requestId = newRequestId();
      return jsonResponse(
        200,
        {
          ...countersOf(rows),
          create_time: project.createTime ?? 1_700_000_000_000,
          quota_statistics_list: statisticsOf(rows),
          ...project.summary,
          total_num: rows.length,
          data_list: rows.slice(offset, offset + limit).map(({ category: _category, ...wire }) => wire),
        },
        { 'x-request-id': requestId },
      );
    },
  };
}

/** The counters HSS returns over the matching rows, counted in one pass, in answer order. */
function countersOf(rows: readonly FakeHssQuotaRow[]): Required<Omit<FakeHssSummary, 'quota_statistics_list'>> {
  const c = { packet_cycle_num: 0, on_demand_num: 0, used_num: 0, idle_num: 0, normal_num: 0, expired_num: 0, freeze_num: 0 };
  for (const r of rows) {
    if (r.charging_mode === 'packet_cycle') c.packet_cycle_num++;
    else if (r.charging_mode === 'on_demand') c.on_demand_num++;
    if (r.used_status === 'used') c.used_num++;
    else if (r.used_status === 'idle') c.idle_num++;
    if (r.quota_status === 'normal') c.normal_num++;
    else if (r.quota_status === 'expired') c.expired_num++;
    else if (r.quota_status === 'freeze') c.freeze_num++;
  }
  return c;
}

/** Rows per version, in {@link HSS_VERSIONS} order, versions without rows left out. */
function statisticsOf(rows: readonly FakeHssQuotaRow[]): WireQuotaStatistics[] {
  const byVersion = new Map<string | undefined, number>();
  for (const r of rows) byVersion.set(r.version, (byVersion.get(r.version) ?? 0) + 1);
  return HSS_VERSIONS.filter((version) => byVersion.has(version)).map((version) => ({ version, total_num: byVersion.get(version)! }));
}

function categoryOf(r: FakeHssQuotaRow): HssCategory {
  return r.category ?? (String(r.version ?? '').startsWith('hss.version.container') ? 'container_resource' : 'host_resource');
}

function eq(filter: string | null, value: string | undefined): boolean {
  return filter === null || filter === value;
}

function header(req: FakeRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function flatHeaders(req: FakeRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function queryOf(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of params) (out[k] ??= []).push(v);
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function newRequestId(): string {
  return randomUUID().replace(/-/g, '');
}
