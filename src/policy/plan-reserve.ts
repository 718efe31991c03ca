import * as os from 'node:os';
import { InputError, LookupRecordError } from '../core/errors';
import { Reservation, ReservationAsk, ReservationVerdict } from '../lookups/record/reservations';
import { LookupRecordStore } from '../lookups/record/store';
import { GateReport } from './gate-report';
import { fmt } from './message-format';
import { PlanCheck } from './plan-verdict';

/** How long a reservation lives unless `--ttl` says otherwise: one hour. */
export const DEFAULT_RESERVATION_TTL_MS = 3_600_000;

/** Options of {@link reservePlan}. */
export interface ReservePlanOptions {
  /**
   * The run the reservation belongs to (what `release --run` names).
   * @default the plan's synth run id
   */
  readonly run?: string;
  /**
   * How long the reservation lives, in milliseconds, on the store's clock.
   * @default 3600000 (one hour)
   */
  readonly ttlMs?: number;
  /**
   * Who reserves, for the messages of runs it holds back.
   * @default user@host pid N
   */
  readonly who?: string;
}

/** One headroom's part of a {@link PlanReservation}. */
export interface PlanReservationHeadroom {
  /** The headroom's name. */
  readonly name: string;
  /** The quota id its reservation is under (shared by every headroom that counts the same). */
  readonly quota: string;
  /** What the plan adds. */
  readonly adds: number;
  /** What fits beside others and the stack's holding, as the synth observed it. */
  readonly room: number;
  /** What other runs' live reservations hold. */
  readonly reservedByOthers: number;
  /** What is free for this plan: `room - reservedByOthers`, at least 0. */
  readonly free: number;
  /** Whether the plan's addition fits in what is free. */
  readonly fits: boolean;
  /** The other runs' live reservations of the quota, oldest first. */
  readonly holders: readonly Reservation[];
  /** What was found and, when it does not fit, what to do. */
  readonly message: string;
}

/** What `check --plan --reserve` did: reserved the plan's additions for its run, or refused. */
export interface PlanReservation {
  /** The run the reservation is (or would be) of. */
  readonly run: string;
  /** Construct path of the plan's stack. */
  readonly stack: string;
  /** Where the reservations are kept (the database, or the reservations file). */
  readonly store: string;
  /** How long the reservation lives, in milliseconds. */
  readonly ttlMs: number;
  /** True when recorded (replacing the run's earlier reservation for the stack). */
  readonly reserved: boolean;
  /** One entry per headroom the plan adds to. */
  readonly headrooms: readonly PlanReservationHeadroom[];
}

/**
 * Reserves what a judged plan adds, per headroom, in the lookup record's store: the store
 * judges it against the headroom less the other runs' live reservations and records it
 * only when all of it fits, under one lock (a PostgreSQL transaction, the record file's
 * lock). Call it only for a plan that passed {@link checkPlan}.
 *
 * Why: a headroom that each of ten concurrent pipelines sees free would otherwise be
 * promised to all ten (docs/reservations.md).
 * @throws LookupRecordError when the store cannot be used (nothing is reserved)
 * @throws InputError for a report without quota ids (written before reservations)
 */
export async function reservePlan(plan: PlanCheck, report: GateReport, store: LookupRecordStore, options: ReservePlanOptions = {}): Promise<PlanReservation> {
  if (!store.reserve) throw new LookupRecordError(`the lookup record ${store.location} keeps no reservations.`);
  const run = options.run ?? plan.runId;
  const ttlMs = options.ttlMs ?? DEFAULT_RESERVATION_TTL_MS;
  const byQuota = new Map<string, ReservationAsk>();
  for (const v of plan.headrooms) {
    if (v.adds <= 0) continue;
    const record = report.headrooms?.find((h) => h.stack === v.stack && h.name === v.name);
    if (!record?.quota) {
      throw new InputError(
        `the report records no quota id for headroom ${v.name} of stack ${v.stack}: it was written by a cdktf-headroom without reservations. Synthesize again with this version, then plan again.`,
      );
    }
    if (v.room === null) throw new InputError(`headroom ${v.name} has no numbers, so nothing can be reserved for it.`);
    // Two headrooms of one stack that count one quota: one reservation, the larger addition against the smaller room.
    const old = byQuota.get(record.quota.id);
    byQuota.set(record.quota.id, {
      quota: record.quota.id,
      headroom: old ? `${old.headroom}, ${v.name}` : v.name,
      adds: Math.max(old?.adds ?? 0, v.adds),
      room: Math.min(old?.room ?? Infinity, v.room),
    });
  }
  const request = { run, stack: plan.stack, who: options.who ?? whoAmI(), ttlMs, asks: [...byQuota.values()] };
  const outcome = store.reserveAsync ? await store.reserveAsync(request) : store.reserve(request);
  return {
    run,
    stack: plan.stack,
    store: store.location,
    ttlMs,
    reserved: outcome.reserved,
    headrooms: outcome.verdicts.map((v) => ({
      name: v.ask.headroom,
      quota: v.ask.quota,
      adds: v.ask.adds,
      room: v.ask.room,
      reservedByOthers: v.reservedByOthers,
      free: v.free,
      fits: v.fits,
      holders: v.holders,
      message: reservationMessage(v, outcome.reserved, run, ttlMs),
    })),
  };
}

function reservationMessage(v: ReservationVerdict, reserved: boolean, run: string, ttlMs: number): string {
  const { adds, room, headroom } = v.ask;
  const others = v.holders.length === 0 ? 'no other run holds any of it' : `other runs hold ${fmt(v.reservedByOthers)} (${holderList(v.holders)})`;
  if (v.fits) {
    const what = reserved ? `reserved ${fmt(adds)} for run ${run} for ${durationText(ttlMs / 1000)}` : `${fmt(adds)} would fit`;
    return `${headroom}: ${what}; ${fmt(room)} fit at synth, ${others}; ${fmt(v.free - adds)} left free.`;
  }
  return (
    `${headroom}: the plan adds ${fmt(adds)}, but only ${fmt(v.free)} of the ${fmt(room)} that fit at synth are free: ${others}. ` +
    'Wait for those pipelines to apply and release, plan less, or, when a run is dead, end its reservation with `cdktf-headroom release --run RUN` (every reservation also expires by itself).'
  );
}

function holderList(holders: readonly Reservation[]): string {
  return holders.map((r) => `run ${r.run}, stack ${r.stack}, ${fmt(r.amount)}, ${durationText(r.ageSeconds)} ago, by ${r.who}`).join('; ');
}

/** A duration in seconds as `45s`, `12m`, `3h`, `2d`. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

function whoAmI(): string {
  let user = process.env.USER ?? process.env.USERNAME;
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): the environment's name, if any
  }
  return `${user ?? 'unknown'}@${os.hostname()} pid ${process.pid}`;
}
