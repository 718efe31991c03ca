// The worker-side resolver of QuotaDetail lookups (runs on the lookup worker thread).
import { ClientLookupInput } from '../../core/cloud-api';
import { declareLookupKind } from '../../lookups/kind-table';
import { QUOTA_DETAIL_KIND } from './api';
import { HuaweiCloudHssClient, HuaweiCloudHssClientOptions } from './client';
import { quotaDetailResult } from './schema';
import { QuotaDetailQuery } from './types';

export { QUOTA_DETAIL_KIND } from './api';

/** The kind, declared to the lookups' table: its resolver (the async client), and the shape its recorded value must have. */
export const QUOTA_DETAIL_LOOKUP = declareLookupKind({
  kind: QUOTA_DETAIL_KIND,
  resolve: (input: ClientLookupInput<HuaweiCloudHssClientOptions, QuotaDetailQuery>) => new HuaweiCloudHssClient(input.client).listQuotasDetail(input.query),
  result: quotaDetailResult,
});
