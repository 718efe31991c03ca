import { QingCloudKeys } from '../clouds/qingcloud/credentials';
import { WireProjectResourceStatRow } from '../clouds/qingcloud/types';
import { UCloudKeys } from '../clouds/ucloud/credentials';
import { FakeHssQuotaRow, FakeHuaweiCloudCredentials, FakeHuaweiCloudData } from './huaweicloud-handler';
import { FakeQingCloudData } from './qingcloud-handler';
import { FakeUCloudData } from './ucloud-handler';

/** The keys the fake cloud accepts, by cloud. */
export interface FakeCloudCredentials {
  readonly qingcloud: QingCloudKeys;
  readonly ucloud: UCloudKeys;
  readonly huaweicloud: FakeHuaweiCloudCredentials;
}

/** Keys the fake cloud accepts; point a stack at the fake cloud with these (or with `FakeCloud.env()`). */
export const FAKE_CREDENTIALS: FakeCloudCredentials = {
  qingcloud: { accessKeyId: 'QYFAKEACCESSKEY0000', secretAccessKey: 'fake-qingcloud-secret-key-0000' },
  ucloud: { publicKey: 'ucloudfake@example.com0000000000000000000', privateKey: 'fake-ucloud-private-key-0000' },
  huaweicloud: {
    accessKey: 'HWFAKEACCESSKEY00000',
    secretKey: 'fake-huaweicloud-secret-key-0000',
    authToken: 'MIIfake-huaweicloud-x-auth-token-0000',
    temporary: {
      accessKey: 'HWFAKETEMPACCESSKEY0',
      secretKey: 'fake-huaweicloud-temporary-secret-0000',
      securityToken: 'fake-huaweicloud-security-token-0000',
    },
  },
};

