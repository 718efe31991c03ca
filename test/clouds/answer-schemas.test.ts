// Each cloud's declared answer shape, read directly with literal inputs (issue #17): the
// values a field may hold (0, floats, -1 for "never", an empty string), the ones it may
// not (negative, fractional counts, null), and the plain-form results the lookup record
// stores, whose totals and counts must agree with their rows.
import { hssQuota, quotaDetailPage, quotaDetailResult, quotaExpiryDate } from '../../src/clouds/huaweicloud/schema';
import { projectResourceStatPage, projectResourceStatResult, projectResourceStatRow, sumCounters } from '../../src/clouds/qingcloud/schema';
import { bandwidthUsagePage, bandwidthUsageResult, summarizeEips } from '../../src/clouds/ucloud/schema';
import { DecodeError } from '../../src/core/decode';
import { thrownOfClass } from '../_helpers/rejection';
import { plainStatRow, wireStatRow } from '../_helpers/qingcloud-rows';

const decodeErrorOf = (fn: () => unknown): DecodeError => thrownOfClass(DecodeError, fn);

/** `fn` throws a DecodeError that names `path` and says `message`. */
function expectRefusal(fn: () => unknown, path: string, message: string): void {
  const e = decodeErrorOf(fn);
  expect(e.path).toBe(path);
  expect(e.message).toBe(message);
}

