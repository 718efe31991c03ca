import { HttpResponse } from '../../src/core/transport';
import { CloudServiceError } from '../../src/core/errors';

/**
 * Every field a cloud error carries, as a plain object, so that one `toEqual` pins the
 * class, the code, the exact message and the retry decision at once.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof CloudServiceError)) throw new Error(`expected a CloudServiceError, got ${String(err)}`);
  return {
    class: err.constructor.name,
    code: err.code,
    message: err.message,
    cloud: err.cloud,
    operation: err.operation,
    status: err.status,
    cloudCode: err.cloudCode,
    cloudMessage: err.cloudMessage,
    requestId: err.requestId,
    retryable: err.retryable,
    retryAfterMs: err.retryAfterMs,
    throttled: err.throttled,
    field: err.field,
  };
}

/** An answer as the transport hands it to a cloud's reader: a body given as an object is sent as JSON. */
export function httpAnswer(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/**
 * The {@link errorFields} every cloud error of one operation has when the answer named no
 * request id, no retry hint and no field: the rest (message, status, codes, retry
 * decision) is each case's own.
 */
export function cloudErrorBase(cloud: string, operation: string): Record<string, unknown> {
  return {
    class: 'CloudServiceError',
    code: 'HEADROOM_CLOUD',
    cloud,
    operation,
    requestId: undefined,
    retryAfterMs: undefined,
    throttled: undefined,
    field: undefined,
  };
}
