import { KeyPairChain, resolveKeyPairChain, Resolved } from '../../core/credential-chain';
import { CredentialContext, parseCredentialFile, readHomeFile } from '../../core/credential-context';
import { parseYamlCredentials } from '../../core/credential-parsers';

/** A QingCloud access key pair. */
export interface QingCloudKeys {
  /** `access_key_id`. */
  readonly accessKeyId: string;
  /** `secret_access_key`: signs requests, never sent. */
  readonly secretAccessKey: string;
}

/** QingCloud credentials and settings, as found by {@link resolveQingCloudCredentials}. */
export interface QingCloudCredentials {
  /** `access_key_id`. */
  readonly accessKeyId: string;
  /** `secret_access_key`. */
  readonly secretAccessKey: string;
  /** Zone: the first of the prop, `QINGCLOUD_ZONE` and the config file that names one. */
  readonly zone?: string;
  /** Endpoint: the first of `QINGCLOUD_ENDPOINT` and the config file that names one. */
  readonly endpoint?: string;
}

/** QingCloud's chain: the variables its Terraform provider reads, and how to fix a miss. */
const CHAIN: KeyPairChain<QingCloudCredentials> = {
  cloud: 'QingCloud',
  keys: { accessKeyId: 'QINGCLOUD_ACCESS_KEY', secretAccessKey: 'QINGCLOUD_SECRET_KEY' },
  settings: { zone: 'QINGCLOUD_ZONE', endpoint: 'QINGCLOUD_ENDPOINT' },
  fix:
    'Pass `credentials: { accessKeyId, secretAccessKey }`, or set QINGCLOUD_ACCESS_KEY and QINGCLOUD_SECRET_KEY, ' +
    'or write qy_access_key_id and qy_secret_access_key to ~/.qingcloud/config.yaml.',
};

/**
 * Finds QingCloud credentials: explicit ones first, then the variables QingCloud's
 * Terraform provider reads (`QINGCLOUD_ACCESS_KEY`, `QINGCLOUD_SECRET_KEY`,
 * `QINGCLOUD_ZONE`, `QINGCLOUD_ENDPOINT`), then the SDK/CLI file
 * `~/.qingcloud/config.yaml` (`qy_access_key_id`, `qy_secret_access_key`, `zone`,
 * `protocol`/`host`/`port`/`uri`).
 *
 * @throws CredentialsError naming every place looked when none has a key pair.
 */
export function resolveQingCloudCredentials(explicit?: Partial<QingCloudCredentials>, ctx: CredentialContext = {}): Resolved<QingCloudCredentials> {
  return resolveKeyPairChain(CHAIN, explicit, ctx, [
    {
      description: 'the QingCloud SDK/CLI file ~/.qingcloud/config.yaml (qy_access_key_id, qy_secret_access_key)',
      load: () => {
        const file = readHomeFile(ctx, '.qingcloud', 'config.yaml');
        if (file.text === undefined) return undefined;
        const y = parseCredentialFile(ctx, file.path, file.text, parseYamlCredentials);
        const endpoint = y.host ? `${y.protocol || 'https'}://${y.host}${y.port ? `:${y.port}` : ''}${y.uri || '/iaas'}/`.replace(/\/+$/, '/') : undefined;
        return { accessKeyId: y.qy_access_key_id, secretAccessKey: y.qy_secret_access_key, zone: y.zone || undefined, endpoint };
      },
    },
  ]);
}
