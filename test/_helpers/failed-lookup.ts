// Lookups as gates see them, for gate and rule tests that need no cloud: a construct with a
// `lookupError`, a failure of it, and a rule that reads it.
import { Construct } from 'constructs';
import { CloudServiceError } from '../../src/core/errors';
import { Rule, RuleOptions } from '../../src/policy/rule';

/** A construct that stands in for a lookup: gates see any lookup as a construct with a `lookupError`. */
export type StandInLookup = Construct & { readonly lookupError: Error | undefined };

/** A stand-in lookup at `scope/id`; `lookupError` undefined is a lookup that succeeded. */
export function standInLookup(scope: Construct, id: string, lookupError?: Error): StandInLookup {
  return Object.assign(new Construct(scope, id), { lookupError });
}

/** A QingCloud `GetProjectResourceStat` failure (HTTP 200, not retried) saying `message`: what a failed lookup holds. */
export function lookupFailure(message: string): CloudServiceError {
  return new CloudServiceError(message, { cloud: 'qingcloud', operation: 'GetProjectResourceStat', status: 200, retryable: false });
}

/** `Rule.atMost(id, used, 50)` over a lookup that failed: reading the value throws the lookup's error. */
export function ruleOverFailedLookup(id: string, source: StandInLookup, options: Omit<RuleOptions, 'source'> = {}): Rule {
  return Rule.atMost(
    id,
    () => {
      throw source.lookupError;
    },
    50,
    { ...options, source },
  );
}
