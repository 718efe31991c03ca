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
