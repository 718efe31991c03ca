// EipBandwidthUsage as the construct base declares it: where its keys and endpoint come
// from. Apart from api.ts, so that the lookup worker, which loads the API to send
// requests, does not load the construct layer and the credential chain with it.
import { CloudLookupProps, keyPairLookup } from '../../lookups/construct/lookup-construct';
import { EIP_BANDWIDTH_USAGE_KIND } from './api';
import { resolveUCloudCredentials, UCloudCredentials, UCloudKeys } from './credentials';
import { UCLOUD_DEFAULT_ENDPOINT, ucloudEndpoint } from './endpoint';
import { UCLOUD_PAGE_SIZE } from './schema';

/**
 * `EipBandwidthUsage`, declared to the construct base: its keys come from the chain
 * (props, `UCLOUD_*` variables, the UCloud CLI's files), which also gives the endpoint,
 * region and project; the account is named by the public key.
 */
export const EIP_BANDWIDTH_USAGE = keyPairLookup<UCloudKeys, UCloudCredentials, CloudLookupProps<UCloudKeys>>(['publicKey', 'privateKey'], {
  kind: EIP_BANDWIDTH_USAGE_KIND,
  pageSize: UCLOUD_PAGE_SIZE,
  chain: (props, ctx) => resolveUCloudCredentials(props.credentials, ctx),
  endpoint: (found) => ({ endpoint: ucloudEndpoint(found.endpoint), source: 'UCLOUD_API_BASE_URL or the UCloud CLI profile' }),
  endpointDefault: `UCLOUD_API_BASE_URL, else the profile, else ${UCLOUD_DEFAULT_ENDPOINT}`,
});
