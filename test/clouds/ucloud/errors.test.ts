// UCloud's error classification (src/clouds/ucloud/errors.ts), on literal answers: each
// RetCode of the common error table (API-NOTES, the seeds) and each retried HTTP status
// gives its error class, code, exact message and retry decision.
import { readUCloudAnswer, ucloudError } from '../../../src/clouds/ucloud/errors';
import { HttpResponse } from '../../../src/core/transport';
import { cloudErrorBase, errorFields, httpAnswer as answer } from '../../_helpers/error-fields';
import { thrownBy } from '../../_helpers/rejection';

const OP = 'DescribeBandwidthUsage';
const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

function fields(res: HttpResponse, context?: { projectId?: string }, secrets: string[] = []): Record<string, unknown> {
  return errorFields(thrownBy(() => readUCloudAnswer(OP, res, secrets, NOW, context)));
}

const base = cloudErrorBase('ucloud', OP);

describe('readUCloudAnswer: answers', () => {
  it('returns the body and its context for RetCode 0 with a 2xx status', () => {
    const body = { RetCode: 0, Action: 'DescribeBandwidthUsageResponse' };
    expect(readUCloudAnswer(OP, answer(299, body, { 'x-ucloud-request-uuid': 'uuid-1' }), [], NOW)).toEqual({
      body,
      ctx: { cloud: 'ucloud', describe: 'UCloud DescribeBandwidthUsage', operation: OP, status: 299, requestId: 'uuid-1' },
    });
    expect(readUCloudAnswer(OP, answer(200, body, { 'x-ucloud-request-uuid': '' }), [], NOW).ctx.requestId).toBeUndefined();
  });

  it('refuses RetCode 0 with a status of 300 or more', () => {
    expect(fields(answer(300, { RetCode: 0 }))).toEqual({
      ...base,
      message: 'UCloud DescribeBandwidthUsage failed with RetCode 0 (no message): the request was refused; check the query parameters. Not retried.',
      status: 300,
      cloudCode: '0',
      cloudMessage: '',
      retryable: false,
    });
  });
});

describe('readUCloudAnswer: bodies that are not UCloud JSON', () => {
  it.each([
    [429, true],
    [502, true],
    [503, true],
    [504, true],
    [500, false],
    [501, false],
    [505, false],
  ])('HTTP %d with an HTML body: retryable %s', (status, retryable) => {
    expect(fields(answer(status, '<html>x</html>', { 'x-ucloud-request-uuid': 'u-2', 'retry-after': '4' }))).toEqual({
      ...base,
      message:
        `UCloud DescribeBandwidthUsage: HTTP ${status} with a body that is not a UCloud answer ("<html>x</html>") (request id u-2)` +
        `${retryable ? '; if this persists,' : ';'} check the endpoint URL.`,
      status,
      cloudCode: undefined,
      cloudMessage: undefined,
      requestId: 'u-2',
      retryable,
      retryAfterMs: 4000,
    });
  });

  it('refuses JSON whose RetCode is not a number', () => {
    expect(fields(answer(200, { RetCode: '0' }))).toMatchObject({
      cloudCode: undefined,
      retryable: true,
      message: expect.stringContaining('not a UCloud answer'),
    });
  });
});

