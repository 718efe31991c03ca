// Benchmark factory for QingCloud ProjectResourceStat.
import { Construct } from 'constructs';
import { ProjectResourceStat, QingCloudClient } from 'cdktf-headroom';
import { FakeCloudData } from 'cdktf-headroom/testing';
import type { InOrderCall, LookupFactory } from './lookup-factory';
import type { BenchQuery } from './shape';

const CONSOLE = 'benchconsole';
const OWNER = 'usr-bench';

const projectId = (q: BenchQuery): string => `pj-${q.id}`;

function row(i: number): Record<string, string | number> {
  const n = (i % 7) + 1;
  return {
    resource_group_id: `rg-${String(i).padStart(8, '0')}`,
    console_id: CONSOLE,
    duration: 'daily',
    end_time: '2021-12-27T17:50:14',
    instance_count: n,
    vcpus_count: n * 2,
    memory_sum: n * 4096,
    volume_count: n,
    volume_size: n * 100,
    eip_count: 1,
    eip_bandwidth: 5,
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

/** Input of {@link qingCloudInOrder}. */
interface InOrderInput {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly projectId: string;
  readonly pageSize: number;
}

/** The baseline's resolver: the same client, one page at a time. Runs on the in-order worker. */
export async function qingCloudInOrder(input: InOrderInput): Promise<number> {
  const client = new QingCloudClient({
    credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey },
    endpoint: input.endpoint,
    pageConcurrency: 1,
  });
  const stat = await client.getProjectResourceStat({ consoleId: CONSOLE, projectId: input.projectId, owner: OWNER, pageSize: input.pageSize });
  return stat.totals.instanceCount;
}

/** QingCloud `ProjectResourceStat`: one project per query, one resource group per row. */
export const qingCloudProjectResourceStat: LookupFactory = {
  name: 'ProjectResourceStat',
  cloud: 'qingcloud',
  maxPageSize: 1000,
  data(queries): FakeCloudData {
    const projects: Record<string, { consoleId: string; owner: string; rows: Record<string, string | number>[] }> = {};
    for (const q of queries) projects[projectId(q)] = { consoleId: CONSOLE, owner: OWNER, rows: Array.from({ length: q.rows }, (_, i) => row(i)) };
    return { qingcloud: { projects } };
  },
  declare(scope: Construct, id: string, q: BenchQuery, pageSize: number) {
    const stat = new ProjectResourceStat(scope, id, { consoleId: CONSOLE, projectId: projectId(q), owner: OWNER, pageSize });
    return () => stat.totals.instanceCount;
  },
  inOrder(q: BenchQuery, pageSize: number): InOrderCall {
    const env = process.env;
    const input: InOrderInput = {
      endpoint: env.QINGCLOUD_ENDPOINT!,
      accessKeyId: env.QINGCLOUD_ACCESS_KEY!,
      secretAccessKey: env.QINGCLOUD_SECRET_KEY!,
      projectId: projectId(q),
      pageSize,
    };
    return { module: __filename, exportName: 'qingCloudInOrder', input };
  },
};
