import { QingCloudKeys } from '../clouds/qingcloud/signer';
import { FakeQingCloudData } from './qingcloud-handler';

/** The keys the fake cloud accepts, by cloud. */
export interface FakeCloudCredentials {
  readonly qingcloud: QingCloudKeys;
}

/** Keys the fake cloud accepts; point a stack at the fake cloud with these (or with `FakeCloud.env()`). */
export const FAKE_CREDENTIALS: FakeCloudCredentials = {
  qingcloud: { accessKeyId: 'QYFAKEACCESSKEY0000', secretAccessKey: 'fake-qingcloud-secret-key-0000' },
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
