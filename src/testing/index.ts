// cdktf-headroom/testing: the fake cloud (one local HTTP server that speaks all three
// APIs, verifies signatures, pages and injects faults) and its fixtures, for tests,
// examples and benchmarks. A separate entry point so that apps never load node:http
// servers or worker threads they do not use. Recorded in api/cdktf-headroom-testing.api.md.
export { FakeCloud, FakeCloudData, FakeCloudOptions, FakeCloudServedData, createFakeCloudServer, serveFakeCloud, startFakeCloud } from './fake-cloud';
export { FakeAnswerFault, FakeAnswerFaultKind, FakeAnswerShape, FakeCloudName, FakeFaultKind, FakeFaults, FakeRequestLogEntry } from './fake-cloud-types';
export {
  FAKE_CREDENTIALS,
  FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT,
  FAKE_HUAWEICLOUD_PROJECT,
  FAKE_QINGCLOUD_PROJECT,
  FAKE_UCLOUD_ACCOUNT,
  FAKE_UCLOUD_BJ2_MBPS,
  FakeCloudCredentials,
  defaultHuaweiCloudData,
  defaultQingCloudData,
  defaultUCloudData,
  fakeQingCloudRow,
} from './default-data';
export { FakeQingCloudData, FakeQingCloudProject } from './qingcloud-handler';
export { FakeUCloudData, FakeUCloudProject } from './ucloud-handler';
export {
  FAKE_HSS_CODES,
  FakeHssQuotaRow,
  FakeHssSummary,
  FakeHuaweiCloudCredentials,
  FakeHuaweiCloudData,
  FakeHuaweiCloudProject,
} from './huaweicloud-handler';
// The wire shapes the fake cloud serves (its data is written in them).
export { WireProjectResourceStatResponse, WireProjectResourceStatRow } from '../clouds/qingcloud/types';
export { WireBandwidthUsageEIPSet, WireDescribeBandwidthUsageResponse, WireUCloudResponse } from '../clouds/ucloud/types';
export { WireHssTag, WireHuaweiError, WireListQuotasDetailResponse, WireQuotaResource, WireQuotaStatistics } from '../clouds/huaweicloud/types';
// Types of the main entry point that the fixtures above are written in.
export { QingCloudKeys } from '../clouds/qingcloud/credentials';
export { UCloudKeys } from '../clouds/ucloud/credentials';
export { HuaweiCloudKeys } from '../clouds/huaweicloud/credentials';
export { HSS_CATEGORIES, HssCategory } from '../clouds/huaweicloud/types';