describe('QingCloud GetProjectResourceStat shape', () => {
  const wireRow = wireStatRow({
    instance_count: 2,
    vcpus_count: 4,
    memory_sum: 1536.5,
    volume_size: 100,
    eip_count: 1,
    eip_bandwidth: 5,
    wan_cpe_bandwidth: 0,
  });
  const plainRow = plainStatRow({ instanceCount: 2, vcpusCount: 4, memorySum: 1536.5, volumeSize: 100, eipCount: 1, eipBandwidth: 5, wanCpeBandwidth: 0 });

  it('reads a wire row into its public form', () => {
    expect(projectResourceStatRow(wireRow, 'data[0]', 'wire')).toEqual(plainRow);
  });

  it('keeps a numeric duration (documented Integer) as its decimal string', () => {
    expect(projectResourceStatRow({ ...wireRow, duration: 86400 }, 'data[0]', 'wire').duration).toBe('86400');
    expect(projectResourceStatRow({ ...wireRow, duration: 0 }, 'data[0]', 'wire').duration).toBe('0');
    expect(decodeErrorOf(() => projectResourceStatRow({ ...wireRow, duration: -1 }, 'data[0]', 'wire')).message).toBe(
      'data[0].duration is -1; expected a string or a number',
    );
  });

  it.each([
    ['instance_count', -1, 'an integer, 0 or more'],
    ['instance_count', 1.5, 'an integer, 0 or more'],
    ['instance_count', null, 'an integer, 0 or more'],
    ['memory_sum', -0.5, 'a number, 0 or more'],
    ['memory_sum', null, 'a number, 0 or more'],
    ['volume_size', null, 'a number, 0 or more'],
    ['resource_group_id', '', 'a non-empty string'],
    ['end_time', null, 'a string'],
  ])('refuses %s = %j', (field, value, expected) => {
    const e = decodeErrorOf(() => projectResourceStatRow({ ...wireRow, [field]: value }, 'data[0]', 'wire'));
    expect(e.path).toBe(`data[0].${field}`);
    expect(e.expected).toBe(expected);
  });

  it('a page: total_count required, data may be left out (no rows), null data refused', () => {
    expect(projectResourceStatPage({ total_count: 0 }, '', 'wire')).toEqual({ totalCount: 0, rows: [] });
    expect(decodeErrorOf(() => projectResourceStatPage({ total_count: 0, data: null }, '', 'wire')).message).toBe('data is null; expected an array');
    expect(decodeErrorOf(() => projectResourceStatPage({ data: [] }, '', 'wire')).message).toBe('total_count is missing; expected an integer, 0 or more');
  });

  describe('sumCounters', () => {
    it('sums each counter; a counter some row lacks is undefined, never a partial sum', () => {
      const a = { ...plainRow, instanceCount: 2, memorySum: 0.5, volumeSize: 100, wanCpeBandwidth: undefined };
      const b = { ...plainRow, instanceCount: 3, memorySum: 0.25, volumeSize: 50, wanCpeBandwidth: 7 };
      const t = sumCounters([a, b]);
      expect(t.instanceCount).toBe(5);
      expect(t.memorySum).toBe(0.75);
      expect(t.volumeSize).toBe(150);
      expect(t.wanCpeBandwidth).toBeUndefined();
      expect(sumCounters([b, a]).wanCpeBandwidth).toBeUndefined();
    });

    it('over no rows is 0 for every counter', () => {
      const t = sumCounters([]);
      expect(t.instanceCount).toBe(0);
      expect(t.volumeSize).toBe(0);
      expect(Object.keys(t)).toHaveLength(15);
    });
  });

  describe('the plain result (the lookup record)', () => {
    const totals = { ...plainRow } as Record<string, unknown>;
    for (const k of ['resourceGroupId', 'consoleId', 'duration', 'endTime']) delete totals[k];
    const result = { rows: [plainRow], totals, totalCount: 1 };

    it('reads back a result whose totals and count agree with its rows', () => {
      expect(projectResourceStatResult(result, 'entry.value', 'plain')).toEqual(result);
    });

    it('refuses a totalCount that is not the number of rows', () => {
      expectRefusal(
        () => projectResourceStatResult({ ...result, totalCount: 2 }, 'entry.value', 'plain'),
        'entry.value.totalCount',
        'entry.value.totalCount is 2; expected the number of rows (1)',
      );
    });

    it('refuses edited totals, naming the counter', () => {
      expectRefusal(
        () => projectResourceStatResult({ ...result, totals: { ...totals, eipBandwidth: 50 } }, 'entry.value', 'plain'),
        'entry.value.totals.eipBandwidth',
        'entry.value.totals.eipBandwidth is 50; expected the sum over the rows (5)',
      );
    });

    it('refuses a total where the rows lack the counter, and none where they have it', () => {
      const noSize = { ...plainRow, volumeSize: undefined };
      const bad = { rows: [noSize], totals: { ...totals, volumeSize: 100 }, totalCount: 1 };
      expect(decodeErrorOf(() => projectResourceStatResult(bad, 'v', 'plain')).message).toBe(
        'v.totals.volumeSize is 100; expected the sum over the rows (undefined)',
      );
      const missing = { rows: [plainRow], totals: { ...totals, volumeSize: undefined }, totalCount: 1 };
      expect(decodeErrorOf(() => projectResourceStatResult(missing, 'v', 'plain')).message).toBe(
        'v.totals.volumeSize is undefined; expected the sum over the rows (100)',
      );
    });

    it('refuses a result missing its rows', () => {
      expect(decodeErrorOf(() => projectResourceStatResult({ totals, totalCount: 0 }, 'v', 'plain')).path).toBe('v.rows');
    });
  });
});

