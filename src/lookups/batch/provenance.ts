import { LookupMode } from '../settings';

/** Where a lookup's answer came from: the cloud (in this synth) or the lookup record file. */
export type LookupAnsweredFrom = 'cloud' | 'record';

/**
 * Where a lookup's values came from, for reports: the cloud and API, the query (without
 * credentials or the account), when the values were fetched, and whether they were asked
 * of the cloud in this synth or read from the lookup record (`cached`, `offline`).
 *
 * Lookup constructs give it as `lookupProvenance`; gates copy it into each finding, so a
 * report can say what a rule's numbers rest on.
 */
export interface LookupProvenance {
  /** What was looked up, e.g. `qingcloud:GetProjectResourceStat`. */
  readonly kind: string;
  /** The cloud, e.g. `qingcloud`. */
  readonly cloud: string;
  /** The API action, e.g. `GetProjectResourceStat`. */
  readonly api: string;
  /**
   * The endpoint the query is addressed to.
   * @default none, when the lookup's key names none
   */
  readonly endpoint?: string;
  /** The query's parameters (the key's identity less endpoint and account), as text; arrays are joined with `, `. */
  readonly query: Readonly<Record<string, string>>;
  /** The mode the lookup ran in: `live`, `cached` or `offline`. */
  readonly mode: LookupMode;
  /**
   * Whether the values were asked of the cloud in this synth or read from the record.
   * @default none, when the lookup failed
   */
  readonly answeredFrom?: LookupAnsweredFrom;
  /**
   * When the values were fetched from the cloud (ISO 8601); for a recorded value, when it was recorded.
   * @default none, when the lookup failed
   */
  readonly fetchedAt?: string;
  /** True when the lookup failed (no values). */
  readonly failed: boolean;
}

/**
 * Builds a {@link LookupProvenance} from a lookup's kind, the identity in its key, its mode
 * and its outcome. The account (a fingerprint) is left out: it names no one a reader knows.
 */
export function lookupProvenance(
  kind: string,
  identity: Readonly<Record<string, unknown>>,
  mode: LookupMode,
  outcome: { readonly ok: boolean; readonly fetchedAt?: string; readonly fromRecord?: boolean },
): LookupProvenance {
  const colon = kind.indexOf(':');
  const query: Record<string, string> = {};
  let endpoint: string | undefined;
  for (const [name, value] of Object.entries(identity)) {
    if (value === undefined || value === null || name === 'account') continue;
    if (name === 'endpoint') endpoint = String(value);
    else query[name] = Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return {
    kind,
    cloud: colon < 0 ? kind : kind.slice(0, colon),
    api: colon < 0 ? kind : kind.slice(colon + 1),
    ...(endpoint !== undefined ? { endpoint } : {}),
    query,
    mode,
    ...(outcome.ok ? { answeredFrom: outcome.fromRecord ? 'record' : 'cloud', fetchedAt: outcome.fetchedAt } : {}),
    failed: !outcome.ok,
  };
}
