import { IConstruct } from 'constructs';
import { InputError } from '../../core/errors';
import { isLoopbackHost } from '../../core/proxy';
import { describeUrl } from '../../core/redact';
import { AppTransportSettings, TRANSPORT_LIMITS, TransportOptions } from '../../core/transport-options';
import { appSetting, LookupSettingSources } from '../settings';

/** Environment variable with the deadline of every lookup of the app: seconds, or `45s`, `2m`, `1500ms`. */
export const LOOKUP_DEADLINE_ENV = 'HEADROOM_LOOKUP_DEADLINE';
/** cdktf context key of the deadline of every lookup (seconds, or a duration such as `45s`). */
export const LOOKUP_DEADLINE_CONTEXT = 'headroom:lookupDeadline';
/** Environment variable with the most requests in flight per endpoint (a whole number). */
export const MAX_CONCURRENCY_ENV = 'HEADROOM_MAX_CONCURRENCY';
/** cdktf context key of the most requests in flight per endpoint. */
export const MAX_CONCURRENCY_CONTEXT = 'headroom:maxConcurrency';
/** Environment variable that allows plain http to endpoints that are not loopback (`1` or `true`). Insecure. */
export const INSECURE_PLAIN_HTTP_ENV = 'HEADROOM_INSECURE_ALLOW_PLAIN_HTTP';
/** cdktf context key that allows plain http to endpoints that are not loopback (`true`). Insecure. */
export const INSECURE_PLAIN_HTTP_CONTEXT = 'headroom:insecureAllowPlainHttp';

/**
 * The app-wide transport settings: the environment first (per run), then cdktf context
 * (per project). A lookup's own `transport` options win over them.
 * @throws InputError naming the variable or context key, the value and what is allowed
 */
export function appTransportSettings(sources: LookupSettingSources): AppTransportSettings {
  const out: { deadlineMs?: number; maxConcurrency?: number; insecureAllowPlainHttp?: boolean } = {};
  const [deadline, dFrom] = appSetting(sources, LOOKUP_DEADLINE_ENV, LOOKUP_DEADLINE_CONTEXT);
  if (deadline !== undefined) out.deadlineMs = deadlineMs(deadline, dFrom);
  const [conc, cFrom] = appSetting(sources, MAX_CONCURRENCY_ENV, MAX_CONCURRENCY_CONTEXT);
  if (conc !== undefined) {
    const n = typeof conc === 'string' && /^\s*\d+\s*$/.test(conc) ? Number(conc) : conc;
    const [min, max] = TRANSPORT_LIMITS.maxConcurrency;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw new InputError(`${cFrom} must be a whole number of requests from ${min} to ${max}; got ${JSON.stringify(conc)}.`);
    }
    out.maxConcurrency = n;
  }
  const [plain, pFrom] = appSetting(sources, INSECURE_PLAIN_HTTP_ENV, INSECURE_PLAIN_HTTP_CONTEXT);
  if (plain !== undefined) {
    const v = typeof plain === 'string' ? plain.trim().toLowerCase() : plain;
    if (v === true || v === '1' || v === 'true') out.insecureAllowPlainHttp = true;
    else if (v === false || v === '0' || v === 'false') out.insecureAllowPlainHttp = false;
    else throw new InputError(`${pFrom} must be 1/true or 0/false; got ${JSON.stringify(plain)}.`);
  }
  return out;
}

/**
 * Refuses, at construction, a plain `http://` endpoint that is not loopback, unless the
 * lookup's transport options or the app allow it (`insecureAllowPlainHttp`).
 * @throws InputError saying what plain http would expose and how to opt in
 */
export function checkLookupEndpoint(scope: IConstruct, endpoint: string, transport: TransportOptions | undefined, app: AppTransportSettings): void {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return; // the construct's own URL check reports it
  }
  if (u.protocol !== 'http:' || isLoopbackHost(u.hostname)) return;
  if (transport?.insecureAllowPlainHttp ?? app.insecureAllowPlainHttp) return;
  throw new InputError(
    `${scope.node.path}: endpoint ${describeUrl(endpoint)} is plain http: every request, with its key id and signature (or token), ` +
      'would cross the network in clear text and the answer could be changed on the way, so it is refused. Use https://. ' +
      'Plain http is allowed to a loopback host, or, on a network you trust (such as a VPC-internal endpoint), with ' +
      `transport: { insecureAllowPlainHttp: true }, ${INSECURE_PLAIN_HTTP_ENV}=1 or cdktf context ${INSECURE_PLAIN_HTTP_CONTEXT}: true.`,
  );
}

function deadlineMs(raw: unknown, from: string): number {
  const [min, max] = TRANSPORT_LIMITS.deadlineMs;
  let ms: number | undefined;
  if (typeof raw === 'number' && Number.isFinite(raw)) ms = raw * 1000;
  else if (typeof raw === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(raw);
    if (m) ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm'];
  }
  if (ms === undefined || ms < min || ms > max) {
    throw new InputError(
      `${from} must be the deadline of one lookup: seconds, or a duration such as "45s", "2m" or "1500ms", from ${min} ms to ${max / 60_000} minutes; got ${JSON.stringify(raw)}.`,
    );
  }
  return Math.round(ms);
}
