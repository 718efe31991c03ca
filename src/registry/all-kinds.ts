// The catalog of lookup kinds: every cloud's kind, loaded in one place. Importing it
// declares each kind to the lookups' table (lookups/lookup-kinds.ts), which is what the
// worker thread and the CLI need: the worker answers any kind, and `records list`
// checks every entry. It is the one module that knows every cloud's resolver; nothing in
// core/, the clouds, lookups/ or policy/ imports it.
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
