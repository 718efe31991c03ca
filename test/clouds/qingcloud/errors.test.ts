// QingCloud's error classification (src/clouds/qingcloud/errors.ts), on literal answers:
// each ret_code of the API's error table (API-NOTES, the seeds) gives its error class,
// code, exact message and retry decision.
import { readQingCloudAnswer } from '../../../src/clouds/qingcloud/errors';
import { HttpResponse } from '../../../src/core/transport';
import { cloudErrorBase, errorFields, httpAnswer as answer } from '../../_helpers/error-fields';
import { thrownBy } from '../../_helpers/rejection';

const OP = 'GetProjectResourceStat';
const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

function fields(res: HttpResponse, secrets: string[] = []): Record<string, unknown> {
  return errorFields(thrownBy(() => readQingCloudAnswer(OP, res, secrets, NOW)));
}

const base = cloudErrorBase('qingcloud', OP);

describe('readQingCloudAnswer: answers', () => {
  it('returns the body and its context for ret_code 0 with a 2xx status', () => {
    const body = { ret_code: 0, request_id: 'req-1', total_count: 0 };
    expect(readQingCloudAnswer(OP, answer(299, body), [], NOW)).toEqual({
      body,
      ctx: { cloud: 'qingcloud', describe: 'QingCloud GetProjectResourceStat', operation: OP, status: 299, requestId: 'req-1' },
    });
  });

  it('takes the request id from the body, else from X-Request-Id, else none', () => {
    const ok = (body: object, headers: Record<string, string>) => readQingCloudAnswer(OP, answer(200, body, headers), [], NOW).ctx.requestId;
    expect(ok({ ret_code: 0, request_id: 'body-id' }, { 'x-request-id': 'header-id' })).toBe('body-id');
    expect(ok({ ret_code: 0, request_id: '' }, { 'x-request-id': 'header-id' })).toBe('header-id');
    expect(ok({ ret_code: 0, request_id: 7 }, { 'x-request-id': 'header-id' })).toBe('header-id');
    expect(ok({ ret_code: 0 }, { 'x-request-id': 'header-id' })).toBe('header-id');
    expect(ok({ ret_code: 0 }, { 'x-request-id': '' })).toBeUndefined();
    expect(ok({ ret_code: 0 }, {})).toBeUndefined();
  });

  it('refuses ret_code 0 with a status of 300 or more (not retried)', () => {
    expect(fields(answer(300, { ret_code: 0 }))).toEqual({
      ...base,
      message: 'QingCloud GetProjectResourceStat failed with ret_code 0 (no message).',
      status: 300,
      cloudCode: '0',
      cloudMessage: '',
      retryable: false,
    });
  });
});

describe('readQingCloudAnswer: bodies that are not QingCloud JSON', () => {
  it.each([
    [500, true],
    [503, true],
    [499, false],
    [429, true],
    [428, false],
    [430, false],
  ])('HTTP %d with an HTML body: retryable %s', (status, retryable) => {
    expect(fields(answer(status, '<html>oops</html>', { 'x-request-id': 'hdr' }))).toEqual({
      ...base,
      message:
        `QingCloud GetProjectResourceStat: HTTP ${status} with a body that is not a QingCloud answer ("<html>oops</html>") (request id hdr)` +
        `${retryable ? '; if this persists,' : ';'} check the endpoint URL.`,
      status,
      cloudCode: undefined,
      cloudMessage: undefined,
      requestId: 'hdr',
      retryable,
    });
  });

  it('refuses JSON whose ret_code is not a number, and keeps Retry-After', () => {
    expect(fields(answer(503, { ret_code: '0', request_id: 'rid' }, { 'retry-after': '3' }))).toEqual({
      ...base,
      message:
        'QingCloud GetProjectResourceStat: HTTP 503 with a body that is not a QingCloud answer ("{\\"ret_code\\":\\"0\\",\\"request_id\\":\\"rid\\"}") (request id rid); if this persists, check the endpoint URL.',
      status: 503,
      cloudCode: undefined,
      cloudMessage: undefined,
      requestId: 'rid',
      retryable: true,
      retryAfterMs: 3000,
    });
  });
});

