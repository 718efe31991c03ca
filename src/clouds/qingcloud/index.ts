// QingCloud's part of the public surface (re-exported by src/index.ts). Signer, wire
// shapes and the resolver stay internal.
export { QingCloudClient, QingCloudClientOptions } from './client';
export { QingCloudCredentials, resolveQingCloudCredentials } from './credentials';
export { ProjectResourceStat, ProjectResourceStatProps } from './project-resource-stat';
export { QingCloudKeys } from './signer';
export { ProjectResourceCounters, ProjectResourceStatQuery, ProjectResourceStatResult, ProjectResourceStatRow, ProjectResourceTotals } from './types';
export { QingCloudClientFromChainOptions, qingCloudClientFromChain } from './client-from-chain';
// The shape of an answer a client's low-level call reads (its public return type).
export { QingCloudAnswer } from './errors';
