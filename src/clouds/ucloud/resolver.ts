// The worker-side resolver of EipBandwidthUsage lookups (runs on the lookup worker thread).
import { ClientLookupInput } from '../../core/cloud-api';
import { declareLookupKind } from '../../lookups/kind-table';
import { EIP_BANDWIDTH_USAGE_KIND } from './api';
import { UCloudClient, UCloudClientOptions } from './client';
import { bandwidthUsageResult } from './schema';
import { BandwidthUsageQuery } from './types';

export { EIP_BANDWIDTH_USAGE_KIND } from './api';

/** The kind, declared to the lookups' table: its resolver (the async client), and the shape its recorded value must have. */
export const EIP_BANDWIDTH_USAGE_LOOKUP = declareLookupKind({
  kind: EIP_BANDWIDTH_USAGE_KIND,
  resolve: (input: ClientLookupInput<UCloudClientOptions, BandwidthUsageQuery>) => new UCloudClient(input.client).describeBandwidthUsage(input.query),
  result: bandwidthUsageResult,
});
