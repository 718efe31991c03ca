// ProjectResourceStat as the construct base declares it: where its keys and endpoint come
// from. Apart from api.ts, so that the lookup worker, which loads the API to send
// requests, does not load the construct layer and the credential chain with it.
import { CloudLookupProps, keyPairLookup } from '../../lookups/construct/lookup-construct';
import { PROJECT_RESOURCE_STAT_KIND } from './api';
import { QingCloudCredentials, QingCloudKeys, resolveQingCloudCredentials } from './credentials';
import { QINGCLOUD_DEFAULT_ENDPOINT, qingCloudEndpoint } from './endpoint';
import { QINGCLOUD_PAGE_SIZE } from './schema';

/**
 * `ProjectResourceStat`, declared to the construct base: its keys come from the chain
 * (props, `QINGCLOUD_*` variables, `~/.qingcloud/config.yaml`), which also gives the
 * endpoint and zone; the account is named by the access key id.
 */
export const PROJECT_RESOURCE_STAT = keyPairLookup<QingCloudKeys, QingCloudCredentials, CloudLookupProps<QingCloudKeys>>(['accessKeyId', 'secretAccessKey'], {
  kind: PROJECT_RESOURCE_STAT_KIND,
  pageSize: QINGCLOUD_PAGE_SIZE,
  chain: (props, ctx) => resolveQingCloudCredentials(props.credentials, ctx),
  endpoint: (found) => ({ endpoint: qingCloudEndpoint(found.endpoint), source: 'QINGCLOUD_ENDPOINT or ~/.qingcloud/config.yaml' }),
  endpointDefault: `QINGCLOUD_ENDPOINT, else the config file, else ${QINGCLOUD_DEFAULT_ENDPOINT}`,
});
