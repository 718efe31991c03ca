// Huawei Cloud's error classification (src/clouds/huaweicloud/errors.ts), on literal
// answers: each status and APIG code (API-NOTES, the seeds) gives its error class, code,
// exact message and retry decision, and a 401 names its likely cause.
import { HuaweiAnswerContext, readHuaweiAnswer } from '../../../src/clouds/huaweicloud/errors';
import { HttpResponse } from '../../../src/core/transport';
import { cloudErrorBase, errorFields, httpAnswer as answer } from '../../_helpers/error-fields';
import { thrownBy } from '../../_helpers/rejection';

const OP = 'ListQuotasDetail';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const AKSK: HuaweiAnswerContext = { secrets: ['SECRETKEY1'], token: false, projectId: 'proj-1', origin: 'https://hss.example:8443' };
const TOKEN: HuaweiAnswerContext = { ...AKSK, token: true };

function fields(res: HttpResponse, c: HuaweiAnswerContext = AKSK, nowMs = NOW): Record<string, unknown> {
  return errorFields(thrownBy(() => readHuaweiAnswer(OP, res, c, nowMs)));
}

const base = cloudErrorBase('huaweicloud', OP);
const creds = { class: 'CloudCredentialsError', code: 'HEADROOM_CREDENTIALS', retryable: false };

describe('readHuaweiAnswer: answers', () => {
  it('returns the body and its context for a 2xx JSON answer', () => {
    const body = { total_num: 0, data_list: [], request_id: 'rq-1' };
    expect(readHuaweiAnswer(OP, answer(200, body), AKSK, NOW)).toEqual({
      body,
      ctx: { cloud: 'huaweicloud', operation: OP, status: 200, requestId: 'rq-1', describe: 'Huawei Cloud HSS ListQuotasDetail' },
    });
    expect(readHuaweiAnswer(OP, answer(299, { a: 1 }, { 'x-request-id': 'hdr' }), AKSK, NOW).ctx).toMatchObject({ status: 299, requestId: 'hdr' });
  });

  it('takes the request id from the body (text or number), else from X-Request-Id', () => {
    const rid = (body: object) => readHuaweiAnswer(OP, answer(200, body, { 'x-request-id': 'hdr' }), AKSK, NOW).ctx.requestId;
    expect(rid({ request_id: 'body-id' })).toBe('body-id');
    expect(rid({ request_id: 42 })).toBe('42');
    expect(rid({ request_id: '' })).toBe('hdr');
    expect(rid({ request_id: true })).toBe('hdr');
    expect(readHuaweiAnswer(OP, answer(200, {}), AKSK, NOW).ctx.requestId).toBeUndefined();
  });

  it('refuses a 2xx body that is cut JSON (retryable, as a garbled answer)', () => {
    expect(fields(answer(200, '{"total_num": 3', { 'retry-after': '3' }))).toEqual({
      ...base,
      message:
        'Huawei Cloud HSS ListQuotasDetail: HTTP 200 with a body that is not a Huawei Cloud answer ("{\\"total_num\\": 3"); if this persists, check the endpoint URL.',
      status: 200,
      cloudCode: undefined,
      cloudMessage: undefined,
      retryable: true,
    });
  });

  it.each([199, 300])('treats HTTP %d as an error', (status) => {
    expect(fields(answer(status, {}))).toEqual({
      ...base,
      message: `Huawei Cloud HSS ListQuotasDetail failed with HTTP ${status} (no message).`,
      status,
      cloudCode: undefined,
      cloudMessage: undefined,
      retryable: false,
    });
  });
});

