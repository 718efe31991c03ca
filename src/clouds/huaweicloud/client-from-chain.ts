import { CredentialContext } from '../../core/credential-context';
import { InputError } from '../../core/errors';
import { TransportOptions } from '../../core/transport';
import { HuaweiCloudHssClient } from './client';
import { HuaweiCloudExplicitSettings, PROJECT_ID_PLACES, resolveHssEndpoint, resolveHuaweiCloudCredentials } from './credentials';

/** Options of {@link huaweiCloudHssClientFromChain}: anything given wins over the chain. */
export interface HuaweiCloudHssClientFromChainOptions extends TransportOptions, HuaweiCloudExplicitSettings {
  /**
   * HSS endpoint.
   * @default HUAWEICLOUD_SDK_REGION_HSS_<REGION>, else HW_HSS_ENDPOINT, else https://hss.{region}.myhuaweicloud.com
   */
  readonly endpoint?: string;
  /**
   * Pages fetched at once.
   * @default the client's default
   */
  readonly pageConcurrency?: number;
}

/**
 * A {@link HuaweiCloudHssClient} set up as a `QuotaDetail` construct sets itself up:
 * key pair or token, region, project and HSS endpoint from the same chain (`HW_*`,
 * `HUAWEICLOUD_SDK_*`, the KooCLI profile, `~/.huaweicloud/credentials`, and the endpoint
 * variables). Throws an `InputError` when no place names a project id.
 *
 * @example
 * const quotas = await huaweiCloudHssClientFromChain().listQuotasDetail({ enterpriseProjectId: 'all_granted_eps' });
 */
export function huaweiCloudHssClientFromChain(options: HuaweiCloudHssClientFromChainOptions = {}, ctx: CredentialContext = {}): HuaweiCloudHssClient {
  const { credentials, region, projectId, enterpriseProjectId, endpoint, ...transport } = options;
  const found = resolveHuaweiCloudCredentials({ credentials, region, projectId, enterpriseProjectId }, ctx);
  if (!found.projectId)
    throw new InputError(`Huawei Cloud HSS needs a project id; none was found in ${PROJECT_ID_PLACES}. Pass projectId, or set HW_PROJECT_ID.`);
  return new HuaweiCloudHssClient({
    ...transport,
    credentials: found.auth,
    projectId: found.projectId,
    region: found.region,
    endpoint: endpoint ?? resolveHssEndpoint(found.region, ctx)?.endpoint,
  });
}
