// The table of lookup kinds: each construct's KIND, mapped to the resolver the worker
// runs and the shape its value must have (checked on the worker before a value is handed
// back, and again on every record entry read).
//
// lookups/ owns the table and the clouds fill it: each cloud's resolver.ts declares its
// kind here (a construct imports its resolver.ts, so a construct's kind is always known on
// the main thread where the construct is). The registry lists every kind
// (src/registry/all-kinds.ts): the worker's entry builds its own table from that list
// (lookupKindIn), and the records CLI declares all of it (declareLookupKinds). No module
// path travels in a request.
import { Decoder } from '../core/decode';

/** One kind of lookup: what answers it on the worker, and the shape of its value. */
export interface LookupKind<I = never, R = unknown> {
  /** The kind, e.g. `qingcloud:GetProjectResourceStat` (the construct's `KIND`). */
  readonly kind: string;
  /** Answers one lookup with the cloud's async client (runs on the lookup worker). */
  resolve(input: I): Promise<R>;
  /** The value's declared shape, in plain form (as returned and as recorded). */
  readonly result: Decoder<R>;
}

const KINDS = new Map<string, LookupKind<never, unknown>>();

/**
 * Declares a lookup kind: called once by each cloud's resolver.ts, at load.
 * @returns the kind, for the cloud's construct and the registry to name
 */
export function declareLookupKind<I, R>(kind: LookupKind<I, R>): LookupKind<I, R> {
  KINDS.set(kind.kind, kind as LookupKind<never, unknown>);
  return kind;
}

/** The declared kind, or undefined for one this library does not know. */
export function lookupKind(kind: string): LookupKind<never, unknown> | undefined {
  return KINDS.get(kind);
}

/**
 * Declares every kind of a list (the registry's `LOOKUP_KINDS`): what the records CLI, and
 * a test that reads record entries without making a construct, call first, so that every
 * entry is checked against its kind's shape.
 */
export function declareLookupKinds(kinds: readonly LookupKind<never, unknown>[]): void {
  for (const kind of kinds) declareLookupKind(kind);
}

/**
 * A finder over a list of kinds, by name: the worker's table (its entry builds it from the
 * registry's `LOOKUP_KINDS`). Undefined for a kind not in the list.
 */
export function lookupKindIn(kinds: readonly LookupKind<never, unknown>[]): (kind: string) => LookupKind<never, unknown> | undefined {
  const byName = new Map(kinds.map((k) => [k.kind, k]));
  return (kind) => byName.get(kind);
}
