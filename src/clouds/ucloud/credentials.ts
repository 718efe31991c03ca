import * as path from 'node:path';
import { CredentialSource, KeyPairChain, resolveKeyPairChain, Resolved } from '../../core/credential-chain';
import { CredentialContext, envOf, homeOf, readCredentialFile } from '../../core/credential-context';
import { CredentialsError } from '../../core/errors';

/** A UCloud API key pair. */
export interface UCloudKeys {
  /** `PublicKey`: identifies the account; sent with every request. */
  readonly publicKey: string;
  /** `PrivateKey`: signs requests, never sent. */
  readonly privateKey: string;
}

/** UCloud credentials and settings, as found by {@link resolveUCloudCredentials}. */
export interface UCloudCredentials {
  /** `PublicKey`. */
  readonly publicKey: string;
  /** `PrivateKey`. */
  readonly privateKey: string;
  /** Region: the first of `UCLOUD_REGION` and the profile's `region` that names one. */
  readonly region?: string;
  /** Project: the first of `UCLOUD_PROJECT_ID` and the profile's `project_id` that names one. */
  readonly projectId?: string;
  /** Endpoint: the first of `UCLOUD_API_BASE_URL` and the profile's `base_url` that names one. */
  readonly endpoint?: string;
}

/** UCloud's chain: the variables its Terraform provider and SDKs read, and how to fix a miss. */
const CHAIN: KeyPairChain<UCloudCredentials> = {
  cloud: 'UCloud',
  keys: { publicKey: 'UCLOUD_PUBLIC_KEY', privateKey: 'UCLOUD_PRIVATE_KEY' },
  settings: { region: 'UCLOUD_REGION', projectId: 'UCLOUD_PROJECT_ID', endpoint: 'UCLOUD_API_BASE_URL' },
  fix:
    'Pass `credentials: { publicKey, privateKey }`, or set UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY, ' +
    'or run `ucloud init` (the UCloud CLI) to write ~/.ucloud/credential.json. Keys are at https://console.ucloud.cn/uapi/apikey.',
};

/** The name of the profile the SDKs and the CLI use when none is chosen. */
export const UCLOUD_DEFAULT_PROFILE = 'default';

/** One entry of `~/.ucloud/config.json`, as the UCloud CLI and SDKs write it. */
interface SharedConfigEntry {
  readonly profile?: unknown;
  readonly active?: unknown;
  readonly region?: unknown;
  readonly project_id?: unknown;
  readonly base_url?: unknown;
}

/** One entry of `~/.ucloud/credential.json`. */
interface SharedCredentialEntry {
  readonly profile?: unknown;
  readonly public_key?: unknown;
  readonly private_key?: unknown;
}

/**
 * Finds UCloud credentials: explicit ones first, then the variables UCloud's SDKs and
 * Terraform provider read (`UCLOUD_PUBLIC_KEY`, `UCLOUD_PRIVATE_KEY`, with
 * `UCLOUD_REGION`, `UCLOUD_PROJECT_ID`, `UCLOUD_API_BASE_URL`), then the UCloud CLI's
 * files `~/.ucloud/config.json` and `~/.ucloud/credential.json` (paths overridable with
 * `UCLOUD_SHARED_CONFIG_FILE` and `UCLOUD_SHARED_CREDENTIAL_FILE`).
 *
 * In the files, the profile is `UCLOUD_PROFILE` when set, else the config entry marked
 * `"active": true`, else `default`. Region, project and endpoint are each taken from
 * the first place that sets one, wherever the keys came from. Unlike the Go SDK, which
 * lets the files override the environment, the environment wins here: it is the more
 * specific setting.
 *
 * @throws CredentialsError naming every place looked when none has a key pair, or when
 *   a file is unreadable or not the CLI's JSON.
 */
