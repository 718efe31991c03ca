import * as path from 'node:path';
import { checkCredentialTypes, CredentialSource, resolveChain, Resolved } from '../../core/credential-chain';
import { CredentialContext, envOf, homeOf, parseCredentialFile, readCredentialFile } from '../../core/credential-context';
import { parseIniCredentials } from '../../core/credential-parsers';
import { CredentialsError } from '../../core/errors';
import { Validator } from '../../core/validate';
import { HuaweiCloudAuth, HuaweiCloudKeys, HuaweiCloudToken } from './auth';
import { KOOCLI_CONFIG_FILE_ENV, KOOCLI_PROFILE_ENV, kooCliConfigFile, readKooCliProfile } from './koocli-profile';

// The key pair and token types, and isHuaweiToken, live in auth.ts (the lookup worker loads
// them through api.ts without this chain); re-exported here, where the public surface names them.
export { HuaweiCloudAuth, HuaweiCloudKeys, HuaweiCloudToken, isHuaweiToken } from './auth';

/** Credentials and settings, as found by {@link resolveHuaweiCloudCredentials}. */
export interface HuaweiCloudCredentials {
  /** The key pair or token. */
  readonly auth: HuaweiCloudAuth;
  /** Region id (`cn-north-4`): the first of the prop and `HW_REGION_NAME` that names one. */
  readonly region?: string;
  /**
   * Project id: the first of the prop, `HW_PROJECT_ID`, `HUAWEICLOUD_SDK_PROJECT_ID` and the
   * credentials file's `project_id` that names one.
   */
  readonly projectId?: string;
  /** Enterprise project id: the first of the prop and `HW_ENTERPRISE_PROJECT_ID`. */
  readonly enterpriseProjectId?: string;
}

/** What a caller may pass explicitly; each field wins over the environment and files. */
export interface HuaweiCloudExplicitSettings {
  /** A key pair or a token. @default the first place in the chain that has one */
  readonly credentials?: Partial<HuaweiCloudKeys> | Partial<HuaweiCloudToken>;
  /** Region id. @default from the environment (`HW_REGION_NAME`) */
  readonly region?: string;
  /** Project id. @default from the environment or the credentials file */
  readonly projectId?: string;
  /** Enterprise project id. @default from the environment (`HW_ENTERPRISE_PROJECT_ID`) */
  readonly enterpriseProjectId?: string;
}

/** What one source holds: `auth` is set when the source has a key or token at all. */
interface Found {
  readonly auth?: HuaweiCloudAuth | { readonly incomplete: string };
  readonly region?: string;
  readonly projectId?: string;
  readonly enterpriseProjectId?: string;
}

/** How to fix missing Huawei Cloud credentials; shown in errors. */
const FIX =
  'Pass `credentials: { accessKey, secretKey }` (or `{ authToken }`), or set HW_ACCESS_KEY and HW_SECRET_KEY ' +
  '(or HW_AUTH_TOKEN), or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or configure a KooCLI profile in AKSK mode ' +
  '(~/.hcloud/config.json), or write ak and sk under [basic] in ~/.huaweicloud/credentials.';

/** The credentials file the SDKs read, honouring `HUAWEICLOUD_SDK_CREDENTIALS_FILE`. */
export function huaweiCredentialsFile(ctx: CredentialContext = {}): string {
  return envOf(ctx).HUAWEICLOUD_SDK_CREDENTIALS_FILE || path.join(homeOf(ctx), '.huaweicloud', 'credentials');
}

/**
 * Finds Huawei Cloud credentials, region and project: explicit ones first, then the
 * variables Huawei Cloud's Terraform provider reads (`HW_ACCESS_KEY`, `HW_SECRET_KEY`,
 * `HW_SECURITY_TOKEN`, `HW_AUTH_TOKEN`, `HW_REGION_NAME`, `HW_PROJECT_ID`,
 * `HW_ENTERPRISE_PROJECT_ID`), then the official SDKs' (`HUAWEICLOUD_SDK_AK`,
 * `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID`),
 * then KooCLI's profile in `~/.hcloud/config.json` (the profile `HW_PROFILE` names, else
 * the file's current one; AKSK mode; path overridden by `HW_SHARED_CONFIG_FILE`, as
 * Huawei Cloud's Terraform provider reads it, after its variables), then the SDKs' INI file `~/.huaweicloud/credentials`, section `[basic]` (`ak`, `sk`,
 * `security_token`, `project_id`; path overridden by `HUAWEICLOUD_SDK_CREDENTIALS_FILE`).
 *
 * The first place with a key or token wins whole; a key without its secret there is an
 * error rather than a mix of places. When one place has both a key pair and a token, the
 * key pair is used (it does not expire). Region, project and enterprise project come
 * from the first place that sets them, wherever the keys came from.
 *
 * @throws CredentialsError naming every place looked when none has a key pair or token.
 */
