// Headroom reservations on the lookup record: what a plan pipeline's `check --plan
// --reserve` asks a store, what the store answers, and the judgement both stores make
// under their lock (the PostgreSQL transaction, the record file's lock), so no two
// concurrent checks can both take the last of a quota.

/** One headroom a plan adds to, as a reservation request carries it. */
export interface ReservationAsk {
  /** What the headroom counts (cloud, lookup keys, counter) as one id: stacks that count the same quota share it. */
  readonly quota: string;
  /** The headroom's name in the asking stack, for messages. */
  readonly headroom: string;
  /** What the plan adds (more than 0). */
  readonly adds: number;
  /** What fits beside others and the stack's holding, as the synth observed it: `limit - usedByOthers - held`, at least 0. */
  readonly room: number;
}

/** What `check --plan --reserve` asks a store: reserve, for one run and stack, what its plan adds to each headroom. */
export interface ReservationRequest {
  /** The run whose reservation it is (the synth run, or `--run`). */
  readonly run: string;
  /** Construct path of the plan's stack. */
  readonly stack: string;
  /** Who asks (user, host, process), for messages. */
  readonly who: string;
  /** How long the reservation lives, in milliseconds, on the store's clock. */
  readonly ttlMs: number;
  /** Per headroom the plan adds to: what it adds and what fits. */
  readonly asks: readonly ReservationAsk[];
}

/** A live reservation, as a store lists it. */
export interface Reservation {
  /** The run that holds it. */
  readonly run: string;
  /** Construct path of the stack whose plan reserved it. */
  readonly stack: string;
  /** The quota's id (see {@link ReservationAsk.quota}). */
  readonly quota: string;
  /** The headroom's name in that stack. */
  readonly headroom: string;
  /** How much it holds. */
  readonly amount: number;
  /** Who reserved it. */
  readonly who: string;
  /** When it was made (ISO 8601, the store's clock). */
  readonly createdAt: string;
  /** When it ends by itself (ISO 8601, the store's clock). */
  readonly expiresAt: string;
  /** Its age in seconds, on the store's clock. */
  readonly ageSeconds: number;
}

/** The judgement of one headroom of a reservation request. */
export interface ReservationVerdict {
  /** The ask it judges. */
  readonly ask: ReservationAsk;
  /** What other runs' live reservations hold of the quota. */
  readonly reservedByOthers: number;
  /** `room - reservedByOthers`, at least 0. */
  readonly free: number;
  /** Whether `adds <= free`. */
  readonly fits: boolean;
  /** The other runs' live reservations of the quota, oldest first. */
  readonly holders: readonly Reservation[];
}

/** What a store answers to a {@link ReservationRequest}. */
export interface ReservationOutcome {
  /** True when every ask fit and the reservation was recorded (replacing the run's earlier one for the stack). */
  readonly reserved: boolean;
  /** One verdict per ask, in the request's order. */
  readonly verdicts: readonly ReservationVerdict[];
}

/**
 * Judges a request against the live reservations of its quotas (the store passes those it
 * read under its lock): every reservation not of the request's own run and stack counts.
 * The request is reserved only when every ask fits.
 */
export function judgeReservation(request: ReservationRequest, live: readonly Reservation[]): ReservationOutcome {
  const verdicts = request.asks.map((ask): ReservationVerdict => {
    const holders = live
      .filter((r) => r.quota === ask.quota && !(r.run === request.run && r.stack === request.stack))
      .sort((a, b) => b.ageSeconds - a.ageSeconds);
    const reservedByOthers = holders.reduce((sum, r) => sum + r.amount, 0);
    const free = Math.max(0, ask.room - reservedByOthers);
    return { ask, reservedByOthers, free, fits: ask.adds <= free, holders };
  });
  return { reserved: verdicts.every((v) => v.fits), verdicts };
}

/** The quotas of a request, once each, sorted: the order every store locks them in (no lock waits in a circle). */
export function requestQuotas(request: ReservationRequest): string[] {
  return [...new Set(request.asks.map((a) => a.quota))].sort();
}
