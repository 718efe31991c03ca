// The worker-side resolver of EipBandwidthUsage lookups (runs on the lookup worker thread).
import { TransportOptions } from '../../core/transport';
import { UCloudClient } from './client';
import { UCloudKeys } from './signer';
import { BandwidthUsageQuery, BandwidthUsageResult } from './types';

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
