import { LookupProvenance } from '../lookups/batch/provenance';
import type { FindingError, RuleKind, RuleReading } from './rules/rule-kind';

// Declared with the rules that produce it (rules/ imports nothing from here).
export type { FindingError };

/**
 * What became of one rule: `pass`, `fail`, or `suppressed` (it failed, and an unexpired
 * suppression with a reason covers it).
 */
export type FindingStatus = 'pass' | 'fail' | 'suppressed';

/** The suppression that applied to (or expired on) a finding. */
export interface FindingSuppression {
  /** Why the finding is accepted. */
  readonly reason: string;
  /** Construct path the suppression was declared on (a construct or a stack). */
  readonly scope: string;
  /** Last day it applies (ISO 8601), when it has one. */
  readonly expires?: string;
  /** True when it has expired, so it no longer applies and the finding counts again. */
  readonly expired: boolean;
}

/** Where the numbers of one of a finding's lookups came from: the lookup's construct path and its {@link LookupProvenance}. */
export interface FindingProvenance extends LookupProvenance {
  /** Construct path of the lookup. */
  readonly source: string;
}

/**
 * One rule of one gate, checked: the report's unit. Every rule gives a finding, pass or
 * fail, with the values it saw.
 */
export interface Finding extends RuleReading {
  /** The rule's id, e.g. `qingcloud-instances`. */
  readonly ruleId: string;
  /** The kind of rule. */
  readonly kind: RuleKind;
  /** One line: what the rule checks. */
  readonly description: string;
  /** Construct path of the gate, e.g. `app-stack/quota`. */
  readonly gate: string;
  /** Construct path of the gate's stack. */
  readonly stack: string;
  /** Construct paths of the lookups the rule reads. */
  readonly sources: readonly string[];
  /**
   * Where each lookup's numbers came from (cloud, API, query, mode, fetched at), for the
   * lookups that can say (the library's lookup constructs do).
   * @default absent when no source can say (for example a rule over plain numbers)
   */
  readonly provenance?: readonly FindingProvenance[];
  /** Pass, fail or suppressed. */
  readonly status: FindingStatus;
  /** True when this finding fails the pipeline: a failed error, or a failed warning when failing on warnings. */
  readonly blocking: boolean;
  /** The suppression that covers the finding, or that expired. */
  readonly suppression?: FindingSuppression;
}
