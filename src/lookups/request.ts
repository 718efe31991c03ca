import { SerializedError } from '../core/errors';
import { AppTransportSettings } from '../core/transport-options';

/**
 * One query a lookup construct wants answered, as plain data (it crosses to the worker
 * thread). The worker finds the resolver of `kind` in the table of lookup kinds
 * (`kind-table.ts`) and gives it `input`.
 */
export interface LookupRequest {
  /** What is looked up, e.g. `qingcloud:GetProjectResourceStat`. */
  readonly kind: string;
  /**
   * Stable identity of the query: kind, endpoint, account and parameters, sorted, never
   * a secret. Identical keys are one request.
   */
  readonly key: string;
  /**
   * Everything the resolver needs, credentials included (in memory only, never written):
   * sealed (see `core/secret.ts`) on the main thread so that printing a construct never
   * shows it, and unsealed only to cross to the worker.
   */
  readonly input: unknown;
  /**
   * The app's transport settings (environment and cdktf context), applied where the
   * lookup's own transport options are silent.
   * @default none: the transport's defaults
   */
  readonly transport?: AppTransportSettings;
  /**
   * The key leaves the account out: no credentials were found, which only an `offline`
   * lookup allows. It is answered by the one record whose key, its account left out,
   * equals `key`; several such records (of different accounts) are an error. Such a
   * request is never sent to the cloud (it has nothing to sign with).
   * @default false: the key names the account, and only a record with that exact key answers
   */
  readonly anyAccount?: boolean;
  /**
   * The time the answer is stamped as fetched at (ISO 8601), set only when the test clock
   * (`HEADROOM_TEST_NOW`, core/clock.ts) moves the library's time.
   * @default undefined: the worker's clock when the answer came
   */
  readonly answeredAt?: string;
}

/** What became of one {@link LookupRequest}. */
export type LookupOutcome =
  { readonly ok: true; readonly value: unknown; readonly fetchedAt: string } | { readonly ok: false; readonly error: SerializedError };
