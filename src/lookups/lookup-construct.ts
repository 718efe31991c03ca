import { Construct } from 'constructs';
import { TransportOptions } from '../core/transport';
import { checkTransportOptions } from '../core/transport-options';
import { LookupEngine } from './engine';
import { LookupCredentials, LookupSpec } from './lookup-credentials';
import { LookupHandle } from './lookup-handle';
import { addLookupOutput } from './lookup-output';
import { LookupProvenance } from './lookup-provenance';
import { checkLookupEndpoint } from './transport-settings';

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
    addLookupOutput(this, registration.description, () => registration.output());
  }

  private get handle(): LookupHandle<R> {
    return this.lookup!;
  }
}
