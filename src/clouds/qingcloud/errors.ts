// QingCloud's error bodies: how an answer is told apart from an error, and which errors are retried.
import { CloudAnswer } from '../../core/cloud-api';
import { AnswerContext, notCloudJson, readJsonObject } from '../../core/decode';
import { CloudCredentialsError, CloudServiceError, CloudServiceErrorDetails } from '../../core/errors';
import { cloudText } from '../../core/redact';
import { parseRetryAfter } from '../../core/retry';
import { HttpResponse } from '../../core/transport';

/**
 * Reads one QingCloud HTTP answer: the body when `ret_code` is 0, else the typed error
 * (a body that is not QingCloud JSON follows the shared rule of `notCloudJson`).
 */
export function readQingCloudAnswer(action: string, res: HttpResponse, secrets: readonly string[], nowMs: number): CloudAnswer {
  const head: AnswerContext = {
    cloud: 'qingcloud',
    describe: `QingCloud ${action}`,
    operation: action,
    status: res.status,
    requestId: qingCloudRequestId(res, undefined),
  };
  const body = readJsonObject(res.body, head);
  const ctx: AnswerContext = { ...head, requestId: qingCloudRequestId(res, body) };
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
  if (!body || typeof body.ret_code !== 'number') {
    throw notCloudJson(ctx, 'QingCloud', res.body, res.status >= 500 || res.status === 429, retryAfterMs);
  }
  if (body.ret_code === 0 && res.status < 300) return { body, ctx };
  const cloudMessage = cloudText(String(body.message ?? ''), secrets);
  throw qingCloudError(
    { cloud: 'qingcloud', operation: action, status: res.status, requestId: ctx.requestId, cloudCode: String(body.ret_code), cloudMessage },
    res.status,
    retryAfterMs,
  );
}

/**
 * The request id of a QingCloud answer: the `request_id` field of the body when it has
 * one, else the `X-Request-Id` header. (The official SDKs read neither and the API
 * documentation names none; these are the places it can come from.)
 */
function qingCloudRequestId(res: HttpResponse, body: Record<string, unknown> | undefined): string | undefined {
  const fromBody = body && typeof body.request_id === 'string' && body.request_id !== '' ? cloudText(body.request_id) : undefined;
  return fromBody ?? (res.headers['x-request-id'] || undefined);
}

/** Maps a non-zero `ret_code` to a typed error, per QingCloud's error-code table. */
export function qingCloudError(d: Omit<CloudServiceErrorDetails, 'retryable'>, status: number, retryAfterMs: number | undefined): CloudServiceError {
  const head = `QingCloud ${d.operation} failed with ret_code ${d.cloudCode} (${d.cloudMessage || 'no message'})${d.requestId ? ` (request id ${d.requestId})` : ''}`;
  switch (d.cloudCode) {
    case '1200':
      return new CloudCredentialsError(
        `${head}: authentication failed: the access key id does not exist or the signature does not match. Check the access key pair.`,
        d,
      );
    case '1300':
      return new CloudCredentialsError(
        `${head}: the request expired: its time_stamp was more than 60 s off QingCloud's clock. Sync this machine's clock (NTP).`,
        d,
      );
    case '2500':
      return new CloudServiceError(
        `${head}: quota exceeded: a resource quota, or the daily API request quota, which resets at 00:00. Not retried; ask QingCloud to raise the quota or wait for the reset.`,
        { ...d, retryable: false },
      );
    case '5100':
      // ServerBusy: QingCloud's way of saying "too many requests now"; fewer are sent at once.
      return new CloudServiceError(`${head}: the server is busy (throttling); retried with fewer requests at once.`, {
        ...d,
        retryable: true,
        throttled: true,
        retryAfterMs,
      });
    case '5000':
    case '5300':
      return new CloudServiceError(`${head}: a transient server error; retried.`, { ...d, retryable: true, retryAfterMs });
    default:
      return new CloudServiceError(`${head}.`, { ...d, retryable: status >= 500 || status === 429, throttled: status === 429, retryAfterMs });
  }
}
