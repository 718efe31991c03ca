import { Construct } from 'constructs';
import { LookupProvenance } from '../lookups/batch/provenance';

/**
 * A construct that looked something up and can say whether the lookup failed:
 * `ProjectResourceStat`, `EipBandwidthUsage`, `QuotaDetail`, or any object with a
 * `lookupError` getter.
 *
 * Give it to a rule or a {@link Headroom} as `source`: when its lookup failed, the rule is
 * a violation (fail closed) and its message carries the lookup's error.
 */
export interface ILookupSource {
  /** The lookup's error, or undefined when it succeeded. */
  readonly lookupError: Error | undefined;
  /**
   * Where the lookup's values came from (cloud, API, query, mode, fetched at), for reports.
   * @default none: reports then name only the source's construct path
   */
  readonly lookupProvenance?: LookupProvenance;
  /**
   * The lookup's stable key (kind, endpoint, account fingerprint, query; never a secret):
   * what a headroom's reservations are shared by (docs/reservations.md).
   * @default none: a headroom over it is then its stack's own for reservations
   */
  readonly lookupKey?: string;
}

/** A failed source: where it is and why it failed. */
export interface SourceFailure {
  /** Construct path of the source, or `(lookup)` when it is not a construct. */
  readonly source: string;
  /** The lookup's error (or what reading it threw). */
  readonly error: Error;
}

/** Normalises the `source` option of rules and headroom to an array. */
export function sourceList(source: ILookupSource | readonly ILookupSource[] | undefined): readonly ILookupSource[] {
  if (source === undefined) return [];
  return Array.isArray(source) ? (source as readonly ILookupSource[]) : [source as ILookupSource];
}

/** The construct path of a source, or `(lookup)` when it is not a construct. */
export function sourcePath(source: ILookupSource): string {
  return Construct.isConstruct(source) ? source.node.path : '(lookup)';
}

/** Whether `value` looks like an {@link ILookupSource} (has a `lookupError` property). */
export function isLookupSource(value: unknown): value is ILookupSource {
  return typeof value === 'object' && value !== null && 'lookupError' in value;
}

/**
 * The first source whose lookup failed, or undefined when all succeeded. Reading
 * `lookupError` resolves pending lookups; if even that throws, the source counts as failed.
 */
export function firstSourceFailure(sources: readonly ILookupSource[]): SourceFailure | undefined {
  for (const source of sources) {
    let error: Error | undefined;
    try {
      error = source.lookupError;
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
    }
    if (error) return { source: sourcePath(source), error };
  }
  return undefined;
}

/**
 * The provenance of each source that gives one (see {@link ILookupSource.lookupProvenance}),
 * with its construct path, each source once; sources that give none, or whose getter
 * throws, are left out.
 */
export function sourceProvenance(sources: readonly ILookupSource[]): Array<LookupProvenance & { readonly source: string }> {
  const out: Array<LookupProvenance & { readonly source: string }> = [];
  for (const source of new Set(sources)) {
    let provenance: LookupProvenance | undefined;
    try {
      provenance = source.lookupProvenance;
    } catch {
      provenance = undefined;
    }
    if (provenance && typeof provenance === 'object') out.push({ source: sourcePath(source), ...provenance });
  }
  return out;
}
