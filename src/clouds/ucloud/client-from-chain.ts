import { clientOptionsFromChain } from '../../core/credential-chain';
import { CredentialContext } from '../../core/credential-context';
import { TransportOptions } from '../../core/transport';
import { EIP_BANDWIDTH_USAGE } from './lookup-declaration';
import { UCloudClient } from './client';
import { resolveUCloudCredentials, UCloudCredentials } from './credentials';

/** Options of {@link ucloudClientFromChain}: anything given wins over the chain. */
export interface UCloudClientFromChainOptions extends TransportOptions {
  /**
   * Keys (and region/project/endpoint) to use instead of the chain's.
   * @default the chain: UCLOUD_PUBLIC_KEY/UCLOUD_PRIVATE_KEY, then the UCloud CLI profile
   */
  readonly credentials?: Partial<UCloudCredentials>;
  /**
   * API endpoint.
   * @default UCLOUD_API_BASE_URL, else the profile's base_url, else https://api.ucloud.cn/
   */
  readonly endpoint?: string;
  /**
   * Region of the calls.
   * @default UCLOUD_REGION, else the profile's region
   */
  readonly region?: string;
  /**
   * Project id.
   * @default UCLOUD_PROJECT_ID, else the profile's project_id, else the default project
   */
  readonly projectId?: string;
  /**
   * Pages fetched at once.
   * @default the client's default
   */
  readonly pageConcurrency?: number;
}

/**
 * A {@link UCloudClient} set up as an `EipBandwidthUsage` construct sets itself up: keys,
 * endpoint, region and project from the same chain (`UCLOUD_API_BASE_URL`,
 * `UCLOUD_REGION`, `UCLOUD_PROJECT_ID`, the UCloud CLI profile).
 *
 * @example
 * const usage = await ucloudClientFromChain({ region: 'cn-bj2' }).describeBandwidthUsage();
 */
export function ucloudClientFromChain(options: UCloudClientFromChainOptions = {}, ctx: CredentialContext = {}): UCloudClient {
  return new UCloudClient(
    clientOptionsFromChain(options, (given) => resolveUCloudCredentials(given, ctx), EIP_BANDWIDTH_USAGE.keys, ['endpoint', 'region', 'projectId']),
  );
}
