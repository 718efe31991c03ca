import { Construct } from 'constructs';
import { ClientLookupInput, CloudPageSize } from '../../core/cloud-api';
import { CredentialContext } from '../../core/credential-context';
import { TransportOptions } from '../../core/transport';
import { checkTransportOptions } from '../../core/transport-options';
import { Validator } from '../../core/validate';
import { LookupCredentials, LookupSpec } from '../batch/credentials';
import { LookupEngine } from '../batch/engine';
import { LookupHandle } from '../batch/handle';
import { LookupModeProps } from '../settings';
import { addLookupOutput } from './lookup-output';
import { provideLookupHistory } from './lookup-history';
import { LookupProvenance } from '../batch/provenance';
import { checkLookupEndpoint } from '../batch/transport-settings';

/**
 * How a lookup construct registers its lookup: its spec (kind, identity, account,
 * input), the endpoint it asks, and what its Terraform variable shows.
 * @internal
 */
export interface LookupRegistration<K> extends LookupSpec<K> {
  /** The endpoint the lookup asks (checked: plain http only to a loopback host or when allowed). */
  readonly endpoint: string;
  /** The construct's transport options (their plain-http opt-in applies to `endpoint`). */
  readonly transport: TransportOptions | undefined;
  /** The variable's description, e.g. `QingCloud GetProjectResourceStat for project pj-1, as seen at synth`. */
  readonly description: string;
  /** The variable's default: the query and the values a stack reads (produced at synth). */
  output(): unknown;
}

/**
 * Props every cloud lookup construct shares (`ProjectResourceStatProps`,
 * `EipBandwidthUsageProps` and `QuotaDetailProps` extend it with their query): where the
 * query goes, with which keys, how many rows it may read, how its HTTP calls behave, and,
 * from {@link LookupModeProps}, whether it is asked live, from a cached record or offline.
 *
 * Why: the three clouds take these the same way; where each cloud looks for a value not
 * given (its environment variables and CLI files) is said by its construct.
 *
 * @typeParam K - the cloud's keys (or token)
 */
export interface CloudLookupProps<K> extends LookupModeProps {
  /**
   * API endpoint.
   * @default the cloud's endpoint variable, else its CLI profile's endpoint, else the cloud's public endpoint (each construct names them)
   */
  readonly endpoint?: string;
  /**
   * The keys (or token) the calls are signed with; secrets are never shown in errors.
   * @default the cloud's chain: its key variables, then its CLI's files (each construct names them)
   */
  readonly credentials?: K;
  /**
   * Most rows this lookup reads; more fails the lookup with a `HEADROOM_PAGINATION` error
   * that says how many rows the cloud claims.
   * @default `HEADROOM_MAX_ROWS`, else cdktf context `headroom:maxRows`, else 100000
   */
  readonly maxRows?: number;
  /**
   * Deadlines, retries, concurrency and the plain-http opt-in of the HTTP calls (checked at construction).
   * @default 30 s per attempt, 60 s per lookup (or `HEADROOM_LOOKUP_DEADLINE`), 4 attempts, 64 requests in flight per endpoint
   */
  readonly transport?: TransportOptions;
}

/**
 * A cloud lookup as its cloud declares it to the construct base (`clouds/<cloud>/api.ts`):
 * its kind, its page sizes, and how its credential chain is run and read.
 *
 * @typeParam K - the keys the `credentials` prop takes and the client signs with
 * @typeParam F - what the cloud's credential chain finds: the keys, and settings such as the endpoint or region
 * @typeParam P - the construct's props
 * @internal
 */
export interface CloudLookupDeclaration<K, F extends object, P extends CloudLookupProps<K>> {
  /** The lookup kind, e.g. `qingcloud:GetProjectResourceStat`. */
  readonly kind: string;
  /** Page sizes (`limit`) of the API. */
  readonly pageSize: CloudPageSize;
  /** Checks the `credentials` prop (never echoing a secret). */
  checkCredentials(v: Validator, credentials: K): void;
  /** Runs the cloud's credential chain for these props (explicit props win). */
  chain(props: P, ctx: CredentialContext): F;
  /** The keys the client signs with, out of what the chain found. */
  keys(found: F): K;
  /** The id that names the account (only its one-way fingerprint reaches the lookup key). */
  account(found: F): string;
  /**
   * The endpoint when the `endpoint` prop is not given, and where it came from (for errors).
   * @throws InputError when nothing gives one
   */
  endpoint(found: Partial<F>, ctx: CredentialContext, where: string): { readonly endpoint: string; readonly source: string };
  /**
   * Where the endpoint comes from when the `endpoint` prop is not given, in words, for help
   * texts (the CLI's `--endpoint`), e.g. `QINGCLOUD_ENDPOINT, else the config file, else https://api.qingcloud.com/iaas/`.
   */
  readonly endpointDefault: string;
}