describe('UCloud DescribeBandwidthUsage shape', () => {
  it('a page: floats kept, 0 allowed, EIPSet may be left out; null or negative refused', () => {
    expect(
      bandwidthUsagePage(
        {
          TotalCount: 2,
          EIPSet: [
            { EIPId: 'eip-1', CurBandwidth: 0.0000457763671875 },
            { EIPId: 'eip-2', CurBandwidth: 0 },
          ],
        },
        '',
        'wire',
      ),
    ).toEqual({
      totalCount: 2,
      eips: [
        { eipId: 'eip-1', curBandwidthMbps: 0.0000457763671875 },
        { eipId: 'eip-2', curBandwidthMbps: 0 },
      ],
    });
    expect(bandwidthUsagePage({ TotalCount: 0 }, '', 'wire')).toEqual({ totalCount: 0, eips: [] });
    expect(decodeErrorOf(() => bandwidthUsagePage({ TotalCount: 1, EIPSet: [{ EIPId: 'e', CurBandwidth: null }] }, '', 'wire')).message).toBe(
      'EIPSet[0].CurBandwidth is null; expected a number, 0 or more',
    );
    expect(decodeErrorOf(() => bandwidthUsagePage({ TotalCount: 1, EIPSet: [{ EIPId: 'e', CurBandwidth: -1 }] }, '', 'wire')).path).toBe(
      'EIPSet[0].CurBandwidth',
    );
    expect(decodeErrorOf(() => bandwidthUsagePage({ TotalCount: -1 }, '', 'wire')).path).toBe('TotalCount');
    expect(decodeErrorOf(() => bandwidthUsagePage({ TotalCount: 1, EIPSet: [{ EIPId: '', CurBandwidth: 1 }] }, '', 'wire')).path).toBe('EIPSet[0].EIPId');
  });

  it('summarizeEips: the sum and the peak; 0 and 0 without EIPs', () => {
    expect(summarizeEips([])).toEqual({ totalMbps: 0, maxMbps: 0 });
    expect(
      summarizeEips([
        { eipId: 'a', curBandwidthMbps: 1.5 },
        { eipId: 'b', curBandwidthMbps: 4 },
        { eipId: 'c', curBandwidthMbps: 4 },
        { eipId: 'd', curBandwidthMbps: 0.25 },
      ]),
    ).toEqual({ totalMbps: 9.75, maxMbps: 4 });
  });

  describe('the plain result (the lookup record)', () => {
    const eips = [
      { eipId: 'a', curBandwidthMbps: 1.5 },
      { eipId: 'b', curBandwidthMbps: 4 },
    ];
    const result = { eips, totalMbps: 5.5, maxMbps: 4, totalCount: 2 };

    it('reads back a result whose sums agree with its EIPs', () => {
      expect(bandwidthUsageResult(result, 'v', 'plain')).toEqual(result);
    });

    it.each([
      ['totalCount', 3, 'v.totalCount is 3; expected the number of EIPs (2)'],
      ['totalMbps', 5, 'v.totalMbps is 5; expected the sum over the EIPs (5.5)'],
      ['maxMbps', 1.5, 'v.maxMbps is 1.5; expected the largest over the EIPs (4)'],
    ])('refuses an edited %s', (field, value, message) => {
      expectRefusal(() => bandwidthUsageResult({ ...result, [field]: value }, 'v', 'plain'), `v.${field}`, message);
    });
  });
});

