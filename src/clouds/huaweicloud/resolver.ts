// The worker-side resolver of QuotaDetail lookups (runs on the lookup worker thread).
import { TransportOptions } from '../../core/transport';
import { declareLookupKind } from '../../lookups/kind-table';
import { HuaweiCloudHssClient } from './client';
import { HuaweiCloudAuth } from './credentials';
import { QuotaDetailResult, quotaDetailResult } from './schema';
import { QuotaDetailQuery } from './types';

/** The lookup kind of `QuotaDetail`, as it appears in lookup keys and records. */
export const QUOTA_DETAIL_KIND = 'huaweicloud:ListQuotasDetail';

/** Everything the resolver needs: plain data, sent to the lookup worker in memory. */
export interface QuotaDetailLookupInput {
  readonly credentials: HuaweiCloudAuth;
  readonly endpoint: string;
  readonly projectId: string;
  readonly query: QuotaDetailQuery;
  readonly transport: TransportOptions;
}

/** Resolves one `QuotaDetail` lookup with the async client. */
export async function resolveQuotaDetail(input: QuotaDetailLookupInput): Promise<QuotaDetailResult> {
  const client = new HuaweiCloudHssClient({
    ...input.transport,
    credentials: input.credentials,
    endpoint: input.endpoint,
    projectId: input.projectId,
  });
  return client.listQuotasDetail(input.query);
}

/** The kind, declared to the lookups' table: its resolver, and the shape its recorded value must have. */
export const QUOTA_DETAIL_LOOKUP = declareLookupKind({
  kind: QUOTA_DETAIL_KIND,
  resolve: resolveQuotaDetail,
  result: quotaDetailResult,
});
