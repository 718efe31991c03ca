import { IConstruct } from 'constructs';
import { Validator } from '../core/validate';

/** Options of {@link Suppressions.add}. */
export interface SuppressionOptions {
  /**
   * Why the failing rule is acceptable, for whoever reads the report: at least
   * {@link Suppressions.MIN_REASON_LENGTH} characters, e.g. a ticket and what it is for.
   */
  readonly reason: string;
  /**
   * Last day the suppression applies: `YYYY-MM-DD` (through the end of that day, UTC),
   * an ISO 8601 date-time, or a `Date`. After it, the finding counts again.
   * @default never expires
   */
  readonly expires?: string | Date;
}

/** A suppression as declared. */
export interface Suppression {
  /** Id of the rule it suppresses. */
  readonly ruleId: string;
  /** Why the finding is acceptable. */
  readonly reason: string;
  /** Construct path it was declared on. */
  readonly scope: string;
  /** The expiry as given (ISO 8601), when there is one. */
  readonly expires?: string;
  /** First instant (ms since the epoch) at which it no longer applies, when it expires. */
  readonly expiresAtMs?: number;
}

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const declared = new WeakMap<IConstruct, Suppression[]>();
/** Every suppression of an app, by its construct tree root. */
const declaredByRoot = new WeakMap<IConstruct, Suppression[]>();

/**
 * Suppressions of gate rules, by rule id, on a construct or a stack: a failing rule that
 * is suppressed no longer fails synth or plan, and still shows in every report, as
 * suppressed, with its reason. A suppression covers the rule in every gate at or below
 * the construct it is declared on, and in gates whose rule reads a lookup at or below it.
 *
 * A reason is required (a short one is refused at once), and an expiry date makes the
 * suppression lapse by itself.
 *
 * @example
 * Suppressions.of(stack).add('eip-peak-mbps', {
 *   reason: 'Bandwidth upgrade ticket NET-142 approved; lands this sprint',
 *   expires: '2025-07-31',
 * });
 */
export class Suppressions {
  /** Fewest characters a reason may have (blank ends not counted). */
  static readonly MIN_REASON_LENGTH = 10;

  /** The suppressions declared on `scope` (a stack, a gate, a lookup, any construct). */
  static of(scope: IConstruct): Suppressions {
    return new Suppressions(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Suppresses rule `ruleId` at and below this scope. Throws an `InputError` for a bad rule
   * id, a reason shorter than {@link Suppressions.MIN_REASON_LENGTH} characters, or an
   * expiry that is not a date.
   */
  add(ruleId: string, options: SuppressionOptions): this {
    const path = this.scope.node.path || '(app)';
    const v: Validator = new Validator(`${path}: suppression of rule ${JSON.stringify(ruleId)}`);
    if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) v.fail('ruleId', ruleId, 'the id of a rule (letters, digits, ".", "_" and "-")');
    if (typeof options !== 'object' || options === null) {
      v.fail('options', options, 'an object with a reason', 'For example { reason: "quota raise QC-1234 approved, lands Friday" }.');
    }
    const reason = typeof options.reason === 'string' ? options.reason.trim() : options.reason;
    if (typeof reason !== 'string' || reason.length < Suppressions.MIN_REASON_LENGTH) {
      v.fail(
        'reason',
        options.reason,
        `at least ${Suppressions.MIN_REASON_LENGTH} characters saying why the finding is acceptable`,
        'For example reason: "quota raise QC-1234 approved; lands on 2025-07-01". A suppression without a real reason is not accepted.',
      );
    }
    const expiry = options.expires === undefined ? undefined : parseExpiry(v, options.expires);
    const list = declared.get(this.scope) ?? [];
    const suppression: Suppression = { ruleId, reason, scope: path, expires: expiry?.text, expiresAtMs: expiry?.atMs };
    list.push(suppression);
    declared.set(this.scope, list);
    const root = this.scope.node.root;
    declaredByRoot.set(root, [...(declaredByRoot.get(root) ?? []), suppression]);
    return this;
  }

  /** Every suppression declared anywhere in the app `scope` belongs to, in declaration order. */
  static declaredInApp(scope: IConstruct): readonly Suppression[] {
    return [...(declaredByRoot.get(scope.node.root) ?? [])];
  }

  /** The suppressions declared on this scope itself (not its children). */
  get declared(): readonly Suppression[] {
    return [...(declared.get(this.scope) ?? [])];
  }

  /**
   * The suppression of `ruleId` that applies to a rule checked at `constructs` (a gate and
   * the lookups it reads), looking at each and every scope above it. Returns an active
   * suppression if there is one, else an expired one (so reports can say it expired),
   * else undefined.
   */
  static lookup(constructs: readonly IConstruct[], ruleId: string, nowMs: number): { suppression: Suppression; expired: boolean } | undefined {
    let expired: Suppression | undefined;
    const seen = new Set<IConstruct>();
    for (const c of constructs) {
      for (const scope of [...c.node.scopes].reverse()) {
        if (seen.has(scope)) continue;
        seen.add(scope);
        for (const s of declared.get(scope) ?? []) {
          if (s.ruleId !== ruleId) continue;
          if (s.expiresAtMs === undefined || nowMs < s.expiresAtMs) return { suppression: s, expired: false };
          expired ??= s;
        }
      }
    }
    return expired ? { suppression: expired, expired: true } : undefined;
  }
}

function parseExpiry(v: Validator, value: unknown): { text: string; atMs: number } {
  const allowed = 'a date: "YYYY-MM-DD" (the last day it applies), an ISO 8601 date-time, or a Date';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) v.fail('expires', 'Invalid Date', allowed);
    return { text: value.toISOString(), atMs: value.getTime() };
  }
  if (typeof value !== 'string') return v.fail('expires', value, allowed);
  const m = DATE_ONLY.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const start = Date.UTC(y, mo - 1, d);
    const check = new Date(start);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) v.fail('expires', value, allowed);
    return { text: value, atMs: Date.UTC(y, mo - 1, d + 1) };
  }
  const atMs = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(atMs)) v.fail('expires', value, allowed);
  return { text: value, atMs };
}
