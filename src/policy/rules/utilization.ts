import { Validator } from '../../core/validate';
import { Headroom, HeadroomProps } from '../headroom';
import { fmt, jsonNumber, pct } from '../message-format';
import { ruleBase, RuleLevel, RuleOptions, RuleOutcome, RuleSpec, ruleWhere, toHeadroom } from './rule-kind';

/** Options of {@link Rule.utilization}: at least one threshold. */
export interface UtilizationOptions extends Omit<RuleOptions, 'level'> {
  /**
   * Fraction of the limit (0.8 for 80%) at or above which the rule fails as a warning.
   * @default no warning band
   */
  readonly warnAt?: number;
  /**
   * Fraction of the limit (0.9 for 90%) at or above which the rule fails as an error.
   * @default no error band
   */
  readonly failAt?: number;
}

/**
 * The rule of `Rule.utilization`: a warning at or above `warnAt`, an error at or above
 * `failAt` (fractions of the limit); a zero limit counts as full. Its level is `error`
 * when it has a `failAt`, else `warning`.
 * @internal
 */
export function utilizationRule(id: string, usage: Headroom | HeadroomProps, options: UtilizationOptions): RuleSpec {
  const where = ruleWhere('utilization', id);
  const v: Validator = new Validator(where);
  if (typeof options !== 'object' || options === null) v.fail('options', options, 'an object with warnAt and/or failAt, such as { warnAt: 0.8, failAt: 0.9 }');
  const { warnAt, failAt } = options;
  if (warnAt === undefined && failAt === undefined) v.fail('warnAt/failAt', undefined, 'set: give warnAt, failAt or both, as fractions such as 0.8 for 80%');
  for (const [field, t] of [
    ['warnAt', warnAt],
    ['failAt', failAt],
  ] as const) {
    if (t !== undefined && (typeof t !== 'number' || !(t > 0 && t <= 1))) {
      v.fail(field, t, 'a fraction greater than 0 and at most 1 (0.8 for 80%)');
    }
  }
  if (warnAt !== undefined && failAt !== undefined && warnAt >= failAt) {
    v.fail('warnAt', warnAt, `below failAt (${failAt})`);
  }
  const level: RuleLevel = failAt !== undefined ? 'error' : 'warning';
  const base = ruleBase(where, id, { ...options, level });
  const h = toHeadroom(usage, id);
  const bands = [warnAt !== undefined ? `warn at ${pct(warnAt)}` : undefined, failAt !== undefined ? `fail at ${pct(failAt)}` : undefined];
  return {
    ...base,
    kind: 'utilization',
    headroom: h,
    sources: [...h.sources, ...base.sources],
    description: options.description ?? `${h.name} utilization: ${bands.filter(Boolean).join(', ')}`,
    check: () => checkUtilization(h, level, warnAt, failAt, options.fix),
  };
}

/** Reads the headroom's use and places it against the bands. */
function checkUtilization(h: Headroom, level: RuleLevel, warnAt: number | undefined, failAt: number | undefined, fix: string | undefined): RuleOutcome {
  const used = h.used;
  const limit = h.limit;
  const u = limit === 0 ? (used === 0 ? 1 : Number.POSITIVE_INFINITY) : used / limit;
  const values: Record<string, number | string> = { used, limit, utilization: jsonNumber(u) };
  if (warnAt !== undefined) values.warnAt = warnAt;
  if (failAt !== undefined) values.failAt = failAt;
  const crossed: [RuleLevel, number] | undefined =
    failAt !== undefined && u >= failAt ? ['error', failAt] : warnAt !== undefined && u >= warnAt ? ['warning', warnAt] : undefined;
  if (!crossed) {
    const lowest = (warnAt ?? failAt)!;
    return {
      passed: true,
      level,
      observed: jsonNumber(u),
      bound: lowest,
      values,
      message: `${pct(u)} used (${fmt(used)} of ${fmt(limit)}), below ${pct(lowest)}.`,
    };
  }
  const [lvl, t] = crossed;
  const hint =
    limit === 0 ? `The quota is 0: raise it above ${fmt(used / t)}.` : `Bring use below ${fmt(t * limit)}, or raise the quota above ${fmt(used / t)}.`;
  return {
    passed: false,
    level: lvl,
    observed: jsonNumber(u),
    bound: t,
    values,
    message: `${pct(u)} used (${fmt(used)} of ${fmt(limit)}), at or above the ${lvl === 'error' ? 'fail' : 'warn'} threshold ${pct(t)}. ${fix ?? hint}`,
  };
}