export function resolveUCloudCredentials(explicit?: Partial<UCloudCredentials>, ctx: CredentialContext = {}): Resolved<UCloudCredentials> {
  return resolveKeyPairChain(CHAIN, explicit, ctx, [sharedFilesSource(ctx)]);
}

/** The UCloud CLI's two JSON files, read as one source. Its description names the files and the profile. */
function sharedFilesSource(ctx: CredentialContext): CredentialSource<UCloudCredentials> {
  const env = envOf(ctx);
  const configFile = locate(ctx, env.UCLOUD_SHARED_CONFIG_FILE, 'UCLOUD_SHARED_CONFIG_FILE', 'config.json');
  const credentialFile = locate(ctx, env.UCLOUD_SHARED_CREDENTIAL_FILE, 'UCLOUD_SHARED_CREDENTIAL_FILE', 'credential.json');
  let profileNote = env.UCLOUD_PROFILE ? `profile "${env.UCLOUD_PROFILE}" from UCLOUD_PROFILE` : `the active profile, else "${UCLOUD_DEFAULT_PROFILE}"`;
  return {
    get description() {
      return `the UCloud CLI files ${configFile.shown} and ${credentialFile.shown} (${profileNote}; public_key, private_key)`;
    },
    load() {
      const configs = readProfiles<SharedConfigEntry>(ctx, configFile);
      const creds = readProfiles<SharedCredentialEntry>(ctx, credentialFile);
      if (configs === undefined && creds === undefined) return undefined;
      let profile = env.UCLOUD_PROFILE;
      if (!profile) {
        const active = (configs ?? []).filter((c) => c.active === true).pop();
        profile = str(active?.profile) ?? UCLOUD_DEFAULT_PROFILE;
        profileNote = active && str(active.profile) ? `the active profile "${profile}"` : `profile "${profile}" (no active profile)`;
      }
      // As in the SDK, the last entry of a profile wins when a file repeats one.
      const config = (configs ?? []).filter((c) => c.profile === profile).pop();
      const cred = (creds ?? []).filter((c) => c.profile === profile).pop();
      return {
        publicKey: str(cred?.public_key),
        privateKey: str(cred?.private_key),
        region: str(config?.region),
        projectId: str(config?.project_id),
        endpoint: str(config?.base_url),
      };
    },
  };
}

interface Located {
  readonly path: string;
  /** How the path is shown in messages. */
  readonly shown: string;
  /** Named by an environment variable: then a missing file is an error, as in the SDK. */
  readonly explicit: boolean;
}

function locate(ctx: CredentialContext, override: string | undefined, variable: string, name: string): Located {
  if (!override) return { path: path.join(homeOf(ctx), '.ucloud', name), shown: `~/.ucloud/${name}`, explicit: false };
  const expanded = override.startsWith('~/') ? path.join(homeOf(ctx), override.slice(2)) : override;
  return { path: expanded, shown: `${override} (${variable})`, explicit: true };
}

/** The entries of a profile file, or undefined when a default-path file does not exist. */
function readProfiles<T extends object>(ctx: CredentialContext, file: Located): T[] | undefined {
  let text: string | undefined;
  try {
    text = readCredentialFile(ctx, file.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CredentialsError(`Could not read ${file.shown}: ${code ?? (err as Error).message}. Check its permissions.`);
  }
  if (text === undefined && !file.explicit) return undefined;
  if (text === undefined) throw new CredentialsError(`${file.shown} does not exist. Fix the path, or unset the variable to use the default.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text, which may hold a private key: not shown.
    throw new CredentialsError(`${file.shown} is not valid JSON. The UCloud CLI writes a JSON array of profiles; fix the file or run \`ucloud init\` again.`);
  }
  if (!Array.isArray(data) || data.some((e) => !e || typeof e !== 'object')) {
    throw new CredentialsError(
      `${file.shown} is not a JSON array of profile objects (e.g. [{"profile": "default", ...}]). Fix the file or run \`ucloud init\` again.`,
    );
  }
  return data as T[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
