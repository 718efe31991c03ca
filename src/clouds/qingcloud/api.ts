// QingCloud's API, declared once: the signer, the answer reader with its error table, the
// request id, and how GetProjectResourceStat pages. The client, the construct and the
// resolver are built from this by the shared code (core/cloud-api, lookups/).
import { CloudApi, CloudPaging } from '../../core/cloud-api';
import { QingCloudKeys } from './credentials';
import { readQingCloudAnswer } from './errors';
import { ProjectResourceStatPage, projectResourceStatPage, ProjectResourceStatRow, QINGCLOUD_PAGE_SIZE } from './schema';
import { signQingCloudRequest } from './signer';

/** One QingCloud action call before signing: the action and its parameters. */
export interface QingCloudCall {
  readonly action: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** The QingCloud IaaS API: signature version 1 on a GET, `ret_code` answers. */
export const QINGCLOUD_API: CloudApi<QingCloudKeys, QingCloudCall, undefined> = {
  cloud: 'qingcloud',
  client: 'QingCloudClient',
  requestIdHeader: 'x-request-id',
  secrets: (keys) => [keys.secretAccessKey, keys.accessKeyId],
  sign: ({ action, params }, keys, endpoint, now) => {
    const signed = signQingCloudRequest({ method: 'GET', path: endpoint.pathname, params: { ...params, action, version: 1 } }, keys, now);
    return { method: 'GET', url: `${endpoint.origin}${endpoint.pathname}?${signed.signedQuery}` };
  },
  read: (action, res, secrets, nowMs) => readQingCloudAnswer(action, res, secrets, nowMs),
};

/** The action of `ProjectResourceStat` lookups. */
export const GET_PROJECT_RESOURCE_STAT = 'GetProjectResourceStat';

/** How `GetProjectResourceStat` pages: `offset`/`limit`, `total_count` counts every row, a row is its resource group. */
export const PROJECT_RESOURCE_STAT_PAGING: CloudPaging<ProjectResourceStatPage, ProjectResourceStatRow> = {
  describe: `QingCloud ${GET_PROJECT_RESOURCE_STAT}`,
  pageSize: QINGCLOUD_PAGE_SIZE,
  page: projectResourceStatPage,
  rows: (page) => page.rows,
  total: (page) => page.totalCount,
  key: (row) => row.resourceGroupId,
};

/** The lookup kind of `ProjectResourceStat`, as it appears in lookup keys and records. */
export const PROJECT_RESOURCE_STAT_KIND = 'qingcloud:GetProjectResourceStat';
