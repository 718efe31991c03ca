// QuotaDetail as the construct base declares it: where its keys, projects and endpoint
// come from. Apart from api.ts, so that the lookup worker, which loads the API to send
// requests, does not load the construct layer and the credential chain with it.
import { InputError } from '../../core/errors';
import { CloudLookupDeclaration, CloudLookupProps } from '../../lookups/construct/lookup-construct';
import { QUOTA_DETAIL_KIND } from './api';
import {
  checkHuaweiCredentialsProp,
  HSS_ENDPOINT_VARIABLE,
  HuaweiCloudAuth,
  HuaweiCloudCredentials,
  isHuaweiToken,
  resolveHuaweiCloudCredentials,
} from './credentials';
import { defaultHssEndpoint, hssRegionEndpointVariable, resolveHssEndpoint } from './endpoint';
import { HSS_PAGE_SIZE } from './schema';

/** The per-region endpoint variable, as help texts name it: `HUAWEICLOUD_SDK_REGION_HSS_<REGION>`. */
const REGION_ENDPOINT_VARIABLE = hssRegionEndpointVariable('<region>');

/** The props the chain reads: the keys, and the region and projects a prop may name. */
type QuotaDetailChainProps = CloudLookupProps<HuaweiCloudAuth> & {
  readonly region?: string;
  readonly projectId?: string;
  readonly enterpriseProjectId?: string;
};

/**
 * `QuotaDetail`, declared to the construct base: its key pair or token comes from the chain
 * (props, `HW_*` and `HUAWEICLOUD_SDK_*` variables, the KooCLI profile,
 * `~/.huaweicloud/credentials`), which also gives the region and projects; the endpoint
 * follows from the region unless a variable names one; the account is named by the access
 * key, or by the token.
 */
export const QUOTA_DETAIL: CloudLookupDeclaration<HuaweiCloudAuth, HuaweiCloudCredentials, QuotaDetailChainProps> = {
  kind: QUOTA_DETAIL_KIND,
  pageSize: HSS_PAGE_SIZE,
  checkCredentials: checkHuaweiCredentialsProp,
  chain: (props, ctx) =>
    resolveHuaweiCloudCredentials(
      { credentials: props.credentials, region: props.region, projectId: props.projectId, enterpriseProjectId: props.enterpriseProjectId },
      ctx,
    ),
  keys: ({ auth }) => auth,
  account: ({ auth }) => (isHuaweiToken(auth) ? auth.authToken : auth.accessKey),
  endpoint: (found, ctx, where) => {
    const endpoint = resolveHssEndpoint(found.region, ctx);
    if (endpoint) return endpoint;
    throw new InputError(
      `${where}: region is required to pick the HSS endpoint; none found in the region prop or HW_REGION_NAME. ` +
        `Set one of them (e.g. "cn-north-4"), or set the endpoint prop, ${REGION_ENDPOINT_VARIABLE} or ${HSS_ENDPOINT_VARIABLE}.`,
    );
  },
  endpointDefault: `${REGION_ENDPOINT_VARIABLE}, ${HSS_ENDPOINT_VARIABLE}, else ${defaultHssEndpoint('{region}')}`,
};
