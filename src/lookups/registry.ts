// The typed registry of lookup kinds: each construct's KIND, mapped to the resolver the
// worker runs and the shape its value must have (checked on the worker before a value
// is handed back, and again on every record entry read).
//
// It sits in lookups/ and imports each cloud's resolver module only (resolver, client,
// schema, signer: never the construct), so there is no import circle: the constructs
// import lookups/engine, the engine never imports this, and only the worker and the
// record-entry check (and the CLI) do.
import { Decoder } from '../core/decode';
import { QUOTA_DETAIL_LOOKUP } from '../clouds/huaweicloud/resolver';
import { PROJECT_RESOURCE_STAT_LOOKUP } from '../clouds/qingcloud/resolver';
import { EIP_BANDWIDTH_USAGE_LOOKUP } from '../clouds/ucloud/resolver';

/** One kind of lookup: what answers it on the worker, and the shape of its value. */
export interface LookupKind<I = never, R = unknown> {
  /** The kind, e.g. `qingcloud:GetProjectResourceStat` (the construct's `KIND`). */
  readonly kind: string;
  /** Answers one lookup with the cloud's async client (runs on the lookup worker). */
  resolve(input: I): Promise<R>;
  /** The value's declared shape, in plain form (as returned and as recorded). */
  readonly result: Decoder<R>;
}

/** Every lookup kind this library knows, by kind. */
export const LOOKUP_KINDS: Readonly<Record<string, LookupKind<never, unknown>>> = Object.freeze({
  [PROJECT_RESOURCE_STAT_LOOKUP.kind]: PROJECT_RESOURCE_STAT_LOOKUP,
  [EIP_BANDWIDTH_USAGE_LOOKUP.kind]: EIP_BANDWIDTH_USAGE_LOOKUP,
  [QUOTA_DETAIL_LOOKUP.kind]: QUOTA_DETAIL_LOOKUP,
});

/** The registered kind, or undefined for one this library does not know. */
export function lookupKind(kind: string): LookupKind<never, unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(LOOKUP_KINDS, kind) ? LOOKUP_KINDS[kind] : undefined;
}
