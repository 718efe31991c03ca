// cdktf-headroom: lookups that read cloud quota and usage while a cdktf app is
// synthesized, and the engine underneath. Named exports only; each cloud is also
// available as a namespace (`qingcloud.QingCloudClient`).

// First: under `cdktf synth`, starts the lookup worker while the rest of the app loads.
import './lookups/synth-prewarm';

export * from './core/errors';
export { Clock, systemClock } from './core/clock';
export { RetryPolicy, DEFAULT_RETRY_POLICY } from './core/retry';
export { TransportOptions, HttpRequest, HttpResponse, CallSpec, Transport, TransportDeps } from './core/transport';
export { Page, PaginateOptions, AllPages, fetchAllPages } from './core/pagination';
export { CredentialContext, CredentialFileCache } from './core/credentials';
export { FrameworkName, FRAMEWORK_NAMES } from './core/framework';

export { LookupEngine, LookupHandle, LookupStats, LookupRecordStats } from './lookups/engine';
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
  projectLookupRecordPath,
} from './lookups/lookup-mode';
export { LookupRecordStore, FileRecordStore, StoreFetch, StoreFetched, copyLookupRecords } from './lookups/record-store';
export { PostgresRecordStore } from './lookups/postgres-record-store';
export { openLookupRecordStore, lookupRecordStoreAt } from './lookups/open-record-store';
export { LookupRecord, LookupRecordFile, LookupRecordLockOptions, LOOKUP_RECORD_VERSION } from './lookups/lookup-record';
export { selectRecordKeys } from './lookups/select-record-keys';
export { LookupCredentials, LookupSpec } from './lookups/lookup-credentials';
export { LookupProvenance, LookupAnsweredFrom } from './lookups/lookup-provenance';

export * from './policy';
export { LOOKUP_CLOUDS, LOOKUP_COMMANDS, LookupCloud, LookupCommandSpec, LookupOptionSpec, LookupRun, RunLookupOptions, lookupPropsFromOptions, runLookup } from './clouds/run-lookup';

export * from './clouds/qingcloud';
export * as qingcloud from './clouds/qingcloud';
export * from './clouds/ucloud';
export * as ucloud from './clouds/ucloud';
export * from './clouds/huaweicloud';
export * as huaweicloud from './clouds/huaweicloud';

export {
  FakeCloud,
  FakeCloudData,
  FakeCloudOptions,
  createFakeCloudServer,
  serveFakeCloud,
  startFakeCloud,
} from './testing/fake-cloud';
export { FakeCloudName, FakeFaults, FakeRequestLogEntry } from './testing/fake-cloud-types';
export { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT, FakeCloudCredentials, defaultQingCloudData } from './testing/default-data';
export { FakeQingCloudData, FakeQingCloudProject } from './testing/qingcloud-handler';
export { FAKE_UCLOUD_ACCOUNT, FAKE_UCLOUD_BJ2_MBPS, defaultUCloudData } from './testing/default-data';
export { FakeUCloudData, FakeUCloudProject } from './testing/ucloud-handler';
export {
  FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT,
  FAKE_HUAWEICLOUD_PROJECT,
  defaultHuaweiCloudData,
} from './testing/default-data';
export {
  FAKE_HSS_CODES,
  FakeHssQuotaRow,
  FakeHssSummary,
  FakeHuaweiCloudCredentials,
  FakeHuaweiCloudData,
  FakeHuaweiCloudProject,
} from './testing/huaweicloud-handler';
