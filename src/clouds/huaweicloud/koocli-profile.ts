// KooCLI (`hcloud`), Huawei Cloud's own command line, keeps its profiles in
// ~/.hcloud/config.json. Huawei Cloud's Terraform provider reads the same file (its
// "shared configuration file"), with the variables HW_SHARED_CONFIG_FILE and HW_PROFILE;
// this module reads it the same way. Its format, as the provider decodes it
// (huaweicloud/terraform-provider-huaweicloud, huaweicloud/config/auth.go, `SharedConfig`):
//   { "current": "<profile name>",
//     "profiles": [ { "name", "mode", "accessKeyId", "secretAccessKey", "securityToken",
//                     "region", "projectId", "domainId", ... } ] }
import * as path from 'node:path';
import { CredentialContext, envOf, homeOf, readCredentialFile } from '../../core/credential-context';
import { CredentialsError } from '../../core/errors';

/** The variable that names KooCLI's config file, as Huawei Cloud's Terraform provider reads it. */
export const KOOCLI_CONFIG_FILE_ENV = 'HW_SHARED_CONFIG_FILE';
/** The variable that names the profile to use, as Huawei Cloud's Terraform provider reads it. */
export const KOOCLI_PROFILE_ENV = 'HW_PROFILE';

/** One KooCLI profile, with the fields this library reads (camelCase, as in the file). */
export interface KooCliProfile {
  /** The profile's name. */
  readonly name: string;
  /** Authentication mode: `AKSK` is the one that holds keys (others: `ecsAgency`, `SSO`, ...). */
  readonly mode?: string;
  /** Access key id (AK), in AKSK mode, stored unencrypted (`hcloud configure set --cli-auth-encrypt=false`). */
  readonly accessKeyId?: string;
  /** Secret access key (SK), in AKSK mode. */
  readonly secretAccessKey?: string;
  /** Security token of temporary keys. */
  readonly securityToken?: string;
  /** Region id, e.g. `cn-north-4`. */
  readonly region?: string;
  /** Project id. */
  readonly projectId?: string;
}

/** The profile a chain uses, and where it came from (for messages). */
export interface KooCliProfileFound {
  readonly file: string;
  readonly profile: KooCliProfile;
}

/** KooCLI's config file: `HW_SHARED_CONFIG_FILE`, else `~/.hcloud/config.json`. */
export function kooCliConfigFile(ctx: CredentialContext = {}): string {
  return envOf(ctx)[KOOCLI_CONFIG_FILE_ENV] || path.join(homeOf(ctx), '.hcloud', 'config.json');
}

/**
 * Reads the KooCLI profile to use: the one `HW_PROFILE` names, else the file's `current`
 * one. Undefined when the default file does not exist (no KooCLI set up).
 *
 * @throws CredentialsError when the file `HW_SHARED_CONFIG_FILE` names is missing, the
 *   file is not the JSON KooCLI writes, or the profile is not in it (the message lists the
 *   profiles there).
 */
export function readKooCliProfile(ctx: CredentialContext = {}): KooCliProfileFound | undefined {
  const env = envOf(ctx);
  const file = kooCliConfigFile(ctx);
  let text: string | undefined;
  try {
    text = readCredentialFile(ctx, file);
  } catch (err) {
    throw new CredentialsError(`Could not read the KooCLI config file ${file}: ${(err as Error).message}`);
  }
  if (text === undefined) {
    if (env[KOOCLI_CONFIG_FILE_ENV]) {
      throw new CredentialsError(
        `${KOOCLI_CONFIG_FILE_ENV} names ${file}, which does not exist. Point it at KooCLI's config.json (default ~/.hcloud/config.json), or unset it.`,
      );
    }
    return undefined;
  }
  let config: { current?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch (err) {
    // JSON.parse's message may quote the text around the fault, which may be a key: only where it is.
    throw new CredentialsError(
      `The KooCLI config file ${file} is not valid JSON${whereJsonFails(text, (err as Error).message)} (the text there is not shown). Check it with \`hcloud configure test\`.`,
    );
  }
  const profiles = Array.isArray(config?.profiles)
    ? (config.profiles as unknown[]).filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    : undefined;
  if (!profiles) {
    throw new CredentialsError(
      `The KooCLI config file ${file} has no "profiles" list; got ${config === null ? 'null' : typeof config?.profiles}. Create a profile with \`hcloud configure set --cli-profile=NAME --cli-mode=AKSK ...\`.`,
    );
  }
  const wanted = env[KOOCLI_PROFILE_ENV] || (typeof config.current === 'string' ? config.current : '');
  const from = env[KOOCLI_PROFILE_ENV] ? `${KOOCLI_PROFILE_ENV}` : 'its "current" field';
  const names = profiles.map((p) => String(p.name));
  const match = profiles.find((p) => p.name === wanted);
  if (!match) {
    throw new CredentialsError(
      `The KooCLI config file ${file} has no profile ${JSON.stringify(wanted)} (named by ${from}); its profiles: ${names.map((n) => JSON.stringify(n)).join(', ') || 'none'}. ` +
        `Set ${KOOCLI_PROFILE_ENV} to one of them, or switch KooCLI's current profile.`,
    );
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  return {
    file,
    profile: {
      name: String(match.name),
      mode: str(match.mode),
      accessKeyId: str(match.accessKeyId),
      secretAccessKey: str(match.secretAccessKey),
      securityToken: str(match.securityToken),
      region: str(match.region),
      projectId: str(match.projectId),
    },
  };
}

/** Where a JSON.parse error is, as ` at line L, column C`, from the offset its message gives (empty when it gives none). */
function whereJsonFails(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1])).split('\n');
  return ` at line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
