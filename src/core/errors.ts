import { capText, escapeControl, MAX_MESSAGE_CHARS } from './text';

/**
 * Stable error codes of cdktf-headroom. Match on `error.code`, never on the message.
 */
export type HeadroomErrorCode =
  | 'HEADROOM_INPUT'
  | 'HEADROOM_CREDENTIALS'
  | 'HEADROOM_CLOUD'
  | 'HEADROOM_NETWORK'
  | 'HEADROOM_TIMEOUT'
  | 'HEADROOM_PAGINATION'
  | 'HEADROOM_LOOKUP'
  | 'HEADROOM_RECORD'
  | 'HEADROOM_FRAMEWORK'
  | 'HEADROOM_GATE';

/**
 * Base class of every error this library throws.
 *
 * Each subclass has a stable `code`, so scripts and gates can tell a bad prop from a
 * throttled cloud without parsing messages. Messages never contain a secret.
 */
export class HeadroomError extends Error {
  /** Stable, machine-readable code of this kind of error. */
  public readonly code: HeadroomErrorCode;

  /**
   * The message is made safe to print: control characters (ANSI escapes, carriage
   * returns) are escaped, newlines and tabs kept, and it is cut to 8 KiB with a note.
   */
  constructor(code: HeadroomErrorCode, message: string, options?: { cause?: unknown }) {
    super(capText(escapeControl(message, { lines: true }), MAX_MESSAGE_CHARS), options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * Gates stopped `cdktf synth` (or `cdktn synth`): thrown by `app.synth()` in place of the
 * framework's validation error when the gates' violations are all it lists. The violations
 * themselves were printed to stderr just before, one block each, so the error stays one
 * line, without a stack trace to bury them; it names the failing rules, so it is true
 * wherever it is read (the console, `check`, report.md, report.html), not only below the blocks.
 */
export class GateViolationError extends HeadroomError {
  /**
   * The error for the violations of `violations` (one `rule "id" (gate path)` each), naming
   * the synth command as the app's framework spells it and the full report.
   */
  static brief(violations: readonly string[], reportFile?: string, framework: string = 'cdktf'): GateViolationError {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const n = violations.length;
    const shown = violations.slice(0, 5).join(', ') + (n > 5 ? `, and ${n - 5} more` : '');
    try {
      return new GateViolationError(
        `${framework} synth stopped by ${n} gate violation${n === 1 ? '' : 's'}: ${shown}${reportFile ? `; every rule, pass or fail, is in ${reportFile}` : ''}`,
      );
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  constructor(message: string) {
    super('HEADROOM_GATE', message);
  }
}

/**
 * Bad input from the user: a prop, an argument or a setting that is not allowed.
 *
 * Thrown before any request is sent. The message names the field, the value received
 * and what is allowed.
 */
export class InputError extends HeadroomError {
  constructor(message: string) {
    super('HEADROOM_INPUT', message);
  }
}

/**
 * Credentials are missing, or the cloud refused them (bad key, bad signature, clock skew).
 */
export class CredentialsError extends HeadroomError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HEADROOM_CREDENTIALS', message, options);
  }
}

/**
 * No place in a credential chain held a key (or token): nothing was found at all, as
 * opposed to a half pair or an unreadable file, which are plain {@link CredentialsError}s.
 *
 * Carries the settings the chain found on the way (region, zone, endpoint, project id:
 * never a secret), so a lookup that runs offline, and so needs no keys, can still
 * build its key from them.
 */
export class MissingCredentialsError extends CredentialsError {
  constructor(
    message: string,
    /** Settings found in the chain's places, by field name (e.g. `{ endpoint, zone }`); no key, no secret. */
    public readonly settings: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** What a cloud said when it refused a request. */
export interface CloudServiceErrorDetails {
  /** The cloud: `qingcloud`, `ucloud` or `huaweicloud`. */
  readonly cloud: string;
  /** The API operation, e.g. `GetProjectResourceStat`. */
  readonly operation: string;
  /** HTTP status of the answer. */
  readonly status: number;
  /** The cloud's own error code (`ret_code`, `RetCode`, `error_code`), as a string. */
  readonly cloudCode?: string;
  /** The cloud's own error message. */
  readonly cloudMessage?: string;
  /** The request id the cloud returned, for its support desk. */
  readonly requestId?: string;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** How long the cloud asked us to wait before retrying, when it said so. */
  readonly retryAfterMs?: number;
  /**
   * The cloud said it is throttling (its own code, or HTTP 429): the transport then
   * lowers how many requests it sends to that endpoint at once. HTTP 429 counts even
   * when this is not set.
   */
  readonly throttled?: boolean;
  /** In a malformed answer, the path of the field that was missing or mistyped (e.g. `data[3].instance_count`). */
  readonly field?: string;
}

/**
 * A cloud answered, and the answer was an error.
 *
 * Carries the cloud's code, message and request id, and whether a retry may help.
 */
export class CloudServiceError extends HeadroomError {
  /** The cloud: `qingcloud`, `ucloud` or `huaweicloud`. */
  public readonly cloud: string;
  /** The API operation. */
  public readonly operation: string;
  /** HTTP status of the answer. */
  public readonly status: number;
  /** The cloud's own error code, as a string. */
  public readonly cloudCode?: string;
  /** The cloud's own error message. */
  public readonly cloudMessage?: string;
  /** The request id the cloud returned. */
  public readonly requestId?: string;
  /** Whether sending the same request again may succeed. */
  public readonly retryable: boolean;
  /** How long the cloud asked us to wait before retrying. */
  public readonly retryAfterMs?: number;
  /** The cloud said it is throttling. */
  public readonly throttled?: boolean;
  /** In a malformed answer, the path of the field that was missing or mistyped. */
  public readonly field?: string;

  constructor(message: string, details: CloudServiceErrorDetails) {
    super('HEADROOM_CLOUD', message);
    this.cloud = details.cloud;
    this.operation = details.operation;
    this.status = details.status;
    this.cloudCode = details.cloudCode;
    this.cloudMessage = details.cloudMessage;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    if (details.throttled) this.throttled = true;
    this.field = details.field;
  }
}

/**
 * The cloud refused the credentials: a {@link CloudServiceError} that is also a
 * credentials problem (bad key, bad signature, clock skew). Never retried.
 */
export class CloudCredentialsError extends CloudServiceError {
  constructor(message: string, details: Omit<CloudServiceErrorDetails, 'retryable'>) {
    super(message, { ...details, retryable: false });
    (this as { code: HeadroomErrorCode }).code = 'HEADROOM_CREDENTIALS';
  }
}

/**
 * The connection failed: the endpoint could not be reached (DNS, refused connection,
 * TLS, the proxy), or the connection broke while its answer was arriving
 * (`answerStarted`). Retryable, unless `permanent`: the same request would fail the same
 * way (headers larger than Node accepts, a proxy that asks for credentials).
 */
export class NetworkError extends HeadroomError {
  /** The request id the cloud sent in headers that arrived before the break. */
  public readonly requestId?: string;
  /** The endpoint answered (headers arrived) and the connection broke during the body. */
  public readonly answerStarted?: boolean;
  /** Sending the same request again would fail the same way: never retried. */
  public readonly permanent?: boolean;

  constructor(message: string, options?: { cause?: unknown; requestId?: string; answerStarted?: boolean; permanent?: boolean }) {
    super('HEADROOM_NETWORK', message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.requestId) this.requestId = options.requestId;
    if (options?.answerStarted) this.answerStarted = true;
    if (options?.permanent) this.permanent = true;
  }
}

/**
 * No whole answer came within an attempt's deadline (`timeoutMs`), or the lookup's own
 * deadline (`deadlineMs`) passed. Retryable within the lookup's deadline.
 */
export class TimeoutError extends HeadroomError {
  /** The request id the cloud sent, when headers arrived before the deadline. */
  public readonly requestId?: string;

  constructor(message: string, options?: { requestId?: string }) {
    super('HEADROOM_TIMEOUT', message);
    if (options?.requestId) this.requestId = options.requestId;
  }
}

/**
 * The cloud's pages did not add up (short, repeated or shifting pages, rows beyond the
 * total), or the listing is larger than the lookup's ceiling; we stopped rather than loop
 * or lose rows.
 */
export class PaginationError extends HeadroomError {
  constructor(message: string) {
    super('HEADROOM_PAGINATION', message);
  }
}

/**
 * The lookup record file cannot be used: it is not valid JSON, has another format
 * version, cannot be locked, or (in offline mode) holds no record of a lookup.
 *
 * The file is never overwritten after such an error; the message says how to fix it.
 */
export class LookupRecordError extends HeadroomError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HEADROOM_RECORD', message, options);
  }
}

/** Plain-data form of an error, for crossing the worker-thread boundary and the lookup record. */
export interface SerializedError {
  readonly name: string;
  readonly code: HeadroomErrorCode | 'UNKNOWN';
  readonly message: string;
  readonly details?: CloudServiceErrorDetails;
  /** The request id of a network error or a timeout, when the cloud sent one. */
  readonly requestId?: string;
}

/** Turns any thrown value into plain data that survives `postMessage`. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof CloudServiceError) {
    return {
      name: err.name,
      code: err.code,
      message: err.message,
      details: {
        cloud: err.cloud,
        operation: err.operation,
        status: err.status,
        cloudCode: err.cloudCode,
        cloudMessage: err.cloudMessage,
        requestId: err.requestId,
        retryable: err.retryable,
        retryAfterMs: err.retryAfterMs,
        ...(err.throttled ? { throttled: true } : {}),
        field: err.field,
      },
    };
  }
  if ((err instanceof NetworkError || err instanceof TimeoutError) && err.requestId) {
    return { name: err.name, code: err.code, message: err.message, requestId: err.requestId };
  }
  if (err instanceof HeadroomError) return { name: err.name, code: err.code, message: err.message };
  if (err instanceof Error) return { name: err.name, code: 'UNKNOWN', message: err.message };
  return { name: 'Error', code: 'UNKNOWN', message: String(err) };
}

/**
 * No CDK for Terraform framework could be loaded, or an app's construct tree belongs to
 * none of the frameworks installed. Code `HEADROOM_FRAMEWORK`.
 */
export class FrameworkError extends HeadroomError {
  constructor(message: string) {
    super('HEADROOM_FRAMEWORK', message);
  }
}

/** Rebuilds a typed error from {@link serializeError}'s output, prefixing the message. */
export function deserializeError(data: SerializedError, prefix = ''): Error {
  const message = prefix + data.message;
  if (data.details) {
    if (data.code === 'HEADROOM_CREDENTIALS') return new CloudCredentialsError(message, data.details);
    return new CloudServiceError(message, data.details);
  }
  switch (data.code) {
    case 'HEADROOM_INPUT':
      return new InputError(message);
    case 'HEADROOM_CREDENTIALS':
      return new CredentialsError(message);
    case 'HEADROOM_NETWORK':
      return new NetworkError(message, { requestId: data.requestId });
    case 'HEADROOM_TIMEOUT':
      return new TimeoutError(message, { requestId: data.requestId });
    case 'HEADROOM_PAGINATION':
      return new PaginationError(message);
    case 'HEADROOM_LOOKUP':
      return new HeadroomError('HEADROOM_LOOKUP', message);
    case 'HEADROOM_RECORD':
      return new LookupRecordError(message);
    case 'HEADROOM_FRAMEWORK':
      return new FrameworkError(message);
    // Nothing untyped crosses back: an unexpected error (a bug) still carries a code.
    default:
      return new HeadroomError('HEADROOM_LOOKUP', `${message} (an unexpected ${data.name}: please report it as a bug in cdktf-headroom)`);
  }
}
