// Every documented field of each cloud's answer, left out or of the wrong type, through
// the fake cloud on 127.0.0.1 and the real client (issue #17): the lookup fails with
// HEADROOM_CLOUD naming the field's path, and no value is taken from the answer. A field
// the API documents as optional (or nullable) is the opposite case: leaving it out is fine.
import { HuaweiCloudHssClient } from '../../src/clouds/huaweicloud/client';
import { QingCloudClient } from '../../src/clouds/qingcloud/client';
import { UCloudClient } from '../../src/clouds/ucloud/client';
import { CloudServiceError } from '../../src/core/errors';
import { FAKE_CREDENTIALS, FAKE_HUAWEICLOUD_PROJECT, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { FakeAnswerFaultKind, FakeCloudName } from '../../src/testing/fake-cloud-types';
import { FAST_RETRY, useFakeCloud } from '../_helpers/fake-cloud';
import { rejectionOf } from '../_helpers/rejection';

const COUNT = 'an integer, 0 or more';
const AMOUNT = 'a number, 0 or more';
const TEXT = 'a non-empty string';

/** [wire field, path the error names, what the message says was expected]. */
type FieldCase = readonly [field: string, path: string, expected: string];

describe('answer fields: a missing or mistyped field fails the lookup, naming its path', () => {
  const cloud = useFakeCloud();

  async function failureOf(name: FakeCloudName, kind: FakeAnswerFaultKind, field: string, read: () => Promise<unknown>): Promise<CloudServiceError> {
    await cloud().inject({ cloud: name, answer: { kind, field } });
    const err = await rejectionOf(read());
    expect(err).toBeInstanceOf(CloudServiceError);
    return err as CloudServiceError;
  }

  function expectMalformed(err: CloudServiceError, path: string, says: string): void {
    expect(err.code).toBe('HEADROOM_CLOUD');
    expect(err.field).toBe(path);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain(`: malformed answer: ${says}`);
  }

  describe('QingCloud GetProjectResourceStat', () => {
    const read = () =>
      new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: cloud().endpoints.qingcloud, ...FAST_RETRY }).getProjectResourceStat(
        FAKE_QINGCLOUD_PROJECT,
      );
    const counters: FieldCase[] = [
      ['instance_count', 'data[0].instance_count', COUNT],
      ['vcpus_count', 'data[0].vcpus_count', COUNT],
      ['memory_sum', 'data[0].memory_sum', AMOUNT],
      ['volume_count', 'data[0].volume_count', COUNT],
      ['eip_count', 'data[0].eip_count', COUNT],
      ['eip_bandwidth', 'data[0].eip_bandwidth', AMOUNT],
      ['wan_connect_bandwidth', 'data[0].wan_connect_bandwidth', AMOUNT],
      ['wan_connect_count', 'data[0].wan_connect_count', COUNT],
      ['wan_cpe_count', 'data[0].wan_cpe_count', COUNT],
      ['wan_line_bandwidth', 'data[0].wan_line_bandwidth', AMOUNT],
      ['wan_line_count', 'data[0].wan_line_count', COUNT],
      ['wan_vpc_bandwidth', 'data[0].wan_vpc_bandwidth', AMOUNT],
      ['wan_vpc_count', 'data[0].wan_vpc_count', COUNT],
      ['total_count', 'total_count', COUNT],
    ];
    const texts: FieldCase[] = [
      ['resource_group_id', 'data[0].resource_group_id', TEXT],
      ['console_id', 'data[0].console_id', 'a string'],
      ['duration', 'data[0].duration', 'a string or a number'],
      ['end_time', 'data[0].end_time', 'a string'],
    ];

    it.each([...counters, ...texts])('%s missing', async (field, path, expected) => {
      expectMalformed(await failureOf('qingcloud', 'dropField', field, read), path, `${path} is missing; expected ${expected}`);
    });

    it.each(counters)('%s "many"', async (field, path, expected) => {
      expectMalformed(await failureOf('qingcloud', 'mistypeField', field, read), path, `${path} is "many"; expected ${expected}`);
    });

    it.each(['volume_size', 'wan_cpe_bandwidth'])('%s (only in the API example) may be left out: undefined, never 0', async (field) => {
      await cloud().inject({ cloud: 'qingcloud', answer: { kind: 'dropField', field } });
      const stat = await read();
      const name = field === 'volume_size' ? 'volumeSize' : 'wanCpeBandwidth';
      expect(stat.rows[0][name]).toBeUndefined();
      expect(stat.totals[name]).toBeUndefined();
    });

    it.each(['volume_size', 'wan_cpe_bandwidth'])('%s "many" is refused all the same', async (field) => {
      expectMalformed(await failureOf('qingcloud', 'mistypeField', field, read), `data[0].${field}`, `data[0].${field} is "many"; expected ${AMOUNT}`);
    });

    it('data left out is no row, which the total then contradicts: a pagination error, not zero rows', async () => {
      await cloud().inject({ cloud: 'qingcloud', answer: { kind: 'dropField', field: 'data' } });
      expect(await rejectionOf(read())).toMatchObject({ code: 'HEADROOM_PAGINATION' });
    });
  });

  describe('UCloud DescribeBandwidthUsage', () => {
    const read = () =>
      new UCloudClient({ credentials: FAKE_CREDENTIALS.ucloud, endpoint: cloud().endpoints.ucloud, region: 'cn-bj2', ...FAST_RETRY }).describeBandwidthUsage();
    const cases: FieldCase[] = [
      ['CurBandwidth', 'EIPSet[0].CurBandwidth', AMOUNT],
      ['EIPId', 'EIPSet[0].EIPId', TEXT],
      ['TotalCount', 'TotalCount', COUNT],
    ];

    it.each(cases)('%s missing', async (field, path, expected) => {
      expectMalformed(await failureOf('ucloud', 'dropField', field, read), path, `${path} is missing; expected ${expected}`);
    });

    it.each(cases.filter(([f]) => f !== 'EIPId'))('%s "many"', async (field, path, expected) => {
      expectMalformed(await failureOf('ucloud', 'mistypeField', field, read), path, `${path} is "many"; expected ${expected}`);
    });

    it('EIPSet "many" is not a list', async () => {
      expectMalformed(await failureOf('ucloud', 'mistypeField', 'EIPSet', read), 'EIPSet', `EIPSet is "many"; expected an array`);
    });
  });

  describe('Huawei Cloud HSS ListQuotasDetail', () => {
    const read = () =>
      new HuaweiCloudHssClient({
        credentials: FAKE_CREDENTIALS.huaweicloud,
        projectId: FAKE_HUAWEICLOUD_PROJECT.projectId,
        endpoint: cloud().endpoints.huaweicloud,
        ...FAST_RETRY,
      }).listQuotasDetail();
    const counters: FieldCase[] = [
      ['packet_cycle_num', 'packet_cycle_num', COUNT],
      ['on_demand_num', 'on_demand_num', COUNT],
      ['used_num', 'used_num', COUNT],
      ['idle_num', 'idle_num', COUNT],
      ['normal_num', 'normal_num', COUNT],
      ['expired_num', 'expired_num', COUNT],
      ['freeze_num', 'freeze_num', COUNT],
      ['total_num', 'total_num', COUNT],
    ];
    const rowTexts: FieldCase[] = [
      ['resource_id', 'data_list[0].resource_id', TEXT],
      ['version', 'data_list[0].version', TEXT],
      ['quota_status', 'data_list[0].quota_status', TEXT],
      ['used_status', 'data_list[0].used_status', TEXT],
      ['charging_mode', 'data_list[0].charging_mode', TEXT],
    ];

    it.each([...counters, ...rowTexts])('%s missing', async (field, path, expected) => {
      expectMalformed(await failureOf('huaweicloud', 'dropField', field, read), path, `${path} is missing; expected ${expected}`);
    });

    it.each([
      ...counters,
      ['expire_time', 'data_list[0].expire_time', 'epoch milliseconds, or -1 for never'],
      ['create_time', 'data_list[0].create_time', 'epoch milliseconds, or -1 for never'],
      ['tags', 'data_list[0].tags', 'an array'],
      ['data_list', 'data_list', 'an array'],
      ['quota_statistics_list', 'quota_statistics_list', 'an array'],
    ] as FieldCase[])('%s "many"', async (field, path, expected) => {
      expectMalformed(await failureOf('huaweicloud', 'mistypeField', field, read), path, `${path} is "many"; expected ${expected}`);
    });

    it('host, time, sharing and enterprise project fields may be left out: null, never a made-up value', async () => {
      for (const field of ['host_id', 'host_name', 'expire_time', 'create_time', 'shared_quota', 'enterprise_project_id', 'enterprise_project_name']) {
        await cloud().reset();
        await cloud().inject({ cloud: 'huaweicloud', answer: { kind: 'dropField', field } });
        const detail = await read();
        expect(detail.quotas[0]).toMatchObject({ resourceId: '7c1f9a52-3e4b-4d1a-9f0e-000000000001' });
        const name = field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) as keyof (typeof detail.quotas)[0];
        expect(detail.quotas[0][name]).toBeNull();
      }
    });
  });
});
