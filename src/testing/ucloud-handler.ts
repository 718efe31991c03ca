import { randomUUID } from 'node:crypto';
import { ucloudSignature, ucloudValue } from '../clouds/ucloud/signer';
import { UCloudKeys } from '../clouds/ucloud/credentials';
import { WireBandwidthUsageEIPSet } from '../clouds/ucloud/types';
import { FakeCloudHandler, FakeFaultKind, FakeRequest, FakeResponse } from './fake-cloud-types';
import { intParam, jsonResponse } from './json-response';

/** One UCloud project the fake cloud knows: its EIPs, by region. */
export interface FakeUCloudProject {
  /** `DescribeBandwidthUsage` rows (wire form), by region id. A region listed with `[]` exists but has no EIP. */
  readonly regions: Record<string, WireBandwidthUsageEIPSet[]>;
}

/** The UCloud part of the fake cloud's data. */
export interface FakeUCloudData {
  /** Projects by `ProjectId` (`org-...`). */
  readonly projects: Record<string, FakeUCloudProject>;
  /** The project a request without `ProjectId` reads (the account's default project). */
  readonly defaultProjectId: string;
  /**
   * Largest `Limit` served; larger asks get this many rows (as a capped real API would).
   * @default no cap
   */
  readonly maxLimit?: number;
}

/** Parameters that authenticate a request: checked, never logged. */
const AUTH_PARAMS = new Set(['Signature', 'PublicKey']);

/**
 * Answers UCloud API calls (`POST /` with a form or JSON body, or `GET /?...`) as
 * UCloud does, always with HTTP 200 and an `X-UCLOUD-REQUEST-UUID` header:
 *
 * - signature: `RetCode` 170 when `Signature` is missing, 172 (`User Not Exists`) for an
 *   unknown `PublicKey`, 171 (`Signature VerifyAC Error`) when it does not match;
 * - errors as `{RetCode, Message, Action: "<Action>Response"}`: 160/161 for a missing or
 *   unknown action, 230 for a missing or bad parameter (`Region`, `Limit`, ...), 292 for
 *   an unknown `ProjectId`;
 * - `DescribeBandwidthUsage`: `Limit` (default 20) / `OffSet` paging with `TotalCount`,
 *   filtered by `EIPIds.N`; `EIPSet` left out when the region has no EIP at all.
 *
 * Faults: `throttle` is `RetCode` 153 with HTTP 200 (UCloud's documented throttling
 * code; the client retries it); `serverError` is an HTTP 502, then 503, then 502...
 * from the gateway with an HTML body (a run restarts at 502 after any normal answer);
 * `badBody` is HTTP 200 with an HTML page.
 */
