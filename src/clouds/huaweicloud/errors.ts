// Huawei Cloud's error bodies: how an answer is told apart from an error, and which errors are retried.
import { CloudAnswer } from '../../core/cloud-api';
import { AnswerContext, notCloudJson, readJsonObject } from '../../core/decode';
import { CloudCredentialsError, CloudServiceError, CloudServiceErrorDetails } from '../../core/errors';
import { cloudText } from '../../core/redact';
import { parseRetryAfter } from '../../core/retry';
import { HttpResponse } from '../../core/transport';
import { HUAWEI_MAX_CLOCK_SKEW_MS } from './signer';
import { WireHuaweiError } from './types';

/** What the error mapping needs to know about the client. */
export interface HuaweiAnswerContext {
  /** Secrets to redact from cloud messages. */
  readonly secrets: readonly string[];
  /** Whether the client authenticates with an X-Auth-Token. */
  readonly token: boolean;
  readonly projectId: string;
  /** The endpoint's origin, for 404s. */
  readonly origin: string;
}

/**
 * Reads one HSS HTTP answer: the body when the status is 2xx, else the typed error
 * (a body that is not JSON follows the shared rule of `notCloudJson`). Retried: 429,
 * APIGW.0308 (throttled) and 5xx; a 401 never is.
 */
export function readHuaweiAnswer(operation: string, res: HttpResponse, c: HuaweiAnswerContext, nowMs: number): CloudAnswer {
  const headerId = res.headers['x-request-id'] || undefined;
  const body = readJsonObject(res.body, {
    cloud: 'huaweicloud',
    describe: `Huawei Cloud HSS ${operation}`,
    operation,
    status: res.status,
    requestId: headerId,
  });
  const wire = (body ?? {}) as WireHuaweiError;
  const bodyId = stringOr(wire.request_id);
  const requestId = bodyId === undefined ? headerId : cloudText(bodyId);
  const details = { cloud: 'huaweicloud', operation, status: res.status, requestId };
  const rid = requestId ? ` (request id ${requestId})` : '';
  const ctx: AnswerContext = { ...details, describe: `Huawei Cloud HSS ${operation}` };
  if (res.status >= 200 && res.status < 300) {
    if (body) return { body, ctx };
    throw notCloudJson(ctx, 'Huawei Cloud', res.body, false);
  }
  const rawCode = stringOr(wire.error_code) ?? stringOr(wire.code) ?? stringOr(wire.error?.code);
  const cloudCode = rawCode === undefined ? undefined : cloudText(rawCode, c.secrets);
  const rawMessage = stringOr(wire.error_msg) ?? stringOr(wire.message) ?? stringOr(wire.error?.message);
  const cloudMessage = rawMessage === undefined ? undefined : cloudText(rawMessage, c.secrets);
  const d: Omit<CloudServiceErrorDetails, 'retryable'> = { ...details, cloudCode, cloudMessage };
  const head = `Huawei Cloud HSS ${operation} failed with HTTP ${res.status}${cloudCode ? ` ${cloudCode}` : ''} (${cloudMessage || 'no message'})${rid}`;
  if (res.status === 401) return unauthorized(head, d, res, c, nowMs);
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
  if (res.status === 429 || cloudCode === 'APIGW.0308' || cloudCode === 'APIG.0308') {
    throw new CloudServiceError(`${head}: throttled (the API's request rate limit was reached); retried with backoff and fewer requests at once.`, {
      ...d,
      retryable: true,
      retryAfterMs,
      throttled: true,
    });
  }
  if (res.status >= 500) {
    throw new CloudServiceError(`${head}: a server error; retried.`, { ...d, retryable: true, retryAfterMs });
  }
  if (res.status === 403) {
    throw new CloudServiceError(
      `${head}: permission denied. Check that the user has HSS read permission (e.g. HSS ReadOnlyAccess) in project ${c.projectId}.`,
      { ...d, retryable: false },
    );
  }
  if (res.status === 400) {
    throw new CloudServiceError(`${head}: HSS refused the query. Check the project id and filters.`, { ...d, retryable: false });
  }
  if (res.status === 404) {
    throw new CloudServiceError(`${head}: no such API at ${c.origin}. Check the endpoint and region.`, { ...d, retryable: false });
  }
  throw new CloudServiceError(`${head}.`, { ...d, retryable: false });
}

/** A 401, never retried, with its likely cause: the signature, the key, the token or the clock. */
function unauthorized(head: string, d: Omit<CloudServiceErrorDetails, 'retryable'>, res: HttpResponse, c: HuaweiAnswerContext, nowMs: number): never {
  const msg = (d.cloudMessage ?? '').toLowerCase();
  if (c.token) {
    let cause = 'the X-Auth-Token is the likely cause: it is expired (tokens last 24 hours), malformed, or for another account or region';
    if (/expire/.test(msg)) cause = 'the X-Auth-Token has expired (tokens last 24 hours)';
    else if (/not found/.test(msg)) cause = 'no X-Auth-Token reached the API';
    throw new CloudCredentialsError(
      `${head}: ${cause}. Not retried. Get a new token (IAM POST /v3/auth/tokens, header X-Subject-Token) scoped to this project, or use an AK/SK pair.`,
      d,
    );
  }
  const lockNote = ' Not retried: more than five failed AK/SK attempts in a row lock the key for five minutes.';
  const serverDate = res.headers.date ? Date.parse(res.headers.date) : NaN;
  const skew = Number.isNaN(serverDate) ? 0 : nowMs - serverDate;
  let cause: string;
  if (Math.abs(skew) > HUAWEI_MAX_CLOCK_SKEW_MS) {
    const minutes = Math.round(Math.abs(skew) / 60_000);
    cause =
      `the clock is the likely cause: this machine's clock is ${minutes} minutes ${skew > 0 ? 'ahead of' : 'behind'} Huawei Cloud's ` +
      "(the answer's Date header), and X-Sdk-Date may be at most 15 minutes off. Sync this machine's clock (NTP)";
  } else if (/ak not exist|secretkey failed/.test(msg)) {
    cause = 'the access key is the likely cause: Huawei Cloud does not know this AK. Check the access key (HW_ACCESS_KEY or the credentials prop)';
  } else if (/reach the limit|forbidden/.test(msg)) {
    cause = 'the access key is locked after repeated failed attempts. Fix the secret key, then wait five minutes before trying again';
  } else if (/security token|securitytoken|decrypt token/.test(msg)) {
    cause = 'the security token is the likely cause: temporary credentials need their X-Security-Token, and it must be current';
  } else if (/signature/.test(msg)) {
    cause =
      'the signature is the likely cause: it did not match, so the secret key does not belong to the access key (or has stray spaces), ' +
      'or something between here and Huawei Cloud changed the request. Check the secret key';
  } else {
    cause = 'the signature, the key or the clock (X-Sdk-Date more than 15 minutes off) is wrong. Check the key pair and the clock';
  }
  throw new CloudCredentialsError(`${head}: ${cause}.${lockNote}`, d);
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}