/**
 * A {@link CloudLookupDeclaration} for a cloud whose keys are a pair of strings (QingCloud's
 * access key id and secret, UCloud's public and private key): the `credentials` prop is
 * checked as that pair, the keys are the pair out of what the chain found, and the first
 * of the two names the account.
 * @internal
 */
export function keyPairLookup<K extends object, F extends K, P extends CloudLookupProps<K>>(
  names: readonly [keyof K & string, keyof K & string],
  lookup: Omit<CloudLookupDeclaration<K, F, P>, 'checkCredentials' | 'keys' | 'account'>,
): CloudLookupDeclaration<K, F, P> {
  const [id, secret] = names;
  return {
    ...lookup,
    checkCredentials: (v, credentials) => v.keyPair('credentials', credentials, names),
    keys: (found) => ({ [id]: found[id], [secret]: found[secret] }) as unknown as K,
    account: (found) => String(found[id]),
  };
}

/** What one cloud lookup registers, besides what its cloud declares. @internal */
export interface CloudLookupRegistration<Q> {
  /** The endpoint the lookup asks. */
  readonly endpoint: string;
  /** The query's identity in the lookup key, besides the endpoint and the account; never a secret. */
  readonly identity: Record<string, unknown>;
  /** The query the client answers. */
  readonly query: Q;
  /** Client options besides the transport, keys and endpoint (HSS's project id). */
  readonly client?: Record<string, unknown>;
  /** The variable's description, e.g. `QingCloud GetProjectResourceStat for project pj-1, as seen at synth`. */
  readonly description: string;
  /** The query as the `headroom_<id>` variable shows it (a value not set is `null`). */
  readonly shown: Record<string, unknown>;
  /** The values a stack reads, for the variable (produced at synth; the fetch time is added). */
  values(): Record<string, unknown>;
}

/**
 * The base of every lookup construct (`ProjectResourceStat`, `EipBandwidthUsage`,
 * `QuotaDetail`): when the values were fetched, the lookup's error and where the values
 * came from, and the steps every lookup takes the same way when it is created.
 *
 * Why: gates read every lookup through the same three members (a failed lookup fails the
 * gate closed; reports show the provenance), and every lookup checks its transport
 * options, its endpoint and its row ceiling, registers with the app's engine and shows
 * what it saw in a `headroom_<id>` variable in the same way; one class keeps them alike.
 * Each construct adds its props and its values (typed `R`).
 */
export abstract class LookupConstruct<R> extends Construct {
  /** The construct's claim on its value; set by {@link registerLookup}. */
  private lookup?: LookupHandle<R>;

  /**
   * @param transport the construct's transport options: checked first, before any other prop
   * @throws InputError when the transport options are not allowed
   */
  protected constructor(scope: Construct, id: string, transport: TransportOptions | undefined) {
    super(scope, id);
    checkTransportOptions(transport, `${this.node.path}: transport`);
  }

  /** When the values were fetched (ISO 8601). */
  get fetchedAt(): string {
    return this.handle.fetchedAt;
  }

  /** The lookup's error, or undefined when it succeeded (resolves the batch first). Gates use this to fail closed. */
  get lookupError(): Error | undefined {
    return this.handle.error;
  }

  /** Where the values came from (cloud, API, query, mode, fetched at), for gate reports (resolves the batch first). */
  get lookupProvenance(): LookupProvenance {
    return this.handle.provenance;
  }

  /**
   * The lookup's stable key: kind, endpoint, the account's one-way fingerprint and the
   * query, never a secret. Headrooms over lookups with the same key count the same quota
   * (reservations, docs/reservations.md).
   */
  get lookupKey(): string {
    return this.handle.key;
  }

