// cdktf-headroom: lookups that read cloud quota and usage while a cdktf app is
// synthesized, gates over them, and the async clients underneath.
//
// The decided public surface: named exports only, each listed here and recorded in
// api/cdktf-headroom.api.md (`npm run api` updates it, CI checks it). The fake cloud and
// test fixtures are the `cdktf-headroom/testing` entry point (src/testing/index.ts).
// Anything not listed is internal: tests reach it through its src/ path.

// First, the library's setup step (registry/prepare.ts), taken here, explicitly, when an app
// loads the library: the lookup worker's entry is handed to the bridge, policy's synth run takes part,
// and under `cdktf synth` the lookup worker starts while the rest of the app loads.
import { prepareLibrary } from './registry/prepare';
prepareLibrary();

// Errors: one base class with a stable code, a subclass per kind of failure.
export {
  CloudCredentialsError,
  CloudServiceError,
  CloudServiceErrorDetails,
  CredentialsError,
  HeadroomError,
  HeadroomErrorCode,
  InputError,
  LookupRecordError,
  MissingCredentialsError,
  NetworkError,
  PaginationError,
  SerializedError,
  TimeoutError,
} from './core/errors';

// Options shared by the three clients.
export { CloudAnswer, CloudClientOptions } from './core/cloud-api';
export { Clock, systemClock, TEST_NOW_ENV } from './core/clock';
export { RetryPolicy, DEFAULT_RETRY_POLICY } from './core/retry';
export { TransportDeps, TransportOptions } from './core/transport';
export { AppTransportSettings } from './core/transport-options';
export { AnswerContext } from './core/decode';
export { Resolved } from './core/credential-chain';
export { CredentialContext } from './core/credential-context';
export { CredentialFileCache } from './core/credential-file-cache';
export { FrameworkName, FRAMEWORK_NAMES } from './core/framework';

// The base of the lookup constructs: fetchedAt, lookupError, lookupProvenance.
export { CloudLookupProps, LookupConstruct } from './lookups/construct/lookup-construct';

// Lookup modes and the lookup record.
export {
  LookupMode,
  LookupModeProps,
  LOOKUP_MODES,
  LOOKUP_MODE_ENV,
  LOOKUP_MAX_AGE_ENV,
  LOOKUP_RECORD_FILE_ENV,
  LOOKUP_MODE_CONTEXT,
  LOOKUP_MAX_AGE_CONTEXT,
  LOOKUP_RECORD_FILE_CONTEXT,
  DEFAULT_LOOKUP_RECORD_FILE,
  DEFAULT_LOOKUP_MAX_AGE_SECONDS,
  LOOKUP_RECORD_URL_ENV,
  LOOKUP_RECORD_URL_CONTEXT,
  LOOKUP_LEASE_ENV,
  LOOKUP_LEASE_CONTEXT,
  DEFAULT_LOOKUP_LEASE_SECONDS,
  LOOKUP_HISTORY_RETENTION_ENV,
  LOOKUP_HISTORY_RETENTION_CONTEXT,
  projectLookupRecordPath,
} from './lookups/settings';
// The record store (a file, or a shared PostgreSQL database) and the types its interface
// is written in.
export { LookupRecordFile, LOOKUP_RECORD_VERSION } from './lookups/record/file';
export { RecordHistoryLimits, DEFAULT_HISTORY_LIMITS } from './lookups/record/history';
export { LookupRecordLockOptions } from './lookups/record/file-lock';
export { LookupRecord } from './lookups/record/entry';
export { LookupSettingSources } from './lookups/settings';
export { LookupOutcome, LookupRequest } from './lookups/request';
export { LookupRecordStore, StoreFetch, StoreFetched, copyLookupRecords } from './lookups/record/store';
export { FileRecordStore } from './lookups/record/file-store';
export { judgeReservation, Reservation, ReservationAsk, ReservationOutcome, ReservationRequest, ReservationVerdict } from './lookups/record/reservations';
export { PostgresRecordStore, DEFAULT_HISTORY_RETENTION_MS } from './lookups/record/postgres/store';
export { PostgresRecordTarget } from './lookups/record/postgres/target';
export { openLookupRecordStore, lookupRecordStoreAt } from './lookups/record/open-store';
export { LookupProvenance, LookupAnsweredFrom } from './lookups/batch/provenance';