describe('readHuaweiAnswer: error bodies', () => {
  it('reads error_code/error_msg, then code/message, then error.code/error.message, and redacts secrets', () => {
    const one = (body: object) => {
      const f = fields(answer(418, body));
      return [f.cloudCode, f.cloudMessage, f.message];
    };
    const head = (code: string, msg: string) => `Huawei Cloud HSS ListQuotasDetail failed with HTTP 418 ${code} (${msg}).`;
    expect(one({ error_code: 'HSS.1', error_msg: 'm1', code: 'C2', message: 'm2', error: { code: 'C3', message: 'm3' } })).toEqual([
      'HSS.1',
      'm1',
      head('HSS.1', 'm1'),
    ]);
    expect(one({ error_code: '', error_msg: '', code: 'C2', message: 'm2', error: { code: 'C3', message: 'm3' } })).toEqual(['C2', 'm2', head('C2', 'm2')]);
    expect(one({ error: { code: 'C3', message: 'm3 SECRETKEY1' } })).toEqual(['C3', 'm3 ***', head('C3', 'm3 ***')]);
    expect(one({ error_code: 7 })).toEqual(['7', undefined, head('7', 'no message')]);
  });
});

describe('readHuaweiAnswer: statuses and codes', () => {
  const head = (status: number, code = 'HSS.0001') =>
    `Huawei Cloud HSS ListQuotasDetail failed with HTTP ${status}${code ? ` ${code}` : ''} (the message) (request id rq-9)`;
  const err = (status: number, code = 'HSS.0001', c: HuaweiAnswerContext = AKSK) =>
    fields(answer(status, { error_code: code, error_msg: 'the message', request_id: 'rq-9' }, { 'retry-after': '2' }), c);
  const cloud = (status: number, code = 'HSS.0001') => ({ ...base, status, cloudCode: code, cloudMessage: 'the message', requestId: 'rq-9' });
  const throttled = "throttled (the API's request rate limit was reached); retried with backoff and fewer requests at once.";

  it.each([
    [429, 'HSS.0001'],
    [400, 'APIGW.0308'],
    [400, 'APIG.0308'],
    [503, 'APIGW.0308'],
  ])('HTTP %d %s is throttling, retried after Retry-After', (status, code) => {
    expect(err(status, code)).toEqual({
      ...cloud(status, code),
      message: `${head(status, code)}: ${throttled}`,
      retryable: true,
      throttled: true,
      retryAfterMs: 2000,
    });
  });

  it.each([500, 502, 599])('HTTP %d is a server error, retried', (status) => {
    expect(err(status)).toEqual({ ...cloud(status), message: `${head(status)}: a server error; retried.`, retryable: true, retryAfterMs: 2000 });
  });

  it.each([
    [403, 'permission denied. Check that the user has HSS read permission (e.g. HSS ReadOnlyAccess) in project proj-1.'],
    [400, 'HSS refused the query. Check the project id and filters.'],
    [404, 'no such API at https://hss.example:8443. Check the endpoint and region.'],
  ])('HTTP %d is not retried', (status, words) => {
    expect(err(status)).toEqual({ ...cloud(status), message: `${head(status)}: ${words}`, retryable: false });
  });

  it.each([402, 405, 499])('other HTTP %d is not retried', (status) => {
    expect(err(status)).toEqual({ ...cloud(status), message: `${head(status)}.`, retryable: false });
  });
});