describe('readQingCloudAnswer: the error-code table', () => {
  const head = (code: string, msg = 'the message') => `QingCloud GetProjectResourceStat failed with ret_code ${code} (${msg}) (request id r-9)`;
  const err = (code: number, status = 200, extra: Record<string, string> = {}) =>
    fields(answer(status, { ret_code: code, message: 'the message', request_id: 'r-9' }, { 'retry-after': '2', ...extra }));
  const cloud = (code: number, status = 200) => ({ ...base, status, cloudCode: String(code), cloudMessage: 'the message', requestId: 'r-9' });

  it('1200: authentication failed, a credentials error, not retried', () => {
    expect(err(1200, 401)).toEqual({
      ...cloud(1200, 401),
      class: 'CloudCredentialsError',
      code: 'HEADROOM_CREDENTIALS',
      message: `${head('1200')}: authentication failed: the access key id does not exist or the signature does not match. Check the access key pair.`,
      retryable: false,
    });
  });

  it('1300: the request expired (clock), a credentials error, not retried', () => {
    expect(err(1300, 500)).toEqual({
      ...cloud(1300, 500),
      class: 'CloudCredentialsError',
      code: 'HEADROOM_CREDENTIALS',
      message: `${head('1300')}: the request expired: its time_stamp was more than 60 s off QingCloud's clock. Sync this machine's clock (NTP).`,
      retryable: false,
    });
  });

  it('2500: quota exceeded, not retried even on a 5xx', () => {
    expect(err(2500, 503)).toEqual({
      ...cloud(2500, 503),
      message: `${head('2500')}: quota exceeded: a resource quota, or the daily API request quota, which resets at 00:00. Not retried; ask QingCloud to raise the quota or wait for the reset.`,
      retryable: false,
    });
  });

  it('5100: ServerBusy is throttling, retried after Retry-After', () => {
    expect(err(5100)).toEqual({
      ...cloud(5100),
      message: `${head('5100')}: the server is busy (throttling); retried with fewer requests at once.`,
      retryable: true,
      throttled: true,
      retryAfterMs: 2000,
    });
  });

  it.each([5000, 5300])('%d: a transient server error, retried, not throttling', (code) => {
    expect(err(code)).toEqual({
      ...cloud(code),
      message: `${head(String(code))}: a transient server error; retried.`,
      retryable: true,
      retryAfterMs: 2000,
    });
  });

  it.each([
    [1100, 200, false, undefined],
    [1400, 400, false, undefined],
    [2100, 499, false, undefined],
    [2100, 500, true, undefined],
    [2100, 429, true, true],
    [2100, 430, false, undefined],
    [2100, 428, false, undefined],
  ])('other codes (%d, HTTP %d) follow the status: retryable %s, throttled %s', (code, status, retryable, throttled) => {
    expect(err(code, status)).toEqual({ ...cloud(code, status), message: `${head(String(code))}.`, retryable, throttled, retryAfterMs: 2000 });
  });

  it('says "no message" without one, names no request id without one, and redacts secrets', () => {
    expect(fields(answer(200, { ret_code: 2100 }))).toEqual({
      ...base,
      message: 'QingCloud GetProjectResourceStat failed with ret_code 2100 (no message).',
      status: 200,
      cloudCode: '2100',
      cloudMessage: '',
      retryable: false,
    });
    expect(fields(answer(200, { ret_code: 1200, message: 'key SECRETKEY1 refused' }), ['SECRETKEY1'])).toMatchObject({
      cloudMessage: 'key *** refused',
      message: expect.stringMatching(/^QingCloud GetProjectResourceStat failed with ret_code 1200 \(key \*\*\* refused\): authentication failed/),
    });
  });
});
