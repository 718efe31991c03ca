// Benchmark factory for UCloud EipBandwidthUsage.
import { Construct } from 'constructs';
import { EipBandwidthUsage, UCLOUD_MAX_PAGE_SIZE, UCloudClient } from 'cdktf-headroom';
import { FakeCloudData, WireBandwidthUsageEIPSet } from 'cdktf-headroom/testing';
import type { InOrderCall, LookupFactory } from './lookup-factory';
import type { BenchQuery } from './shape';

const REGION = 'cn-bj2';
/** The project requests without `ProjectId` would read; the benchmark always names one. */
const DEFAULT_PROJECT = 'org-benchdefault';

const projectId = (q: BenchQuery): string => `org-${q.id}`;

function row(q: BenchQuery, i: number): WireBandwidthUsageEIPSet {
  return { EIPId: `eip-${q.id}-${String(i).padStart(6, '0')}`, CurBandwidth: (i % 20) * 1.25 + 0.0625 };
}

/** Input of {@link ucloudInOrder}. */
interface InOrderInput {
  readonly endpoint: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly projectId: string;
  readonly pageSize: number;
}

/** The baseline's resolver: the same client, one page at a time. Runs on the in-order worker. */
export async function ucloudInOrder(input: InOrderInput): Promise<number> {
  const client = new UCloudClient({
    credentials: { publicKey: input.publicKey, privateKey: input.privateKey },
    endpoint: input.endpoint,
    region: REGION,
    projectId: input.projectId,
    pageConcurrency: 1,
  });
  const usage = await client.describeBandwidthUsage({ pageSize: input.pageSize });
  return usage.totalCount;
}

/** UCloud `EipBandwidthUsage`: one project per query, one EIP per row, all in cn-bj2. */
export const ucloudEipBandwidthUsage: LookupFactory = {
  name: 'EipBandwidthUsage',
  cloud: 'ucloud',
  maxPageSize: UCLOUD_MAX_PAGE_SIZE,
  data(queries): FakeCloudData {
    const projects: Record<string, { regions: Record<string, WireBandwidthUsageEIPSet[]> }> = { [DEFAULT_PROJECT]: { regions: { [REGION]: [] } } };
    for (const q of queries) projects[projectId(q)] = { regions: { [REGION]: Array.from({ length: q.rows }, (_, i) => row(q, i)) } };
    return { ucloud: { defaultProjectId: DEFAULT_PROJECT, projects } };
  },
  declare(scope: Construct, id: string, q: BenchQuery, pageSize: number) {
    const bw = new EipBandwidthUsage(scope, id, { region: REGION, projectId: projectId(q), pageSize });
    return () => bw.totalCount;
  },
  inOrder(q: BenchQuery, pageSize: number): InOrderCall {
    const env = process.env;
    const input: InOrderInput = {
      endpoint: env.UCLOUD_API_BASE_URL!,
      publicKey: env.UCLOUD_PUBLIC_KEY!,
      privateKey: env.UCLOUD_PRIVATE_KEY!,
      projectId: projectId(q),
      pageSize,
    };
    return { module: __filename, exportName: 'ucloudInOrder', input };
  },
};
