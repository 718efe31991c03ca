/** QingCloud's public IaaS endpoint. */
export const QINGCLOUD_DEFAULT_ENDPOINT = 'https://api.qingcloud.com/iaas/';

/**
 * The endpoint a QingCloud lookup or client uses: the one given (prop, `QINGCLOUD_ENDPOINT`
 * or `~/.qingcloud/config.yaml`, found by the credentials chain), else the public one.
 */
export function qingCloudEndpoint(given?: string): string {
  return given ?? QINGCLOUD_DEFAULT_ENDPOINT;
}