describe('readHuaweiAnswer: 401', () => {
  const lock = ' Not retried: more than five failed AK/SK attempts in a row lock the key for five minutes.';
  const tokenFix = ' Not retried. Get a new token (IAM POST /v3/auth/tokens, header X-Subject-Token) scoped to this project, or use an AK/SK pair.';
  const head = (msg: string, code = 'APIGW.0301') => `Huawei Cloud HSS ListQuotasDetail failed with HTTP 401 ${code} (${msg}) (request id rq-4)`;
  const err = (msg: string, c: HuaweiAnswerContext = AKSK, headers: Record<string, string> = {}, nowMs = NOW) =>
    fields(answer(401, { error_code: 'APIGW.0301', error_msg: msg, request_id: 'rq-4' }, { 'retry-after': '2', ...headers }), c, nowMs);
  const cloud = (msg: string) => ({ ...base, ...creds, status: 401, cloudCode: 'APIGW.0301', cloudMessage: msg, requestId: 'rq-4' });

  it.each([
    ['The Token Has Expired.', 'the X-Auth-Token has expired (tokens last 24 hours)'],
    ['X-Auth-Token Not Found', 'no X-Auth-Token reached the API'],
    [
      'Incorrect IAM authentication information',
      'the X-Auth-Token is the likely cause: it is expired (tokens last 24 hours), malformed, or for another account or region',
    ],
  ])('with a token, %j: %s', (msg, cause) => {
    expect(err(msg, TOKEN)).toEqual({ ...cloud(msg), message: `${head(msg)}: ${cause}.${tokenFix}` });
  });

  it('with a token and no message, the token is the likely cause', () => {
    expect(fields(answer(401, {}), TOKEN)).toEqual({
      ...base,
      ...creds,
      status: 401,
      cloudCode: undefined,
      cloudMessage: undefined,
      message:
        'Huawei Cloud HSS ListQuotasDetail failed with HTTP 401 (no message): the X-Auth-Token is the likely cause: it is expired (tokens last 24 hours), malformed, or for another account or region.' +
        tokenFix,
    });
  });

  const KEY = 'the access key is the likely cause: Huawei Cloud does not know this AK. Check the access key (HW_ACCESS_KEY or the credentials prop)';
  const LOCKED = 'the access key is locked after repeated failed attempts. Fix the secret key, then wait five minutes before trying again';
  const STS = 'the security token is the likely cause: temporary credentials need their X-Security-Token, and it must be current';
  const SIG =
    'the signature is the likely cause: it did not match, so the secret key does not belong to the access key (or has stray spaces), ' +
    'or something between here and Huawei Cloud changed the request. Check the secret key';
  const OTHER = 'the signature, the key or the clock (X-Sdk-Date more than 15 minutes off) is wrong. Check the key pair and the clock';

  it.each([
    ['Get SecretKey failed', KEY],
    ['AK Not Exist', KEY],
    ['The AK Reach The Limit', LOCKED],
    ['Forbidden', LOCKED],
    ['Invalid Security Token', STS],
    ['SecurityToken bad', STS],
    ['Decrypt Token failed', STS],
    ['Incorrect Signature', SIG],
    ['Incorrect IAM authentication information', OTHER],
  ])('with AK/SK, %j: %s', (msg, cause) => {
    expect(err(msg)).toEqual({ ...cloud(msg), message: `${head(msg)}: ${cause}.${lock}` });
  });

  const clock = (minutes: number, direction: string) =>
    `the clock is the likely cause: this machine's clock is ${minutes} minutes ${direction} Huawei Cloud's ` +
    "(the answer's Date header), and X-Sdk-Date may be at most 15 minutes off. Sync this machine's clock (NTP)";

  it.each([
    // The server's Date, and this machine's clock (NOW is 12:00:00).
    ['Thu, 01 Jan 2026 11:40:00 GMT', clock(20, 'ahead of')],
    ['Thu, 01 Jan 2026 12:44:40 GMT', clock(45, 'behind')],
    ['Thu, 01 Jan 2026 11:44:59 GMT', clock(15, 'ahead of')],
    ['Thu, 01 Jan 2026 12:15:01 GMT', clock(15, 'behind')],
    ['Thu, 01 Jan 2026 11:45:00 GMT', SIG],
    ['Thu, 01 Jan 2026 12:15:00 GMT', SIG],
    ['not a date', SIG],
  ])('with AK/SK and Date %j, the cause is named', (date, cause) => {
    expect(err('Incorrect Signature', AKSK, { date })).toEqual({
      ...cloud('Incorrect Signature'),
      message: `${head('Incorrect Signature')}: ${cause}.${lock}`,
    });
  });

  it('a skewed clock comes before the message, and APIGW.0308 on a 401 is still a credentials error', () => {
    expect(err('AK Not Exist', AKSK, { date: 'Thu, 01 Jan 2026 10:00:00 GMT' }).message).toBe(`${head('AK Not Exist')}: ${clock(120, 'ahead of')}.${lock}`);
    const f = fields(answer(401, { error_code: 'APIGW.0308', error_msg: 'x' }, { 'retry-after': '2' }));
    expect(f).toMatchObject({ ...creds, throttled: undefined, retryAfterMs: undefined });
  });
});
