import { clientOptionsFromChain } from '../../core/credential-chain';
import { CredentialContext } from '../../core/credential-context';
import { TransportOptions } from '../../core/transport';
import { PROJECT_RESOURCE_STAT } from './lookup-declaration';
import { QingCloudClient } from './client';
import { QingCloudCredentials, resolveQingCloudCredentials } from './credentials';

/** Options of {@link qingCloudClientFromChain}: anything given wins over the chain. */
export interface QingCloudClientFromChainOptions extends TransportOptions {
  /**
   * Keys (and zone/endpoint) to use instead of the chain's.
   * @default the chain: QINGCLOUD_ACCESS_KEY/QINGCLOUD_SECRET_KEY, then ~/.qingcloud/config.yaml
   */
  readonly credentials?: Partial<QingCloudCredentials>;
  /**
   * API endpoint.
   * @default QINGCLOUD_ENDPOINT, else the config file's, else https://api.qingcloud.com/iaas/
   */
  readonly endpoint?: string;
  /**
   * Zone of the calls.
   * @default QINGCLOUD_ZONE, else the config file's zone, else none
   */
  readonly zone?: string;
  /**
   * Pages fetched at once.
   * @default the client's default
   */
  readonly pageConcurrency?: number;
}

/**
 * A {@link QingCloudClient} set up as a `ProjectResourceStat` construct sets itself up:
 * keys, endpoint and zone from the same chain (`QINGCLOUD_ENDPOINT`, `QINGCLOUD_ZONE`,
 * `~/.qingcloud/config.yaml`), so a script honours the same environment as the stacks.
 *
 * @example
 * const stat = await qingCloudClientFromChain().getProjectResourceStat({ consoleId, projectId, owner });
 */
export function qingCloudClientFromChain(options: QingCloudClientFromChainOptions = {}, ctx: CredentialContext = {}): QingCloudClient {
  return new QingCloudClient(
    clientOptionsFromChain(options, (given) => resolveQingCloudCredentials(given, ctx), PROJECT_RESOURCE_STAT.keys, ['endpoint', 'zone']),
  );
}
