export * from './client';
export * from './credentials';
export * from './quota-detail';
export * from './signer';
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
  WireHssTag,
  WireHuaweiError,
  WireListQuotasDetailResponse,
  WireQuotaResource,
  WireQuotaStatistics,
} from './types';
export * from './client-from-chain';
export * from './koocli-profile';