export function ucloudHandler(data: FakeUCloudData, keys: UCloudKeys): FakeCloudHandler {
  let serverErrors = 0;
  // handle, operation and loggedParams all read a request's parameters: parse its body once.
  const parsed = new WeakMap<FakeRequest, Record<string, string> | undefined>();
  const params = (req: FakeRequest): Record<string, string> | undefined => {
    if (!parsed.has(req)) parsed.set(req, paramsOf(req));
    return parsed.get(req);
  };
  return {
    cloud: 'ucloud',
    answerShape: {
      total: 'TotalCount',
      list: 'EIPSet',
      id: 'EIPId',
      field: 'CurBandwidth',
      offsetParam: 'OffSet',
      limitParam: 'Limit',
      error: { status: 200, codeField: 'RetCode', code: 230, messageField: 'Message' },
    },
    matches: (req) => req.url.pathname === '/',
    operation: (req) => params(req)?.Action ?? '',
    loggedParams: (req) => Object.fromEntries(Object.entries(params(req) ?? {}).filter(([k]) => !AUTH_PARAMS.has(k))),
    fault(kind: FakeFaultKind, req: FakeRequest): FakeResponse {
      if (kind === 'throttle') return answer(params(req)?.Action, { RetCode: 153, Message: 'API Request Frequency Limit Exceeded, please retry later' });
      if (kind === 'serverError') {
        const status = serverErrors++ % 2 === 0 ? 502 : 503;
        const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
        return {
          status,
          headers: { 'content-type': 'text/html' },
          body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`,
        };
      }
      return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>UCloud API gateway: maintenance</body></html>' };
    },
    handle(req) {
      serverErrors = 0;
      const p = params(req);
      if (!p) return answer(undefined, { RetCode: 160, Message: 'Missing Action' });
      const action = p.Action;
      const auth = verify(p, keys);
      if (auth) return answer(action, auth);
      if (!action) return answer(action, { RetCode: 160, Message: 'Missing Action' });
      if (action !== 'DescribeBandwidthUsage') return answer(action, { RetCode: 161, Message: `Action [${action}] not found` });
      return describeBandwidthUsage(p, data);
    },
  };
}

function describeBandwidthUsage(p: Record<string, string>, data: FakeUCloudData): FakeResponse {
  const action = 'DescribeBandwidthUsage';
  const bad = (name: string): FakeResponse => answer(action, { RetCode: 230, Message: `Params [${name}] not available` });
  if (!p.Region) return answer(action, { RetCode: 230, Message: 'Missing params [Region]' });
  const projectId = p.ProjectId || data.defaultProjectId;
  const project = Object.hasOwn(data.projects, projectId) ? data.projects[projectId] : undefined;
  if (!project) return answer(action, { RetCode: 292, Message: `Project [${projectId}] not exists` });
  const known = Object.values(data.projects).some((pr) => Object.hasOwn(pr.regions, p.Region));
  if (!known) return bad('Region');
  const asked = intParam(p.Limit, 20);
  const offset = intParam(p.OffSet, 0);
  if (!(asked >= 0 && asked <= 10_000_000)) return bad('Limit');
  if (!(offset >= 0)) return bad('OffSet');
  for (const name of ['BeginTime', 'EndTime']) if (p[name] !== undefined && !(intParam(p[name], 0) >= 0)) return bad(name);
  const ids = Object.keys(p)
    .filter((k) => /^EIPIds\.\d+$/.test(k))
    .map((k) => p[k]);
  const all = Object.hasOwn(project.regions, p.Region) ? project.regions[p.Region] : [];
  const matching = ids.length ? all.filter((e) => ids.includes(e.EIPId ?? '')) : all;
  const limit = Math.min(asked, data.maxLimit ?? asked);
  const body: Record<string, unknown> = { Action: `${action}Response`, RetCode: 0, TotalCount: matching.length };
  if (all.length > 0) body.EIPSet = matching.slice(offset, offset + limit);
  return jsonResponse(200, body, { 'X-UCLOUD-REQUEST-UUID': randomUUID() });
}

/** A UCloud answer: HTTP 200 whatever happened, with the request id header. */
function answer(action: string | undefined, body: { RetCode: number; Message: string }): FakeResponse {
  return jsonResponse(200, { ...body, Action: `${action ?? ''}Response` }, { 'X-UCLOUD-REQUEST-UUID': randomUUID() });
}

/** The error of a request that fails authentication, or undefined when it passes. */
function verify(p: Record<string, string>, keys: UCloudKeys): { RetCode: number; Message: string } | undefined {
  if (!p.Signature) return { RetCode: 170, Message: 'Missing signature' };
  if (p.PublicKey !== keys.publicKey) return { RetCode: 172, Message: 'User Not Exists' };
  const { signature } = ucloudSignature(p, keys.privateKey);
  if (p.Signature !== signature) return { RetCode: 171, Message: 'Signature VerifyAC Error' };
  return undefined;
}

/** Request parameters as strings, from a query string, a form body or a JSON body; undefined when the body is not readable. */
function paramsOf(req: FakeRequest): Record<string, string> | undefined {
  if (req.method !== 'POST') return Object.fromEntries(req.url.searchParams);
  const type = String(req.headers['content-type'] ?? '');
  if (!type.includes('json')) return Object.fromEntries(new URLSearchParams(req.body));
  let json: unknown;
  try {
    json = JSON.parse(req.body || '{}');
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = ucloudValue(v);
  }
  return out;
}