// Gates: rules over looked-up values, suppressions, and the pipeline reports.
export {
  CheckExitCode,
  CheckVerdict,
  CustomCheckResult,
  ExitCodeOptions,
  FAIL_ON_WARNINGS_CONTEXT,
  FAIL_ON_WARNINGS_ENV,
  Finding,
  FindingError,
  FindingProvenance,
  FindingStatus,
  FindingSuppression,
  FitsOptions,
  GATE_REPORT_SCHEMA_VERSION,
  Gate,
  GateDependable,
  GateProps,
  GateReport,
  GateReportStatus,
  GateReportSummary,
  GateRun,
  GateSummary,
  Headroom,
  HeadroomProps,
  ILookupSource,
  NumberBounds,
  NumberInput,
  PLAN_CHECK_PROVIDER_ALIAS,
  PlanPrecondition,
  PlanRuleValue,
  ProtectableResource,
  REPORT_DIR_NAME,
  REPORT_FILES,
  ReportNotice,
  Rule,
  RuleKind,
  RuleLevel,
  RuleOptions,
  RuleOutcome,
  RuleReading,
  SOURCE_FILE_CONTEXT,
  SOURCE_FILE_ENV,
  SarifOptions,
  SourceFailure,
  Suppression,
  SuppressionOptions,
  Suppressions,
  UtilizationOptions,
  RunwayOptions,
  RunwayEvidence,
  RunwayPoint,
  RunwayVerdictKind,
  RUNWAY_MIN_POINTS,
  RUNWAY_MIN_SPAN_DAYS,
  RUNWAY_STEP_FRACTION,
  checkVerdict,
  exitCodeFor,
  failOnWarningsRequested,
  parseGateReport,
  readGateReport,
  renderHtml,
  renderJunit,
  renderMarkdown,
  renderSarif,
  renderSynthStop,
  renderVerdictTable,
  renderViolationBlock,
  writeReportFiles,
  Consumers,
  ConsumerOptions,
  ClaimOptions,
  PlanClaim,
  PlanConsumer,
  PlanQuantity,
  HeadroomRecord,
  accountPlan,
  configAddress,
  PlanAccount,
  PlanCounting,
  PlanItem,
  PlanProblem,
  PlanResourceChange,
  PlanFile,
  readPlanFile,
  parsePlan,
  PLAN_RUN_VARIABLE,
  PLAN_STACK_VARIABLE,
  CheckPlanOptions,
  CheckReportOptions,
  checkPlan,
  judgePlan,
  PlanCheck,
  PlanCheckOutcome,
  PlanHeadroomVerdict,
  HeadroomQuota,
  DEFAULT_RESERVATION_TTL_MS,
  PlanReservation,
  PlanReservationHeadroom,
  reservePlan,
  ReservePlanOptions,
  PlanBar,
  planBarOf,
  planTextBar,
  renderPlanHtml,
  renderPlanJunit,
  renderPlanMarkdown,
  renderPlanSarif,
} from './policy';
export { GateEvaluation } from './policy/gate-report';
export { RegisteredGate } from './policy/gate-registry';
export { PLAN_CHECK_RESOURCE_TYPES, PlanCheckResourceType } from './policy/plan-conditions';
export {
  LOOKUP_CLOUDS,
  LOOKUP_COMMANDS,
  LookupCloud,
  LookupCommandSpec,
  LookupOptionSpec,
  LookupRun,
  RunLookupOptions,
  lookupPropsFromOptions,
  runLookup,
} from './registry/run-lookup';

// Each cloud's part, listed by the file that declares it: its construct, its client (and
// the answer its low-level call returns), the client set up from the credential chain, the
// chain, the query and the result.

// QingCloud: GetProjectResourceStat.
export { ProjectResourceStat, ProjectResourceStatProps } from './clouds/qingcloud/project-resource-stat';
export { QingCloudAnswer, QingCloudClient, QingCloudClientOptions } from './clouds/qingcloud/client';
export { QingCloudClientFromChainOptions, qingCloudClientFromChain } from './clouds/qingcloud/client-from-chain';
export { QingCloudCredentials, QingCloudKeys, resolveQingCloudCredentials } from './clouds/qingcloud/credentials';
export { ProjectResourceStatQuery } from './clouds/qingcloud/types';
export { ProjectResourceCounters, ProjectResourceStatResult, ProjectResourceStatRow, ProjectResourceTotals } from './clouds/qingcloud/schema';

// UCloud: DescribeBandwidthUsage.
export { EipBandwidthUsage, EipBandwidthUsageProps } from './clouds/ucloud/eip-bandwidth-usage';
export { UCLOUD_MAX_PAGE_SIZE, UCloudAnswer, UCloudClient, UCloudClientOptions } from './clouds/ucloud/client';
export { UCloudClientFromChainOptions, ucloudClientFromChain } from './clouds/ucloud/client-from-chain';
export { UCloudCredentials, UCloudKeys, resolveUCloudCredentials } from './clouds/ucloud/credentials';
export { UCloudParamValue } from './clouds/ucloud/signer';
// The envelope every UCloud answer has.
export { BandwidthUsageQuery, WireUCloudResponse } from './clouds/ucloud/types';
export { BandwidthUsageResult, EipBandwidth } from './clouds/ucloud/schema';

// Huawei Cloud HSS: ListQuotasDetail.
export { QuotaDetail, QuotaDetailProps } from './clouds/huaweicloud/quota-detail';
export { HuaweiAnswer, HuaweiCloudHssClient, HuaweiCloudHssClientOptions } from './clouds/huaweicloud/client';
export { HuaweiCloudHssClientFromChainOptions, huaweiCloudHssClientFromChain } from './clouds/huaweicloud/client-from-chain';
export {
  HuaweiCloudAuth,
  HuaweiCloudCredentials,
  HuaweiCloudExplicitSettings,
  HuaweiCloudKeys,
  HuaweiCloudToken,
  resolveHuaweiCloudCredentials,
} from './clouds/huaweicloud/credentials';
// The query's filters and their allowed values.
export {
  ALL_ENTERPRISE_PROJECTS,
  HSS_CATEGORIES,
  HSS_CHARGING_MODES,
  HSS_MAX_OFFSET,
  HSS_QUOTA_STATUSES,
  HSS_USED_STATUSES,
  HSS_VERSIONS,
  HssCategory,
  HssChargingMode,
  HssQuotaStatus,
  HssUsedStatus,
  HssVersion,
  QuotaDetailQuery,
} from './clouds/huaweicloud/types';
export {
  HSS_PAGE_SIZE as HSS_PAGE_SIZE_RANGE,
  HssQuota,
  HssQuotaCounts,
  HssQuotaStatistics,
  HssTag,
  QuotaDetailResult,
  quotaExpiryDate,
} from './clouds/huaweicloud/schema';
