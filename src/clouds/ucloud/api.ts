// UCloud's API, declared once: the signer (a signed form body on a POST), the answer reader
// with its error table, the request id, and how DescribeBandwidthUsage pages. The client,
// the construct and the resolver are built from this by the shared code (core/cloud-api, lookups/).
import { CloudApi, CloudPaging } from '../../core/cloud-api';
import { UCloudKeys } from './credentials';
import { readUCloudAnswer, UCLOUD_REQUEST_ID_HEADER } from './errors';
import { BandwidthUsagePage, bandwidthUsagePage, EipBandwidth, UCLOUD_PAGE_SIZE } from './schema';
import { signUCloudRequest, UCloudParamValue } from './signer';

/** One UCloud action's parameters before signing, `Action` included. */
export type UCloudCall = Readonly<Record<string, UCloudParamValue>>;

/** What UCloud's error table needs besides the answer: the project asked about, to word `RetCode` 292. */
export interface UCloudCallContext {
  readonly projectId?: string;
}

/** The UCloud API, called as the Go SDK calls it (a signed form body on a `POST`; see `UCloudClient` for why), `RetCode` answers. */
export const UCLOUD_API: CloudApi<UCloudKeys, UCloudCall, UCloudCallContext> = {
  cloud: 'ucloud',
  client: 'UCloudClient',
  requestIdHeader: UCLOUD_REQUEST_ID_HEADER,
  secrets: (keys) => [keys.privateKey, keys.publicKey],
  sign: (params, keys, endpoint) => ({
    method: 'POST',
    url: endpoint.href,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: signUCloudRequest(params, keys).encoded,
  }),
  read: readUCloudAnswer,
};

/** The action of `EipBandwidthUsage` lookups. */
export const DESCRIBE_BANDWIDTH_USAGE = 'DescribeBandwidthUsage';

/**
 * How `DescribeBandwidthUsage` pages: `OffSet`/`Limit`; an EIP is its id. The API table
 * calls `TotalCount` "the number of elements in EIPSet": it may count the page only, so
 * pages are read on while they come back full.
 */
export const BANDWIDTH_USAGE_PAGING: CloudPaging<BandwidthUsagePage, EipBandwidth> = {
  describe: `UCloud ${DESCRIBE_BANDWIDTH_USAGE}`,
  pageSize: UCLOUD_PAGE_SIZE,
  page: bandwidthUsagePage,
  // One copy of UCloud's docs spells the key " EIPSet"; the answer is read as documented.
  rows: (page) => page.eips,
  total: (page) => page.totalCount,
  key: (row) => row.eipId,
  totalCounts: 'atLeast',
};

/** The lookup kind of `EipBandwidthUsage`, as it appears in lookup keys and records. */
export const EIP_BANDWIDTH_USAGE_KIND = 'ucloud:DescribeBandwidthUsage';