describe('Huawei Cloud HSS ListQuotasDetail shape', () => {
  const wireQuota = {
    resource_id: 'q-1',
    version: 'hss.version.enterprise',
    quota_status: 'normal',
    used_status: 'used',
    host_id: 'h-1',
    host_name: 'ecs-1',
    charging_mode: 'packet_cycle',
    tags: [{ key: 'env', value: 'prod' }],
    expire_time: 1_800_000_000_000,
    create_time: 1_700_000_000_000,
    shared_quota: 'shared',
    enterprise_project_id: '0',
    enterprise_project_name: 'default',
  };
  const plainQuota = {
    resourceId: 'q-1',
    version: 'hss.version.enterprise',
    quotaStatus: 'normal',
    usedStatus: 'used',
    hostId: 'h-1',
    hostName: 'ecs-1',
    chargingMode: 'packet_cycle',
    tags: [{ key: 'env', value: 'prod' }],
    expireTime: 1_800_000_000_000,
    createTime: 1_700_000_000_000,
    sharedQuota: 'shared',
    enterpriseProjectId: '0',
    enterpriseProjectName: 'default',
  };

  it('reads a wire quota into its public form', () => {
    expect(hssQuota(wireQuota, 'data_list[0]', 'wire')).toEqual(plainQuota);
  });

  it('reads expire_time -1 ("never") and null as null, and keeps a float or another negative as sent', () => {
    expect(hssQuota({ ...wireQuota, expire_time: -1 }, 'q', 'wire').expireTime).toBeNull();
    expect(hssQuota({ ...wireQuota, expire_time: null }, 'q', 'wire').expireTime).toBeNull();
    expect(hssQuota({ ...wireQuota, expire_time: -2 }, 'q', 'wire').expireTime).toBe(-2);
    expect(hssQuota({ ...wireQuota, expire_time: 1.5 }, 'q', 'wire').expireTime).toBe(1.5);
    expect(hssQuota({ ...wireQuota, create_time: -1 }, 'q', 'wire').createTime).toBeNull();
    expect(decodeErrorOf(() => hssQuota({ ...wireQuota, expire_time: '1800000000000' }, 'q', 'wire')).message).toBe(
      'q.expire_time is "1800000000000"; expected epoch milliseconds, or -1 for never',
    );
  });

  it('reads an empty or null host, sharing or project field as null, and keeps other text', () => {
    const q = hssQuota({ ...wireQuota, host_id: '', host_name: null, shared_quota: '', enterprise_project_name: ' ' }, 'q', 'wire');
    expect(q.hostId).toBeNull();
    expect(q.hostName).toBeNull();
    expect(q.sharedQuota).toBeNull();
    expect(q.enterpriseProjectName).toBe(' ');
    expect(decodeErrorOf(() => hssQuota({ ...wireQuota, host_id: 7 }, 'q', 'wire')).message).toBe('q.host_id is 7; expected a string');
  });

  it('refuses a tag without a value, and a quota without an id', () => {
    expect(decodeErrorOf(() => hssQuota({ ...wireQuota, tags: [{ key: 'env' }] }, 'q', 'wire')).message).toBe('q.tags[0].value is missing; expected a string');
    expect(decodeErrorOf(() => hssQuota({ ...wireQuota, resource_id: null }, 'q', 'wire')).path).toBe('q.resource_id');
  });

  const counts = { packet_cycle_num: 1, on_demand_num: 0, used_num: 1, idle_num: 0, normal_num: 1, expired_num: 0, freeze_num: 0, total_num: 1 };

  it('a page: counters required and counts; the lists may be left out', () => {
    expect(quotaDetailPage(counts, '', 'wire')).toEqual({
      packetCycleNum: 1,
      onDemandNum: 0,
      usedNum: 1,
      idleNum: 0,
      normalNum: 1,
      expiredNum: 0,
      frozenNum: 0,
      totalNum: 1,
      quotaStatistics: [],
      createTime: null,
      quotas: [],
    });
    expect(decodeErrorOf(() => quotaDetailPage({ ...counts, idle_num: 0.5 }, '', 'wire')).message).toBe('idle_num is 0.5; expected an integer, 0 or more');
    expect(decodeErrorOf(() => quotaDetailPage({ ...counts, freeze_num: null }, '', 'wire')).message).toBe(
      'freeze_num is null; expected an integer, 0 or more',
    );
  });

  describe('the plain result (the lookup record)', () => {
    const result = {
      packetCycleNum: 1,
      onDemandNum: 0,
      usedNum: 1,
      idleNum: 0,
      normalNum: 1,
      expiredNum: 0,
      frozenNum: 0,
      totalNum: 1,
      quotaStatistics: [{ version: 'hss.version.enterprise', totalNum: 1 }],
      createTime: null,
      quotas: [plainQuota],
    };

    it('reads back a result whose totalNum is the number of quotas', () => {
      expect(quotaDetailResult(result, 'v', 'plain')).toEqual(result);
    });

    it('refuses a totalNum that is not the number of quotas', () => {
      expectRefusal(() => quotaDetailResult({ ...result, totalNum: 0 }, 'v', 'plain'), 'v.totalNum', 'v.totalNum is 0; expected the number of quotas (1)');
    });
  });

  it('quotaExpiryDate: a Date for a time, undefined for never', () => {
    expect(quotaExpiryDate({ expireTime: 1_800_000_000_000 })?.toISOString()).toBe('2027-01-15T08:00:00.000Z');
    expect(quotaExpiryDate({ expireTime: 0 })?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(quotaExpiryDate({ expireTime: null })).toBeUndefined();
  });
});
