// The catalog loads every cloud's lookup kind: each construct's KIND is in it, and each is
// declared to the lookups' table with the resolver and value shape the worker uses.
import { LOOKUP_KINDS } from '../../src/registry/all-kinds';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { lookupKind } from '../../src/lookups/kind-table';

describe('the catalog of lookup kinds', () => {
  it('holds the kind of every lookup construct, once', () => {
    expect(LOOKUP_KINDS.map((k) => k.kind).sort()).toEqual([EipBandwidthUsage.KIND, ProjectResourceStat.KIND, QuotaDetail.KIND].sort());
  });

  it('has declared each kind to the lookups table, which knows no other', () => {
    for (const k of LOOKUP_KINDS) expect(lookupKind(k.kind)).toBe(k);
    expect(lookupKind('qingcloud:Other')).toBeUndefined();
    expect(lookupKind('toString')).toBeUndefined();
  });
});
