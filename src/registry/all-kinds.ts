// The registry of lookup kinds: every cloud's kind, listed in one place. The worker's entry
// builds its table from this list (it answers any kind), and `records` declares every kind
// of it before it checks entries (lookups/kind-table.ts). It is the one module that knows
// every cloud's resolver; nothing in core/, the clouds, lookups/ or policy/ imports it.
import { QUOTA_DETAIL_LOOKUP } from '../clouds/huaweicloud/resolver';
import { PROJECT_RESOURCE_STAT_LOOKUP } from '../clouds/qingcloud/resolver';
import { EIP_BANDWIDTH_USAGE_LOOKUP } from '../clouds/ucloud/resolver';
import { LookupKind } from '../lookups/kind-table';

/** Every lookup kind this library knows. */
export const LOOKUP_KINDS: readonly LookupKind<never, unknown>[] = Object.freeze([
  PROJECT_RESOURCE_STAT_LOOKUP as LookupKind<never, unknown>,
  EIP_BANDWIDTH_USAGE_LOOKUP as LookupKind<never, unknown>,
  QUOTA_DETAIL_LOOKUP as LookupKind<never, unknown>,
]);
