// The worker-side resolver of EipBandwidthUsage lookups (runs on the lookup worker thread).
import { TransportOptions } from '../../core/transport';
import { declareLookupKind } from '../../lookups/lookup-kinds';
import { UCloudClient } from './client';
import { BandwidthUsageResult, bandwidthUsageResult } from './schema';
import { UCloudKeys } from './credentials';
import { BandwidthUsageQuery } from './types';

/** The lookup kind of `EipBandwidthUsage`, as it appears in lookup keys and records. */
export const EIP_BANDWIDTH_USAGE_KIND = 'ucloud:DescribeBandwidthUsage';

/** Everything the resolver needs: plain data, sent to the lookup worker in memory. */
export interface EipBandwidthUsageLookupInput {
  readonly credentials: UCloudKeys;
  readonly endpoint: string;
  readonly query: BandwidthUsageQuery;
  readonly transport: TransportOptions;
}

/** Resolves one `EipBandwidthUsage` lookup with the async client. */
export async function resolveEipBandwidthUsage(input: EipBandwidthUsageLookupInput): Promise<BandwidthUsageResult> {
  const client = new UCloudClient({ ...input.transport, credentials: input.credentials, endpoint: input.endpoint });
  return client.describeBandwidthUsage(input.query);
}

/** The kind, declared to the lookups' table: its resolver, and the shape its recorded value must have. */
export const EIP_BANDWIDTH_USAGE_LOOKUP = declareLookupKind({
  kind: EIP_BANDWIDTH_USAGE_KIND,
  resolve: resolveEipBandwidthUsage,
  result: bandwidthUsageResult,
});