  /**
   * The looked-up value (resolves the app's pending batch on the first read).
   * @throws the lookup's typed error, prefixed with the construct path, when it failed
   * @internal
   */
  protected get lookupValue(): R {
    return this.handle.value;
  }

  /**
   * The most rows this lookup reads: its `maxRows` prop, else `HEADROOM_MAX_ROWS`, else
   * cdktf context `headroom:maxRows`, else 100,000.
   * @throws InputError when a value is not a whole number of rows, 1 or more
   * @internal
   */
  protected maxRowsFor(maxRows: number | undefined): number {
    return LookupEngine.of(this).maxRowsFor(this.node.path, maxRows);
  }

  /**
   * Registers the lookup with the app's engine once the props are checked: refuses a
   * plain-http endpoint (unless the lookup runs offline, which sends nothing), registers
   * the query, and adds the `headroom_<id>` variable.
   * @throws InputError when the endpoint is plain http and not allowed
   * @internal
   */
  protected registerLookup<K extends object>(access: LookupCredentials<K>, registration: LookupRegistration<K>): void {
    if (access.mode !== 'offline') checkLookupEndpoint(this, registration.endpoint, registration.transport, LookupEngine.of(this).appTransport());
    this.lookup = access.register<R>(registration);
    provideLookupHistory(this, LookupEngine.of(this), this.lookup as LookupHandle<unknown>);
    addLookupOutput(this, registration.description, () => registration.output());
  }

  /**
   * The steps every cloud lookup takes once its own props are checked: checks `pageSize`,
   * `endpoint` and `credentials`, then runs the cloud's credential chain the way the
   * lookup's mode needs it (offline, no keys are needed: the chain then gives only the settings).
   * @returns the credentials found, and the page size
   * @throws InputError naming the prop; CredentialsError prefixed with the construct path
   * @internal
   */
  protected openCloudLookup<K, F extends object, P extends CloudLookupProps<K> & { readonly pageSize?: number }>(
    v: Validator,
    props: P,
    cloud: CloudLookupDeclaration<K, F, P>,
  ): { readonly access: LookupCredentials<F>; readonly pageSize: number } {
    const range = cloud.pageSize;
    const pageSize = props.pageSize === undefined ? range.default : v.integer('pageSize', props.pageSize, range.min, range.max);
    if (props.endpoint !== undefined) v.url('endpoint', props.endpoint);
    if (props.credentials !== undefined) cloud.checkCredentials(v, props.credentials);
    return { access: LookupCredentials.resolve(this, props, (ctx) => cloud.chain(props, ctx)), pageSize };
  }

  /**
   * The lookup's endpoint: the `endpoint` prop, else the one the cloud finds (checked as a URL, the error naming where it came from).
   * @internal
   */
  protected cloudEndpoint<K, F extends object, P extends CloudLookupProps<K>>(
    v: Validator,
    props: P,
    cloud: CloudLookupDeclaration<K, F, P>,
    access: LookupCredentials<F>,
  ): string {
    if (props.endpoint !== undefined) return props.endpoint;
    const found = cloud.endpoint(access.settings, access.context, this.node.path);
    return v.url(`endpoint (from ${found.source})`, found.endpoint);
  }

  /**
   * {@link registerLookup} for a cloud lookup: the resolver's input is the client's options
   * (transport, keys, endpoint) and the query; the key names the endpoint, the identity and
   * the account.
   * @internal
   */
  protected registerCloudLookup<K, F extends object, P extends CloudLookupProps<K>, Q>(
    access: LookupCredentials<F>,
    props: P,
    cloud: CloudLookupDeclaration<K, F, P>,
    lookup: CloudLookupRegistration<Q>,
  ): void {
    const { endpoint } = lookup;
    this.registerLookup(access, {
      kind: cloud.kind,
      identity: { ...lookup.identity, endpoint },
      account: (found) => cloud.account(found),
      input: (found): ClientLookupInput<object, Q> => ({
        client: { ...props.transport, ...lookup.client, credentials: cloud.keys(found), endpoint },
        query: lookup.query,
      }),
      endpoint,
      transport: props.transport,
      description: lookup.description,
      output: () => ({ query: lookup.shown, ...lookup.values(), fetchedAt: this.fetchedAt }),
    });
  }

  private get handle(): LookupHandle<R> {
    return this.lookup!;
  }
}
