// Benchmark factory for Huawei Cloud QuotaDetail (HSS ListQuotasDetail).
import { Construct } from 'constructs';
import { HSS_PAGE_SIZE_RANGE, HuaweiCloudHssClient, QuotaDetail } from 'cdktf-headroom';
import { FakeCloudData, FakeHssQuotaRow } from 'cdktf-headroom/testing';
import type { InOrderCall, LookupFactory } from './lookup-factory';
import type { BenchQuery } from './shape';

/** Every enterprise project, so every row of the project counts. */
const ALL_EPS = 'all_granted_eps';
const VERSIONS = ['basic', 'advanced', 'enterprise', 'premium'] as const;

const projectId = (q: BenchQuery): string => `hss-${q.id}`;

function row(q: BenchQuery, i: number): FakeHssQuotaRow {
  const used = i % 3 !== 0;
  return {
    resource_id: `${q.id}-quota-${String(i).padStart(8, '0')}`,
    version: `hss.version.${VERSIONS[i % VERSIONS.length]}`,
    quota_status: 'normal',
    used_status: used ? 'used' : 'idle',
    ...(used ? { host_id: `${q.id}-host-${String(i).padStart(8, '0')}`, host_name: `ecs-${i}` } : {}),
    charging_mode: 'packet_cycle',
    tags: [],
    expire_time: 1_800_000_000_000,
    create_time: 1_700_000_000_000,
    shared_quota: 'shared',
    enterprise_project_id: '0',
    enterprise_project_name: 'default',
  };
}

/** Input of {@link huaweiCloudInOrder}. */
interface InOrderInput {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly projectId: string;
  readonly pageSize: number;
}

/** The baseline's resolver: the same client, one page at a time. Runs on the in-order worker. */
export async function huaweiCloudInOrder(input: InOrderInput): Promise<number> {
  const client = new HuaweiCloudHssClient({
    credentials: { accessKey: input.accessKey, secretKey: input.secretKey },
    projectId: input.projectId,
    endpoint: input.endpoint,
    pageConcurrency: 1,
  });
  const detail = await client.listQuotasDetail({ enterpriseProjectId: ALL_EPS, pageSize: input.pageSize });
  return detail.totalNum;
}

/** Huawei Cloud `QuotaDetail`: one project per query, one HSS quota per row. */
export const huaweiCloudQuotaDetail: LookupFactory = {
  name: 'QuotaDetail',
  cloud: 'huaweicloud',
  maxPageSize: HSS_PAGE_SIZE_RANGE.max,
  data(queries): FakeCloudData {
    const projects: Record<string, { quotas: FakeHssQuotaRow[] }> = {};
    for (const q of queries) projects[projectId(q)] = { quotas: Array.from({ length: q.rows }, (_, i) => row(q, i)) };
    return { huaweicloud: { projects } };
  },
  declare(scope: Construct, id: string, q: BenchQuery, pageSize: number) {
    // Region and endpoint from the environment (HW_REGION_NAME, HUAWEICLOUD_SDK_REGION_HSS_<REGION>), as FakeCloud.env() sets them.
    const hss = new QuotaDetail(scope, id, { projectId: projectId(q), enterpriseProjectId: ALL_EPS, pageSize });
    return () => hss.totalNum;
  },
  inOrder(q: BenchQuery, pageSize: number): InOrderCall {
    const env = process.env;
    const input: InOrderInput = {
      endpoint: env.HW_HSS_ENDPOINT!,
      accessKey: env.HW_ACCESS_KEY!,
      secretKey: env.HW_SECRET_KEY!,
      projectId: projectId(q),
      pageSize,
    };
    return { module: __filename, exportName: 'huaweiCloudInOrder', input };
  },
};
