import { CredentialContext, envOf } from '../../core/credential-context';

/**
 * Name of the official SDKs' per-region endpoint override for HSS:
 * `HUAWEICLOUD_SDK_REGION_HSS_<REGION ID, upper case, - as _>`, e.g.
 * `HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4`. Its value may list several endpoints
 * separated by commas; the first is used.
 */
export function hssRegionEndpointVariable(region: string): string {
  return `HUAWEICLOUD_SDK_REGION_HSS_${region.toUpperCase().replace(/-/g, '_')}`;
}

/** This library's region-independent HSS endpoint override (the fake cloud sets it). */
export const HSS_ENDPOINT_VARIABLE = 'HW_HSS_ENDPOINT';

/** The public HSS endpoint of a region: `https://hss.{region}.myhuaweicloud.com` (`.eu` for eu-west-101). */
export function defaultHssEndpoint(region: string): string {
  return region === 'eu-west-101' ? `https://hss.${region}.myhuaweicloud.eu` : `https://hss.${region}.myhuaweicloud.com`;
}

/**
 * The HSS endpoint to call, and where it came from: the official SDKs' per-region
 * variable (see {@link hssRegionEndpointVariable}), else `HW_HSS_ENDPOINT`, else the
 * region's public endpoint. Undefined when there is neither a region nor an override.
 * Variables are read from the context's environment (`ctx.env`, the one the lookup's
 * credential chain reads), so both always agree.
 */
export function resolveHssEndpoint(region: string | undefined, ctx: CredentialContext = {}): { endpoint: string; source: string } | undefined {
  const env = envOf(ctx);
  if (region) {
    const name = hssRegionEndpointVariable(region);
    const first = (env[name] ?? '').split(',')[0].trim();
    if (first) return { endpoint: first, source: name };
  }
  const general = (env[HSS_ENDPOINT_VARIABLE] ?? '').trim();
  if (general) return { endpoint: general, source: HSS_ENDPOINT_VARIABLE };
  return region ? { endpoint: defaultHssEndpoint(region), source: `the public endpoint of region ${region}` } : undefined;
}
