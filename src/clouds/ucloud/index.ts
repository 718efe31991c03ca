// UCloud's part of the public surface (re-exported by src/index.ts). Signer, wire shapes,
// error mapping and the resolver stay internal.
export { UCLOUD_MAX_PAGE_SIZE, UCloudClient, UCloudClientOptions } from './client';
export { UCloudCredentials, resolveUCloudCredentials } from './credentials';
export { EipBandwidthUsage, EipBandwidthUsageProps } from './eip-bandwidth-usage';
export { UCloudKeys, UCloudParamValue } from './signer';
// The envelope every UCloud answer has: the bound of UCloudClient.call's type parameter.
export { BandwidthUsageQuery, BandwidthUsageResult, EipBandwidth, WireUCloudResponse } from './types';
export { UCloudClientFromChainOptions, ucloudClientFromChain } from './client-from-chain';
// The shape of an answer a client's low-level call reads (its public return type).
export { UCloudAnswer } from './errors';