export function resolveHuaweiCloudCredentials(explicit: HuaweiCloudExplicitSettings = {}, ctx: CredentialContext = {}): Resolved<HuaweiCloudCredentials> {
  const env = envOf(ctx);
  const file = huaweiCredentialsFile(ctx);
  const fileLabel = env.HUAWEICLOUD_SDK_CREDENTIALS_FILE ? `${file} (HUAWEICLOUD_SDK_CREDENTIALS_FILE)` : '~/.huaweicloud/credentials';
  const sources: CredentialSource<Found>[] = [
    {
      description: 'the credentials prop',
      load: () => {
        const c = (explicit.credentials ?? {}) as Partial<HuaweiCloudKeys & HuaweiCloudToken>;
        checkCredentialTypes('Huawei Cloud', 'the credentials prop', c, ['accessKey', 'secretKey', 'securityToken', 'authToken'], FIX);
        return {
          auth: authOf(c.accessKey, c.secretKey, c.securityToken, c.authToken, { ak: 'accessKey', sk: 'secretKey' }),
          region: explicit.region,
          projectId: explicit.projectId,
          enterpriseProjectId: explicit.enterpriseProjectId,
        };
      },
    },
    {
      description: 'environment variables HW_ACCESS_KEY and HW_SECRET_KEY (or HW_AUTH_TOKEN)',
      load: () => ({
        auth: authOf(env.HW_ACCESS_KEY, env.HW_SECRET_KEY, env.HW_SECURITY_TOKEN, env.HW_AUTH_TOKEN, { ak: 'HW_ACCESS_KEY', sk: 'HW_SECRET_KEY' }),
        region: env.HW_REGION_NAME || undefined,
        projectId: env.HW_PROJECT_ID || undefined,
        enterpriseProjectId: env.HW_ENTERPRISE_PROJECT_ID || undefined,
      }),
    },
    {
      description: 'environment variables HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK',
      load: () => ({
        auth: authOf(env.HUAWEICLOUD_SDK_AK, env.HUAWEICLOUD_SDK_SK, env.HUAWEICLOUD_SDK_SECURITY_TOKEN, undefined, {
          ak: 'HUAWEICLOUD_SDK_AK',
          sk: 'HUAWEICLOUD_SDK_SK',
        }),
        projectId: env.HUAWEICLOUD_SDK_PROJECT_ID || undefined,
      }),
    },
    {
      description: `the KooCLI profile in ${env[KOOCLI_CONFIG_FILE_ENV] ? `${kooCliConfigFile(ctx)} (${KOOCLI_CONFIG_FILE_ENV})` : '~/.hcloud/config.json'} (${env[KOOCLI_PROFILE_ENV] ? `profile ${JSON.stringify(env[KOOCLI_PROFILE_ENV])} from ${KOOCLI_PROFILE_ENV}` : 'the current profile'}, AKSK mode)`,
      load: () => {
        const found = readKooCliProfile(ctx);
        if (!found) return undefined;
        const p = found.profile;
        const settings = { region: p.region, projectId: p.projectId };
        if ((p.mode ?? '').toUpperCase() !== 'AKSK') return settings; // ecsAgency, SSO, ...: no keys in the file
        if (p.accessKeyId === undefined && p.secretAccessKey === undefined) {
          throw new CredentialsError(
            `The KooCLI profile ${JSON.stringify(p.name)} in ${found.file} is in AKSK mode but holds no plain accessKeyId and secretAccessKey: ` +
              'KooCLI encrypts them by default, and only KooCLI can read them then. Run `hcloud configure set --cli-auth-encrypt=false` ' +
              "and set the profile's keys again (Huawei Cloud's Terraform provider needs the same), or give the keys another way.",
          );
        }
        return { ...settings, auth: authOf(p.accessKeyId, p.secretAccessKey, p.securityToken, undefined, { ak: 'accessKeyId', sk: 'secretAccessKey' }) };
      },
    },
    {
      description: `the Huawei Cloud SDK file ${fileLabel} (ak and sk under [basic])`,
      load: () => {
        const text = readFile(ctx, file);
        if (text === undefined) return undefined;
        const basic = parseCredentialFile(ctx, file, text, parseIniCredentials).basic ?? {};
        return {
          auth: authOf(basic.ak, basic.sk, basic.security_token, undefined, { ak: 'ak', sk: 'sk' }),
          projectId: basic.project_id || undefined,
        };
      },
    },
  ];
  const found = resolveChain<Found>('Huawei Cloud', ['auth'], sources, FIX, ['region', 'projectId', 'enterpriseProjectId']);
  if ('incomplete' in found.auth!) {
    throw new CredentialsError(`Huawei Cloud credentials in ${found.source} are incomplete: ${found.auth.incomplete}. ${FIX}`);
  }
  return {
    auth: found.auth as HuaweiCloudAuth,
    region: found.region,
    projectId: found.projectId,
    enterpriseProjectId: found.enterpriseProjectId,
    source: found.source,
  };
}

