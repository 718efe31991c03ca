// Huawei Cloud HSS's API, declared once: the signer (AK/SK, or an X-Auth-Token), the answer
// reader with its error table, the request id, and how ListQuotasDetail pages. The client,
// the construct and the resolver are built from this by the shared code (core/cloud-api, lookups/).
import { CloudApi, CloudPaging } from '../../core/cloud-api';
import { rfc3986 } from '../../core/encoding';
import { HuaweiCloudAuth, isHuaweiToken } from './auth';
import { HuaweiAnswerContext, readHuaweiAnswer } from './errors';
import { HSS_PAGE_SIZE, HssQuota, QuotaDetailPage, quotaDetailPage } from './schema';
import { huaweiCanonicalQuery, signHuaweiRequest } from './signer';

/** One HSS call before signing: a GET of `/v5/{project_id}/<segments>` with its query. */
export interface HssCall {
  readonly projectId: string;
  readonly segments: readonly string[];
  readonly query: Readonly<Record<string, string | number>>;
}

/** The HSS v5 API: authenticated GETs under `/v5/{project_id}/`, HTTP status answers. */
export const HSS_API: CloudApi<HuaweiCloudAuth, HssCall, Omit<HuaweiAnswerContext, 'secrets'>> = {
  cloud: 'huaweicloud',
  client: 'HuaweiCloudHssClient',
  requestIdHeader: 'x-request-id',
  secrets: (auth) => {
    const a = auth as Partial<{ accessKey: string; secretKey: string; securityToken: string; authToken: string }>;
    return [a.accessKey, a.secretKey, a.securityToken, a.authToken].filter((s): s is string => !!s);
  },
  sign: ({ projectId, segments, query }, auth, endpoint, now) => {
    const base = endpoint.pathname
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    const parts = [...base, 'v5', projectId, ...segments];
    const path = `/${parts.join('/')}`;
    const wirePath = `/${parts.map(rfc3986).join('/')}`;
    if (isHuaweiToken(auth)) {
      const q = huaweiCanonicalQuery(query);
      return { method: 'GET', url: `${endpoint.origin}${wirePath}${q ? `?${q}` : ''}`, headers: { 'X-Auth-Token': auth.authToken } };
    }
    const signed = signHuaweiRequest({ method: 'GET', path, query, headers: { Host: endpoint.host, 'X-Project-Id': projectId } }, auth, now);
    const q = signed.canonicalQuery;
    return { method: 'GET', url: `${endpoint.origin}${wirePath}${q ? `?${q}` : ''}`, headers: signed.headers };
  },
  read: (operation, res, secrets, nowMs, context) => readHuaweiAnswer(operation, res, { ...context, secrets }, nowMs),
};

/** The operation of `QuotaDetail` lookups, and its path under `/v5/{project_id}/`. */
export const LIST_QUOTAS_DETAIL = { operation: 'ListQuotasDetail', segments: ['billing', 'quotas-detail'] } as const;

/** How `ListQuotasDetail` pages: `offset`/`limit`, `total_num` counts every quota, a quota is its resource id. */
export const QUOTA_DETAIL_PAGING: CloudPaging<QuotaDetailPage, HssQuota> = {
  describe: 'Huawei Cloud HSS ListQuotasDetail',
  pageSize: HSS_PAGE_SIZE,
  page: quotaDetailPage,
  rows: (page) => page.quotas,
  total: (page) => page.totalNum,
  key: (q) => q.resourceId,
};

/** The lookup kind of `QuotaDetail`, as it appears in lookup keys and records. */
export const QUOTA_DETAIL_KIND = 'huaweicloud:ListQuotasDetail';
