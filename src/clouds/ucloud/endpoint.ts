/** UCloud's public API endpoint (the same for every region: the region is a parameter). */
export const UCLOUD_DEFAULT_ENDPOINT = 'https://api.ucloud.cn/';

/**
 * The endpoint a UCloud lookup or client uses: the one given (prop, `UCLOUD_API_BASE_URL`
 * or the CLI profile's `base_url`, found by the credentials chain), else the public one.
 */
export function ucloudEndpoint(given?: string): string {
  return given ?? UCLOUD_DEFAULT_ENDPOINT;
}