// The endpoint rules live in endpoint.ts; re-exported here for code that imported them from this module.
export { defaultHssEndpoint, HSS_ENDPOINT_VARIABLE, hssRegionEndpointVariable, resolveHssEndpoint } from './endpoint';

/** The places a project id is looked for, for errors. */
export const PROJECT_ID_PLACES =
  'the projectId prop, HW_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, projectId of the KooCLI profile in ~/.hcloud/config.json, and project_id under [basic] in ~/.huaweicloud/credentials';

function authOf(
  ak: string | undefined,
  sk: string | undefined,
  securityToken: string | undefined,
  token: string | undefined,
  names: { ak: string; sk: string },
): Found['auth'] {
  const has = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';
  if (has(ak) && has(sk)) return has(securityToken) ? { accessKey: ak, secretKey: sk, securityToken } : { accessKey: ak, secretKey: sk };
  if (has(token)) return { authToken: token };
  if (has(ak)) return { incomplete: `${names.ak} set but ${names.sk} missing` };
  if (has(sk)) return { incomplete: `${names.sk} set but ${names.ak} missing` };
  return undefined;
}

function readFile(ctx: CredentialContext, file: string): string | undefined {
  try {
    return readCredentialFile(ctx, file);
  } catch (err) {
    throw new CredentialsError(`Could not read ${file}: ${(err as Error).message}`);
  }
}

/**
 * The credentials prop is a key pair or a token (with both, the key pair is used), never
 * a half pair or an empty string; secrets are never echoed.
 */
export function checkHuaweiCredentialsProp(v: Validator, c: HuaweiCloudAuth): void {
  const o = (c ?? {}) as Partial<Record<'accessKey' | 'secretKey' | 'securityToken' | 'authToken', unknown>>;
  const allowed = '{ accessKey, secretKey, securityToken? } or { authToken }';
  const given = (k: keyof typeof o): boolean => o[k] !== undefined;
  const shape = `{ ${(['accessKey', 'secretKey', 'securityToken', 'authToken'] as const)
    .filter(given)
    .map((k) => `${k}: ${typeof o[k] === 'string' ? (o[k] === '' ? '(empty)' : '***') : `(a ${typeof o[k]}, not shown)`}`)
    .join(', ')} }`;
  if (typeof c !== 'object' || c === null) v.fail('credentials', c === null ? null : typeof c, allowed);
  const keys = given('accessKey') || given('secretKey') || given('securityToken');
  if (!keys && !given('authToken')) v.fail('credentials', shape, allowed);
  for (const k of ['accessKey', 'secretKey', 'securityToken', 'authToken'] as const) {
    if (given(k) && (typeof o[k] !== 'string' || (o[k] as string).trim() === ''))
      v.fail('credentials', shape, `${allowed} with non-empty strings (${k} is not)`);
  }
  if (keys && (!given('accessKey') || !given('secretKey'))) v.fail('credentials', shape, `${allowed}: both accessKey and secretKey`);
}
