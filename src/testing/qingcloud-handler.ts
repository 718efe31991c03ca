import { signQingCloudRequest } from '../clouds/qingcloud/signer';
import { QingCloudKeys } from '../clouds/qingcloud/credentials';
import { WireProjectResourceStatRow } from '../clouds/qingcloud/types';
import { FakeCloudHandler, FakeFaultKind, FakeRequest, FakeResponse } from './fake-cloud-types';
import { intParam, jsonResponse } from './json-response';

/** One QingCloud project the fake cloud knows. */
export interface FakeQingCloudProject {
  readonly consoleId: string;
  readonly owner: string;
  /** `GetProjectResourceStat` rows, in wire form. */
  readonly rows: WireProjectResourceStatRow[];
}

/** The QingCloud part of the fake cloud's data. */
export interface FakeQingCloudData {
  /** Projects by `project_id`. */
  readonly projects: Record<string, FakeQingCloudProject>;
  /**
   * Largest `limit` served; larger asks get this many rows (as a capped real API would).
   * @default no cap
   */
  readonly maxLimit?: number;
}

const SIGNED_BY_SIGNER = new Set(['signature', 'access_key_id', 'signature_method', 'signature_version', 'time_stamp']);

/**
 * Answers QingCloud IaaS action calls (`GET|POST /iaas/?action=...`) as QingCloud does:
 * signature version 1 checked (1200 on mismatch, 1300 when `time_stamp` is over 60 s
 * off), `offset`/`limit` paging with `total_count`, and `{ret_code, message}` errors.
 */
export function qingCloudHandler(data: FakeQingCloudData, keys: QingCloudKeys): FakeCloudHandler {
  // handle, operation and loggedParams all read a request's parameters: parse a form body once.
  const forms = new WeakMap<FakeRequest, URLSearchParams>();
  const params = (req: FakeRequest): URLSearchParams => {
    if (req.method !== 'POST') return req.url.searchParams;
    let form = forms.get(req);
    if (!form) forms.set(req, (form = new URLSearchParams(req.body)));
    return form;
  };
  const error = (ret_code: number, message: string, status = 200): FakeResponse => jsonResponse(status, { ret_code, message });
  return {
    cloud: 'qingcloud',
    answerShape: {
      total: 'total_count',
      list: 'data',
      id: 'resource_group_id',
      field: 'instance_count',
      offsetParam: 'offset',
      limitParam: 'limit',
      error: { status: 200, codeField: 'ret_code', code: 1400, messageField: 'message' },
    },
    matches: (req) => req.url.pathname.startsWith('/iaas'),
    operation: (req) => params(req).get('action') ?? '',
    loggedParams: (req) => Object.fromEntries([...params(req)].filter(([k]) => !SIGNED_BY_SIGNER.has(k))),
    fault(kind: FakeFaultKind): FakeResponse {
      if (kind === 'throttle') return error(5100, 'ServerBusy, the server is busy, please try again later');
      if (kind === 'serverError') return error(5000, 'InternalError, an internal error occurred', 500);
      return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' };
    },
    handle(req) {
      const p = params(req);
      const auth = verify(req, p, keys);
      if (auth) return auth;
      const action = p.get('action');
      if (action !== 'GetProjectResourceStat') return error(1100, `InvalidAction, action [${action}] is not supported by the fake cloud`);
      for (const name of ['console_id', 'project_id', 'owner']) {
        if (!p.get(name)) return error(1100, `MissingParameter, parameter [${name}] should not be empty`);
      }
      const offset = intParam(p.get('offset'), 0);
      const asked = intParam(p.get('limit'), 60);
      if (!(offset >= 0) || !(asked >= 1)) return error(1100, `InvalidParameter, offset [${p.get('offset')}] or limit [${p.get('limit')}] is invalid`);
      const project = data.projects[p.get('project_id')!];
      if (!project) return error(2100, `ResourceNotFound, project [${p.get('project_id')}] not found`);
      if (project.owner !== p.get('owner') || project.consoleId !== p.get('console_id')) {
        return error(
          1400,
          `PermissionDenied, project [${p.get('project_id')}] is not accessible to owner [${p.get('owner')}] on console [${p.get('console_id')}]`,
        );
      }
      const limit = Math.min(asked, data.maxLimit ?? asked);
      return jsonResponse(200, {
        action: 'GetProjectResourceStatResponse',
        ret_code: 0,
        total_count: project.rows.length,
        elapsed_time: 0.0023250579833984375,
        data: project.rows.slice(offset, offset + limit),
      });
    },
  };
}

function verify(req: FakeRequest, p: URLSearchParams, keys: QingCloudKeys): FakeResponse | undefined {
  const fail = (ret_code: number, message: string): FakeResponse => jsonResponse(200, { ret_code, message });
  if (p.get('access_key_id') !== keys.accessKeyId) return fail(1200, `AuthFailure, access key id [${p.get('access_key_id')}] does not exist`);
  const ts = Date.parse(p.get('time_stamp') ?? '');
  if (Number.isNaN(ts) || Math.abs(req.now - ts) > 60_000) return fail(1300, `RequestExpired, time_stamp [${p.get('time_stamp')}] is expired`);
  const method = p.get('signature_method');
  if (method !== 'HmacSHA256' && method !== 'HmacSHA1') return fail(1200, `AuthFailure, signature_method [${method}] is not supported`);
  const rest: Record<string, string> = {};
  for (const [k, v] of p) if (!SIGNED_BY_SIGNER.has(k)) rest[k] = v;
  const expected = signQingCloudRequest(
    { method: req.method === 'POST' ? 'POST' : 'GET', path: req.url.pathname, params: rest, signatureMethod: method },
    keys,
    new Date(ts),
  );
  if (p.get('signature') !== expected.signature) return fail(1200, 'AuthFailure, signature not matched');
  return undefined;
}
