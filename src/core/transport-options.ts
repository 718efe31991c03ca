import { ContextSlot } from './async-context';
import { InputError } from './errors';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry';

/** How the shared transport behaves. Plain data, so it can cross to the lookup worker. */
export interface TransportOptions {
  /**
   * Deadline of one attempt, in milliseconds: connecting, the headers and the whole body
   * must arrive within it (a server that drips bytes does not keep an attempt alive).
   * Whole milliseconds from 1 to 600000.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Deadline of one lookup (one client call, every page and every attempt), in
   * milliseconds, from its first request's start (time queued behind other lookups
   * before that is not counted). Waiting for a free slot and backoff sleeps count against it; when it
   * passes, the lookup fails with a `HEADROOM_TIMEOUT` error, so a synth never hangs.
   * Whole milliseconds from 1 to 3600000.
   * @default `HEADROOM_LOOKUP_DEADLINE`, else cdktf context `headroom:lookupDeadline`, else 60000 (one minute)
   */
  readonly deadlineMs?: number;
  /**
   * Retry policy for throttling, 5xx, network errors and timeouts.
   * @default DEFAULT_RETRY_POLICY (4 attempts, 200 ms base, 20 s cap)
   */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Most requests in flight at once to one endpoint (one cloud's API host), across every
   * lookup of the process. The limit in force adapts below this: a throttling answer
   * shrinks it, successes grow it back. Whole numbers from 1 to 1024.
   * @default `HEADROOM_MAX_CONCURRENCY`, else cdktf context `headroom:maxConcurrency`, else 64
   */
  readonly maxConcurrency?: number;
  /**
   * Allows a plain `http://` endpoint that is not on this machine (loopback). Insecure:
   * every request, with its access key id and signature (or, with a Huawei Cloud
   * `X-Auth-Token`, the token itself, which anyone on the path can replay), travels in
   * clear text, and the answer can be changed on the way. Only for networks you trust,
   * such as UCloud's VPC-internal `http://api.service.ucloud.cn`.
   * @default `HEADROOM_INSECURE_ALLOW_PLAIN_HTTP=1`, else cdktf context `headroom:insecureAllowPlainHttp`, else false: plain http is refused unless the host is loopback
   */
  readonly insecureAllowPlainHttp?: boolean;
}

/** Defaults of {@link TransportOptions}. */
export const TRANSPORT_DEFAULTS = {
  timeoutMs: 30_000,
  deadlineMs: 60_000,
  maxConcurrency: 64,
} as const;

/** Bounds of the transport options, as the error messages state them. */
export const TRANSPORT_LIMITS = {
  timeoutMs: [1, 600_000],
  deadlineMs: [1, 3_600_000],
  maxConcurrency: [1, 1024],
  maxAttempts: [1, 20],
  delayMs: [0, 600_000],
} as const;

/** App-wide transport settings (environment or cdktf context), applied where a lookup's own options are silent. */
export interface AppTransportSettings {
  /** `HEADROOM_LOOKUP_DEADLINE` / context `headroom:lookupDeadline`, in milliseconds. */
  readonly deadlineMs?: number;
  /** `HEADROOM_MAX_CONCURRENCY` / context `headroom:maxConcurrency`. */
  readonly maxConcurrency?: number;
  /** `HEADROOM_INSECURE_ALLOW_PLAIN_HTTP` / context `headroom:insecureAllowPlainHttp`. */
  readonly insecureAllowPlainHttp?: boolean;
}

/** {@link TransportOptions} with every field checked and every default applied. */
export interface ResolvedTransportOptions {
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly retry: RetryPolicy;
  readonly maxConcurrency: number;
  readonly insecureAllowPlainHttp: boolean;
}

const appSettings = new ContextSlot<AppTransportSettings>('app transport settings');

/**
 * Runs `fn` with app-wide transport settings in force: every {@link Transport} built
 * inside it (by a lookup's resolver on the worker) takes them where its own options are
 * silent.
 */
export function withAppTransportSettings<T>(settings: AppTransportSettings | undefined, fn: () => T): T {
  return settings ? appSettings.run(settings, fn) : fn();
}

/**
 * Checks transport options and applies the defaults (the options first, then app-wide
 * settings in force, then {@link TRANSPORT_DEFAULTS}).
 * @param where prefixes error messages (a construct path, a client name)
 * @throws InputError naming the field, the value received and the allowed range
 */
export function resolveTransportOptions(options: TransportOptions | undefined, where = 'transport'): ResolvedTransportOptions {
  const o = checkTransportOptions(options, where);
  const app = appSettings.get() ?? {};
  const retry = { ...DEFAULT_RETRY_POLICY, ...definedOnly(o.retry ?? {}) };
  return {
    timeoutMs: o.timeoutMs ?? TRANSPORT_DEFAULTS.timeoutMs,
    deadlineMs: o.deadlineMs ?? app.deadlineMs ?? TRANSPORT_DEFAULTS.deadlineMs,
    retry,
    maxConcurrency: o.maxConcurrency ?? app.maxConcurrency ?? TRANSPORT_DEFAULTS.maxConcurrency,
    insecureAllowPlainHttp: o.insecureAllowPlainHttp ?? app.insecureAllowPlainHttp ?? false,
  };
}

/**
 * Checks transport options as a construct or client receives them: whole numbers in
 * range for attempts, timeouts and concurrency; finite, non-negative delays; a boolean
 * opt-in. Returns them unchanged.
 * @throws InputError naming the field, the value received and the allowed range
 */
export function checkTransportOptions(options: unknown, where = 'transport'): TransportOptions {
  if (options === undefined) return {};
  const fail = (field: string, value: unknown, allowed: string): never => {
    throw new InputError(`${where}: ${field} must be ${allowed}; got ${show(value)}.`);
  };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail('transport', options, 'an object such as { timeoutMs: 10000 }');
  const o = options as Record<string, unknown>;
  const int = (field: string, value: unknown, [min, max]: readonly [number, number], unit: string): void => {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      fail(field, value, `a whole number of ${unit} from ${min} to ${max}`);
  };
  int('timeoutMs', o.timeoutMs, TRANSPORT_LIMITS.timeoutMs, 'milliseconds');
  int('deadlineMs', o.deadlineMs, TRANSPORT_LIMITS.deadlineMs, 'milliseconds');
  int('maxConcurrency', o.maxConcurrency, TRANSPORT_LIMITS.maxConcurrency, 'requests');
  if (o.insecureAllowPlainHttp !== undefined && typeof o.insecureAllowPlainHttp !== 'boolean')
    fail('insecureAllowPlainHttp', o.insecureAllowPlainHttp, 'true or false');
  if (o.retry !== undefined) {
    if (typeof o.retry !== 'object' || o.retry === null || Array.isArray(o.retry)) fail('retry', o.retry, 'an object such as { maxAttempts: 3 }');
    const r = o.retry as Record<string, unknown>;
    int('retry.maxAttempts', r.maxAttempts, TRANSPORT_LIMITS.maxAttempts, 'attempts (the first included)');
    const [min, max] = TRANSPORT_LIMITS.delayMs;
    for (const field of ['baseDelayMs', 'maxDelayMs'] as const) {
      const v = r[field];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)) {
        fail(`retry.${field}`, v, `a finite number of milliseconds from ${min} to ${max}`);
      }
    }
  }
  return o as TransportOptions;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
