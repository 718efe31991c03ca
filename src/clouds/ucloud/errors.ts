// UCloud's error bodies: how an answer is told apart from an error, and which errors are retried.
import { CloudAnswer } from '../../core/cloud-api';
import { AnswerContext, notCloudJson, readJsonObject } from '../../core/decode';
import { CloudCredentialsError, CloudServiceError, CloudServiceErrorDetails } from '../../core/errors';
import { cloudText } from '../../core/redact';
import { parseRetryAfter } from '../../core/retry';
import { HttpResponse } from '../../core/transport';

/** The header carrying UCloud's request id. */
export const UCLOUD_REQUEST_ID_HEADER = 'x-ucloud-request-uuid';

/** HTTP statuses the official SDKs retry. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Reads one UCloud HTTP answer: the body when `RetCode` is 0, else the typed error (a
 * body that is not UCloud JSON follows the shared rule of `notCloudJson`).
 */
export function readUCloudAnswer(
  action: string,
  res: HttpResponse,
  secrets: readonly string[],
  nowMs: number,
  context: { projectId?: string } = {},
): CloudAnswer {
  const requestId = res.headers[UCLOUD_REQUEST_ID_HEADER] || undefined;
  const ctx: AnswerContext = { cloud: 'ucloud', describe: `UCloud ${action}`, operation: action, status: res.status, requestId };
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
  const body = readJsonObject(res.body, ctx);
  if (!body || typeof body.RetCode !== 'number') throw notCloudJson(ctx, 'UCloud', res.body, RETRYABLE_STATUSES.has(res.status), retryAfterMs);
  if (body.RetCode === 0 && res.status < 300) return { body, ctx };
  const cloudMessage = cloudText(String(body.Message ?? ''), secrets);
  throw ucloudError(
    { cloud: 'ucloud', operation: action, status: res.status, requestId, cloudCode: String(body.RetCode), cloudMessage },
    res.status,
    retryAfterMs,
    context,
  );
}

function idNote(requestId: string | undefined): string {
  return requestId ? ` (request id ${requestId})` : '';
}

/**
 * Maps a non-zero `RetCode` to a typed error, per UCloud's common error-code table.
 *
 * Retried: HTTP 429/502/503/504 (as the Go and Python SDKs), `RetCode` 110 (gateway
 * timeout), 150 (service unavailable), 153 (throttled) and codes of 2000 and up
 * (service errors; the Go SDK's rule). The SDKs do not retry 110/150/153, but UCloud's
 * own table calls them transient. Everything else is the caller's to fix.
 */
export function ucloudError(
  d: Omit<CloudServiceErrorDetails, 'retryable'>,
  status: number,
  retryAfterMs: number | undefined,
  context: { projectId?: string } = {},
): CloudServiceError {
  const code = Number(d.cloudCode);
  const head = `UCloud ${d.operation} failed with RetCode ${d.cloudCode} (${d.cloudMessage || 'no message'})${idNote(d.requestId)}`;
  const fail = (fix: string): CloudServiceError => new CloudServiceError(`${head}: ${fix}`, { ...d, retryable: false });
  const retry = (what: string, throttled = false): CloudServiceError =>
    new CloudServiceError(`${head}: ${what}; retried${throttled ? ' with fewer requests at once' : ''}.`, {
      ...d,
      retryable: true,
      retryAfterMs,
      ...(throttled ? { throttled } : {}),
    });
  if (RETRYABLE_STATUSES.has(status)) return retry(`HTTP ${status}`, status === 429);
  switch (code) {
    case 110:
      return retry('the API gateway timed out waiting for the service');
    case 150:
      return retry('the service is temporarily unavailable');
    case 153:
      return retry('throttled: too many API requests', true);
    case 170:
      return new CloudCredentialsError(
        `${head}: the request reached UCloud without a Signature. Check that the endpoint is UCloud's API (or a proxy that forwards every parameter).`,
        d,
      );
    case 171:
      return new CloudCredentialsError(
        `${head}: the signature does not match: the private key is not the one of this public key, or a value was changed on the way. ` +
          'Check UCLOUD_PRIVATE_KEY (or the credentials prop) against https://console.ucloud.cn/uapi/apikey, without surrounding spaces.',
        d,
      );
    case 172:
      return new CloudCredentialsError(
        `${head}: UCloud knows no user with this public key. Check UCLOUD_PUBLIC_KEY (or the credentials prop) against https://console.ucloud.cn/uapi/apikey; ` +
          'UCloud also answers 172 when special characters in a GET request were not percent-encoded.',
        d,
      );
    case 174:
      return new CloudCredentialsError(`${head}: the security token does not exist or has expired. Get new temporary credentials.`, d);
    case 160:
    case 161:
      return fail(`the endpoint did not accept the action ${d.operation}. Check that the endpoint is UCloud's API (default https://api.ucloud.cn/).`);
    case 292:
      return fail(
        `project ${context.projectId ? JSON.stringify(context.projectId) : '(default)'} does not exist or is not visible to this key. ` +
          'Check projectId / UCLOUD_PROJECT_ID (GetProjectList lists your projects, as org-xxxxxx ids), or leave it out to use the default project ' +
          '(sub-accounts must name one).',
      );
    case 293:
      return fail('this account has no permission in that region or zone. Check the region, or ask the account owner to grant it.');
    case 294:
      return fail("UCloud refused this machine's source IP. Add it to the API key's IP allow-list in the console.");
    case 295:
      return fail('the account security lock refused the call. Unlock API access in the console, or use another key.');
    case 299:
      return fail(`IAM denied ${d.operation}. Grant the sub-account a policy that allows UNet ${d.operation} in this project.`);
    default:
      if (code >= 2000) return retry('a service error');
      return fail(status >= 400 ? `HTTP ${status}; not retried.` : 'the request was refused; check the query parameters. Not retried.');
  }
}
