import { IConstruct } from 'constructs';
import { CredentialContext } from '../../core/credential-context';
import { CredentialsError, MissingCredentialsError } from '../../core/errors';
import { seal } from '../../core/secret';
import { LookupEngine } from './engine';
import { LookupHandle } from './handle';
import { accountFingerprint, lookupKey } from '../key';
import { LookupMode, LookupModeProps, LookupSettings } from '../settings';

/** What a lookup construct registers, once its props are checked and its settings known. */
export interface LookupSpec<K> {
  /** What is looked up, e.g. `qingcloud:GetProjectResourceStat`: a kind of the lookup registry, whose resolver answers it. */
  readonly kind: string;
  /**
   * The query's identity in the key: endpoint and parameters, never a secret. The
   * account is added from the keys (as a fingerprint); leave it out here.
   */
  readonly identity: Record<string, unknown>;
  /** The id that names the account (an access key id, a token): only its one-way fingerprint reaches the key. */
  account(keys: K): string;
  /** The resolver's input, credentials included. Only called when there are keys. */
  input(keys: K): unknown;
}

/**
 * The credentials of one lookup construct, found the way its mode needs them.
 *
 * Every lookup needs its cloud's keys, except an `offline` one, which reads the lookup
 * record and sends nothing: when its credential chain finds no keys at all, it goes on
 * without them and its key leaves the account out, so a CI job with no keys can
 * synthesize from a committed record (the one record of that query is used; records of
 * several accounts are an error that asks for credentials to choose). A `live` or
 * `cached` lookup without keys fails at construction, as does any lookup whose chain
 * holds a half pair or an unreadable file.
 *
 * The mode is the lookup's effective one: its `lookupMode` prop, else
 * `HEADROOM_LOOKUP_MODE`, else cdktf context `headroom:lookupMode`, else `live`.
 *
 * The chain gets a {@link CredentialContext} whose files are the app's: the lookups of
 * one app read each credential file once (the environment is read on every call).
 *
 * @example
 * const access = LookupCredentials.resolve(this, props, (ctx) => resolveQingCloudCredentials(props.credentials, ctx));
 * const endpoint = props.endpoint ?? access.settings.endpoint ?? QINGCLOUD_DEFAULT_ENDPOINT;
 * this.lookup = access.register<Result>({ kind, identity: { endpoint, ...query },
 *   account: (c) => c.accessKeyId, input: (c) => ({ credentials: c, endpoint, query }) });
 */
export class LookupCredentials<K extends object> {
  /**
   * Runs the construct's credential chain.
   * @param scope the lookup construct (its path prefixes errors)
   * @param props the construct's props (`lookupMode`, `lookupMaxAgeSeconds`)
   * @param resolve the cloud's credential chain, to run with the given context (which reads each credential file once per app)
   * @throws CredentialsError prefixed with the construct path: no keys for a lookup that may ask the cloud, a half pair, an unreadable file
   * @throws InputError when the mode or max age is not allowed
   */
  static resolve<K extends object>(scope: IConstruct, props: LookupModeProps, resolve: (ctx: CredentialContext) => K): LookupCredentials<K> {
    const path = scope.node.path;
    const engine = LookupEngine.of(scope);
    const settings = engine.settingsFor(path, props);
    const { mode } = settings;
    let keys: K;
    const context: CredentialContext = { files: engine.credentialFiles };
    try {
      keys = resolve(context);
    } catch (err) {
      if (err instanceof MissingCredentialsError) {
        if (mode === 'offline') return new LookupCredentials<K>(engine, path, settings, context, undefined, err.settings as Partial<K>);
        throw new MissingCredentialsError(
          `${path}: ${err.message} This lookup runs ${mode}, which asks the cloud; only an offline lookup ` +
            "(HEADROOM_LOOKUP_MODE=offline, or lookupMode: 'offline') synthesizes without credentials, from the lookup record.",
          err.settings,
        );
      }
      throw err instanceof CredentialsError ? new CredentialsError(`${path}: ${err.message}`) : err;
    }
    return new LookupCredentials<K>(engine, path, settings, context, keys, keys);
  }

  /** The lookup's effective mode. */
  public readonly mode: LookupMode;

  private constructor(
    private readonly engine: LookupEngine,
    private readonly path: string,
    private readonly lookupSettings: LookupSettings,
    /** The context the credential chain ran with: read the same environment for the construct's other settings (endpoints). */
    public readonly context: CredentialContext,
    keys: K | undefined,
    /**
     * What the chain found besides the keys (endpoint, region, zone, project...): from
     * the keys' result, or, offline without keys, from every place the chain looked.
     */
    public readonly settings: Partial<K>,
  ) {
    this.mode = lookupSettings.mode;
    this.#keys = keys;
  }

  /** Held in a private field: printing this object never shows the keys. */
  readonly #keys: K | undefined;

  /**
   * Registers the lookup with the app's engine. With keys, its key names the account by
   * a fingerprint; without, the key leaves the account out and the engine matches the
   * record by the rest of the key.
   */
  register<T>(spec: LookupSpec<K>): LookupHandle<T> {
    const keys = this.#keys;
    const account = keys === undefined ? undefined : accountFingerprint(spec.account(keys));
    return this.engine.registerWith<T>(
      {
        kind: spec.kind,
        key: lookupKey(spec.kind, { ...spec.identity, account }),
        input: keys === undefined ? undefined : seal(spec.input(keys)),
        ...(keys === undefined ? { anyAccount: true } : {}),
      },
      this.path,
      this.lookupSettings,
    );
  }
}