/** The QingCloud project the README and examples use (ids from the API's own example). */
export const FAKE_QINGCLOUD_PROJECT = { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' } as const;

/**
 * A `GetProjectResourceStat` row (wire form) of one resource group running `instances`
 * instances, sized as the default data's rows are: 2 vCPUs, 4,096 MB and one 100 GB volume
 * per instance, one EIP of 5 Mbps per two instances, no SD-WAN.
 * @example
 * await cloud.updateData((d) => { d.qingcloud.projects['pj-xzvlxlb5'].rows.push(fakeQingCloudRow('rg-workers', 10)); });
 */
export function fakeQingCloudRow(resourceGroupId: string, instances: number): WireProjectResourceStatRow {
  return {
    resource_group_id: resourceGroupId,
    console_id: 'alphacloud',
    duration: 'daily',
    end_time: '2021-12-27T17:50:14',
    instance_count: instances,
    vcpus_count: instances * 2,
    memory_sum: instances * 4096,
    volume_count: instances,
    volume_size: instances * 100,
    eip_count: Math.ceil(instances / 2),
    eip_bandwidth: Math.ceil(instances / 2) * 5,
    wan_connect_bandwidth: 0,
    wan_connect_count: 0,
    wan_cpe_count: 0,
    wan_cpe_bandwidth: 0,
    wan_line_bandwidth: 0,
    wan_line_count: 0,
    wan_vpc_bandwidth: 0,
    wan_vpc_count: 0,
  };
}

function qingCloudRow(i: number, instances: number): WireProjectResourceStatRow {
  return fakeQingCloudRow(`rg-${String(i).padStart(8, '0')}`, instances);
}

/** The QingCloud data served when none is given: the example's project, 7 resource groups, 42 instances. */
export function defaultQingCloudData(): FakeQingCloudData {
  const sizes = [10, 8, 7, 6, 5, 4, 2];
  return {
    projects: {
      [FAKE_QINGCLOUD_PROJECT.projectId]: {
        consoleId: FAKE_QINGCLOUD_PROJECT.consoleId,
        owner: FAKE_QINGCLOUD_PROJECT.owner,
        rows: sizes.map((n, i) => qingCloudRow(i + 1, n)),
      },
    },
  };
}

/** The UCloud account the README and examples use: its default project, a sub-account project, and the region with a dozen EIPs. */
export const FAKE_UCLOUD_ACCOUNT = { projectId: 'org-fakedef', subProjectId: 'org-fakesub', region: 'cn-bj2' } as const;

/**
 * Current bandwidth (Mbps) of the 12 EIPs of the default project in cn-bj2, in order:
 * floats as UCloud returns them (the first is the API example's value), peak 95.125
 * (`eip-bj2fk010`), total 270.2955951690674.
 */
export const FAKE_UCLOUD_BJ2_MBPS: readonly number[] = [
  0.0000629425048828125, 12.5, 3.75, 48.25, 0.5, 7, 22.0625, 0.001953125, 61.5, 95.125, 15.25, 4.3560791015625,
];

/** The id of the n-th (from 1) fake EIP of a region tag: `eip-bj2fk001`. */
function fakeEipId(tag: string, n: number): string {
  return `eip-${tag}fk${String(n).padStart(3, '0')}`;
}

/**
 * The UCloud data served when none is given: the default project has 12 EIPs in
 * cn-bj2 ({@link FAKE_UCLOUD_BJ2_MBPS}), 3 in cn-sh2 and none in hk; a sub-account
 * project has 2 in cn-bj2.
 */
export function defaultUCloudData(): FakeUCloudData {
  return {
    defaultProjectId: FAKE_UCLOUD_ACCOUNT.projectId,
    projects: {
      [FAKE_UCLOUD_ACCOUNT.projectId]: {
        regions: {
          'cn-bj2': FAKE_UCLOUD_BJ2_MBPS.map((mbps, i) => ({ CurBandwidth: mbps, EIPId: fakeEipId('bj2', i + 1) })),
          'cn-sh2': [0.25, 1.5, 0.0000457763671875].map((mbps, i) => ({ CurBandwidth: mbps, EIPId: fakeEipId('sh2', i + 1) })),
          hk: [],
        },
      },
      [FAKE_UCLOUD_ACCOUNT.subProjectId]: {
        regions: { 'cn-bj2': [2.5, 30].map((mbps, i) => ({ CurBandwidth: mbps, EIPId: fakeEipId('sub', i + 1) })) },
      },
    },
  };
}

/** The Huawei Cloud project the README and examples use. */
export const FAKE_HUAWEICLOUD_PROJECT = { region: 'cn-north-4', projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' } as const;

/** The enterprise project (besides the default, `0`) that some default quotas belong to. */
export const FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT = { id: 'b5f3c1e2-7d4a-4e6b-9c8d-1a2b3c4d5e6f', name: 'production' } as const;

/** Midnight (Beijing time) of a date, in epoch milliseconds. */
const cst = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) - 8 * 3_600_000;

/**
 * The default HSS quotas, as groups of identical rows:
 * [version suffix, quota_status, used_status, charging_mode, count, enterprise project, expire_time].
 */
const HSS_GROUPS: ReadonlyArray<readonly [string, string, string, string, number, 'default' | 'production', number]> = [
  ['basic', 'normal', 'used', 'packet_cycle', 4, 'default', cst(2027, 7, 1)],
  ['basic', 'normal', 'idle', 'on_demand', 2, 'default', -1],
  ['advanced', 'normal', 'used', 'packet_cycle', 3, 'default', cst(2027, 1, 1)],
  ['advanced', 'expired', 'idle', 'packet_cycle', 1, 'default', cst(2026, 10, 1)],
  ['enterprise', 'normal', 'used', 'packet_cycle', 5, 'default', cst(2027, 4, 1)],
  ['enterprise', 'normal', 'used', 'packet_cycle', 2, 'production', cst(2027, 4, 1)],
  ['enterprise', 'normal', 'idle', 'packet_cycle', 3, 'default', cst(2027, 7, 1)],
  ['enterprise', 'expired', 'idle', 'packet_cycle', 1, 'default', cst(2026, 10, 1)],
  ['enterprise', 'freeze', 'used', 'packet_cycle', 1, 'default', cst(2027, 1, 16)],
  ['premium', 'normal', 'used', 'packet_cycle', 4, 'production', cst(2027, 1, 1)],
  ['premium', 'normal', 'idle', 'packet_cycle', 2, 'production', cst(2027, 1, 1)],
  ['premium', 'freeze', 'idle', 'packet_cycle', 1, 'default', cst(2027, 1, 16)],
  ['premium', 'normal', 'used', 'on_demand', 1, 'default', -1],
  ['wtp', 'normal', 'used', 'packet_cycle', 2, 'default', cst(2027, 7, 1)],
  ['wtp', 'normal', 'idle', 'packet_cycle', 1, 'default', cst(2027, 7, 1)],
  ['container.enterprise', 'normal', 'used', 'on_demand', 2, 'default', -1],
  ['container.enterprise', 'normal', 'idle', 'on_demand', 1, 'default', -1],
];

/**
 * The Huawei Cloud data served when none is given: one project
 * ({@link FAKE_HUAWEICLOUD_PROJECT}) with 36 HSS quotas across every edition, normal,
 * expired and frozen, used and idle, yearly/monthly and pay-per-use, in the default
 * enterprise project (28) and in "production" (8). In all: 24 used, 12 idle, 32 normal,
 * 2 expired, 2 frozen; 3 enterprise-edition quotas are idle and usable.
 */
export function defaultHuaweiCloudData(): FakeHuaweiCloudData {
  const quotas: FakeHssQuotaRow[] = [];
  for (const [edition, quotaStatus, usedStatus, chargingMode, count, ep, expireTime] of HSS_GROUPS) {
    for (let k = 0; k < count; k++) {
      const i = quotas.length + 1;
      const nn = String(i).padStart(2, '0');
      const used = usedStatus === 'used';
      const production = ep === 'production';
      quotas.push({
        resource_id: `7c1f9a52-3e4b-4d1a-9f0e-${String(i).padStart(12, '0')}`,
        version: `hss.version.${edition}`,
        quota_status: quotaStatus,
        used_status: usedStatus,
        ...(used ? { host_id: `5d2e8b31-0c4f-4a7e-b6d9-${String(i).padStart(12, '0')}`, host_name: `ecs-${edition.replace('.', '-')}-${nn}` } : {}),
        charging_mode: chargingMode,
        tags: used ? [{ key: 'env', value: production ? 'prod' : 'test' }] : [],
        expire_time: expireTime,
        create_time: cst(2025, 1, 1) + i * 86_400_000,
        shared_quota: chargingMode === 'packet_cycle' ? 'shared' : 'unshared',
        enterprise_project_id: production ? FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT.id : '0',
        enterprise_project_name: production ? FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT.name : 'default',
      });
    }
  }
  return { projects: { [FAKE_HUAWEICLOUD_PROJECT.projectId]: { quotas } } };
}