describe('readUCloudAnswer: the error-code table', () => {
  const head = (code: number | string, msg = 'the message') => `UCloud DescribeBandwidthUsage failed with RetCode ${code} (${msg}) (request id u-9)`;
  const err = (code: number, status = 200, context?: { projectId?: string }) =>
    fields(answer(status, { RetCode: code, Message: 'the message' }, { 'x-ucloud-request-uuid': 'u-9', 'retry-after': '2' }), context);
  const cloud = (code: number, status = 200) => ({ ...base, status, cloudCode: String(code), cloudMessage: 'the message', requestId: 'u-9' });

  it.each([
    [110, 'the API gateway timed out waiting for the service; retried.', undefined],
    [150, 'the service is temporarily unavailable; retried.', undefined],
    [153, 'throttled: too many API requests; retried with fewer requests at once.', true],
    [2000, 'a service error; retried.', undefined],
    [8117, 'a service error; retried.', undefined],
  ])('RetCode %d is retried: %s', (code, words, throttled) => {
    expect(err(code)).toEqual({ ...cloud(code), message: `${head(code)}: ${words}`, retryable: true, throttled, retryAfterMs: 2000 });
  });

  it.each([
    [429, 'HTTP 429; retried with fewer requests at once.', true],
    [502, 'HTTP 502; retried.', undefined],
    [503, 'HTTP 503; retried.', undefined],
    [504, 'HTTP 504; retried.', undefined],
  ])('HTTP %d is retried whatever the RetCode', (status, words, throttled) => {
    expect(err(171, status)).toEqual({ ...cloud(171, status), message: `${head(171)}: ${words}`, retryable: true, throttled, retryAfterMs: 2000 });
  });

  it.each([
    [170, "the request reached UCloud without a Signature. Check that the endpoint is UCloud's API (or a proxy that forwards every parameter)."],
    [
      171,
      'the signature does not match: the private key is not the one of this public key, or a value was changed on the way. ' +
        'Check UCLOUD_PRIVATE_KEY (or the credentials prop) against https://console.ucloud.cn/uapi/apikey, without surrounding spaces.',
    ],
    [
      172,
      'UCloud knows no user with this public key. Check UCLOUD_PUBLIC_KEY (or the credentials prop) against https://console.ucloud.cn/uapi/apikey; ' +
        'UCloud also answers 172 when special characters in a GET request were not percent-encoded.',
    ],
    [174, 'the security token does not exist or has expired. Get new temporary credentials.'],
  ])('RetCode %d is a credentials error, not retried', (code, words) => {
    expect(err(code, 500)).toEqual({
      ...cloud(code, 500),
      class: 'CloudCredentialsError',
      code: 'HEADROOM_CREDENTIALS',
      message: `${head(code)}: ${words}`,
      retryable: false,
    });
  });

  it.each([
    [160, "the endpoint did not accept the action DescribeBandwidthUsage. Check that the endpoint is UCloud's API (default https://api.ucloud.cn/)."],
    [161, "the endpoint did not accept the action DescribeBandwidthUsage. Check that the endpoint is UCloud's API (default https://api.ucloud.cn/)."],
    [293, 'this account has no permission in that region or zone. Check the region, or ask the account owner to grant it.'],
    [294, "UCloud refused this machine's source IP. Add it to the API key's IP allow-list in the console."],
    [295, 'the account security lock refused the call. Unlock API access in the console, or use another key.'],
    [299, 'IAM denied DescribeBandwidthUsage. Grant the sub-account a policy that allows UNet DescribeBandwidthUsage in this project.'],
    [1999, 'the request was refused; check the query parameters. Not retried.'],
    [230, 'the request was refused; check the query parameters. Not retried.'],
  ])('RetCode %d is not retried', (code, words) => {
    expect(err(code)).toEqual({ ...cloud(code), message: `${head(code)}: ${words}`, retryable: false });
  });

  it('RetCode 292 names the project, or the default one', () => {
    const fix =
      'Check projectId / UCLOUD_PROJECT_ID (GetProjectList lists your projects, as org-xxxxxx ids), or leave it out to use the default project (sub-accounts must name one).';
    expect(err(292, 200, { projectId: 'org-abc' })).toEqual({
      ...cloud(292),
      message: `${head(292)}: project "org-abc" does not exist or is not visible to this key. ${fix}`,
      retryable: false,
    });
    expect(err(292, 200, {})).toMatchObject({ message: `${head(292)}: project (default) does not exist or is not visible to this key. ${fix}` });
    expect(err(292, 200)).toMatchObject({ message: `${head(292)}: project (default) does not exist or is not visible to this key. ${fix}` });
    const direct = ucloudError({ cloud: 'ucloud', operation: OP, status: 200, cloudCode: '292', cloudMessage: 'm' }, 200, undefined);
    expect(direct.message).toBe(
      `UCloud DescribeBandwidthUsage failed with RetCode 292 (m): project (default) does not exist or is not visible to this key. ${fix}`,
    );
  });

  it.each([
    [400, 'HTTP 400; not retried.'],
    [500, 'HTTP 500; not retried.'],
    [399, 'the request was refused; check the query parameters. Not retried.'],
  ])('other codes below 2000 at HTTP %d are not retried', (status, words) => {
    expect(err(230, status)).toEqual({ ...cloud(230, status), message: `${head(230)}: ${words}`, retryable: false });
  });

  it('says "no message" without one, names no request id without one, and redacts secrets', () => {
    expect(fields(answer(200, { RetCode: 230 }))).toEqual({
      ...base,
      message: 'UCloud DescribeBandwidthUsage failed with RetCode 230 (no message): the request was refused; check the query parameters. Not retried.',
      status: 200,
      cloudCode: '230',
      cloudMessage: '',
      retryable: false,
    });
    expect(fields(answer(200, { RetCode: 171, Message: 'key PRIVATEKEY1 bad' }), undefined, ['PRIVATEKEY1'])).toMatchObject({
      cloudMessage: 'key *** bad',
      message: expect.stringMatching(/^UCloud DescribeBandwidthUsage failed with RetCode 171 \(key \*\*\* bad\): the signature does not match/),
    });
  });
});
