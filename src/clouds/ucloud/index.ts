export * from './client';
export * from './credentials';
export * from './eip-bandwidth-usage';
export * from './signer';
export {
  BandwidthUsageQuery,
  BandwidthUsageResult,
  EipBandwidth,
  WireBandwidthUsageEIPSet,
  WireDescribeBandwidthUsageResponse,
  WireUCloudResponse,
} from './types';
export * from './client-from-chain';
