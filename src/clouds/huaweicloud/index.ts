// Huawei Cloud's part of the public surface (re-exported by src/index.ts). Signer, wire
// shapes, endpoint rules and the resolver stay internal.
export { HuaweiCloudHssClient, HuaweiCloudHssClientOptions } from './client';
export { HuaweiCloudAuth, HuaweiCloudCredentials, HuaweiCloudExplicitSettings, HuaweiCloudToken, resolveHuaweiCloudCredentials } from './credentials';
export { QuotaDetail, QuotaDetailProps } from './quota-detail';
export { HuaweiCloudKeys } from './signer';
export {
  ALL_ENTERPRISE_PROJECTS,
  HSS_CATEGORIES,
  HSS_CHARGING_MODES,
  HSS_MAX_OFFSET,
  HSS_PAGE_SIZE_RANGE,
  HSS_QUOTA_STATUSES,
  HSS_USED_STATUSES,
  HSS_VERSIONS,
  HssCategory,
  HssChargingMode,
  HssQuota,
  HssQuotaCounts,
  HssQuotaStatistics,
  HssQuotaStatus,
  HssTag,
  HssUsedStatus,
  HssVersion,
  QuotaDetailQuery,
  QuotaDetailResult,
  quotaExpiryDate,
} from './types';
export { HuaweiCloudHssClientFromChainOptions, huaweiCloudHssClientFromChain } from './client-from-chain';
export { KOOCLI_CONFIG_FILE_ENV, KOOCLI_PROFILE_ENV, KooCliProfile, KooCliProfileFound, kooCliConfigFile, readKooCliProfile } from './koocli-profile';
// The shape of an answer a client's low-level call reads (its public return type).
export { HuaweiAnswer } from './errors';
