// The registry lists every cloud's lookup kind: each construct's KIND is in it, with the
// resolver and value shape the worker's table (lookupKindIn) uses.
import { LOOKUP_KINDS } from '../../src/registry/all-kinds';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { lookupKind, lookupKindIn } from '../../src/lookups/kind-table';

describe('the registry of lookup kinds', () => {
  it('holds the kind of every lookup construct, once', () => {
    expect(LOOKUP_KINDS.map((k) => k.kind).sort()).toEqual([EipBandwidthUsage.KIND, ProjectResourceStat.KIND, QuotaDetail.KIND].sort());
  });

  it('has declared each kind to the lookups table, which knows no other', () => {
    for (const k of LOOKUP_KINDS) expect(lookupKind(k.kind)).toBe(k);
    expect(lookupKind('qingcloud:Other')).toBeUndefined();
    expect(lookupKind('toString')).toBeUndefined();
  });

  it("builds the worker's table of exactly these kinds (lookupKindIn), by name", () => {
    const find = lookupKindIn(LOOKUP_KINDS);
    for (const k of LOOKUP_KINDS) expect(find(k.kind)).toBe(k);
    expect(find('qingcloud:Other')).toBeUndefined();
    expect(find('toString')).toBeUndefined();
    expect(lookupKindIn([])(ProjectResourceStat.KIND)).toBeUndefined();
  });
});
