import { QingCloudKeys } from '../clouds/qingcloud/signer';
import { UCloudKeys } from '../clouds/ucloud/signer';
import { FakeQingCloudData } from './qingcloud-handler';
import { FakeUCloudData } from './ucloud-handler';

/** The keys the fake cloud accepts, by cloud. */
export interface FakeCloudCredentials {
  readonly qingcloud: QingCloudKeys;
  readonly ucloud: UCloudKeys;
}

/** Keys the fake cloud accepts; point a stack at the fake cloud with these (or with `FakeCloud.env()`). */
export const FAKE_CREDENTIALS: FakeCloudCredentials = {
  qingcloud: { accessKeyId: 'QYFAKEACCESSKEY0000', secretAccessKey: 'fake-qingcloud-secret-key-0000' },
  ucloud: { publicKey: 'ucloudfake@example.com0000000000000000000', privateKey: 'fake-ucloud-private-key-0000' },
};

/** The QingCloud project the README and examples use (ids from the API's own example). */
export const FAKE_QINGCLOUD_PROJECT = { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' } as const;

function qingCloudRow(i: number, instances: number): Record<string, string | number> {
  return {
    resource_group_id: `rg-${String(i).padStart(8, '0')}`,
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
