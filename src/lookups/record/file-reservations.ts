// Headroom reservations beside a lookup record file: `<record>.reservations.json`, read and
// written under the record file's own lock, so concurrent `check --plan --reserve` runs on
// one machine judge and reserve one at a time, as a fleet does on PostgreSQL.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LookupRecordError } from '../../core/errors';
import { LookupRecordLockOptions, RecordFileLock } from './file-lock';
import { judgeReservation, Reservation, ReservationOutcome, ReservationRequest } from './reservations';

/** Format version of the reservations file. */
export const RESERVATIONS_FILE_VERSION = 1;

const COMMENT = 'Headroom reservations of plan pipelines (`cdktf-headroom check --plan --reserve`); end one with `cdktf-headroom release --run ID`.';

/** A reservation as the file keeps it (its age is computed when read). */
type StoredReservation = Omit<Reservation, 'ageSeconds'>;

/**
 * The reservations of one machine's pipelines, in `<record file>.reservations.json` beside
 * the lookup record (the record file's format is unchanged). Every operation holds the
 * record file's lock (`<record>.lock`) while it reads, judges and writes (a temporary file
 * renamed over the old one), so a process killed mid-way leaves the file as it was. Times
 * are this machine's clock.
 */
export class ReservationFile {
  /** The reservations file. */
  readonly file: string;
  private readonly lock: RecordFileLock;

  constructor(
    /** The lookup record file the reservations sit beside. */
    private readonly recordFile: string,
    lock: LookupRecordLockOptions = {},
  ) {
    this.file = `${recordFile}.reservations.json`;
    this.lock = new RecordFileLock(recordFile, lock);
  }

  /** Judges the request against the other runs' live reservations and, when all fits, replaces the run's reservation for the stack. */
  reserve(request: ReservationRequest): ReservationOutcome {
    return this.lock.hold(() => {
      const now = Date.now();
      const stored = this.read().filter((r) => Date.parse(r.expiresAt) > now);
      const outcome = judgeReservation(
        request,
        stored.map((r) => withAge(r, now)),
      );
      if (!outcome.reserved) return outcome;
      const createdAt = new Date(now).toISOString();
      const expiresAt = new Date(now + request.ttlMs).toISOString();
      const kept = stored.filter((r) => !(r.run === request.run && r.stack === request.stack));
      const added = request.asks.map((a): StoredReservation => ({
        run: request.run,
        stack: request.stack,
        quota: a.quota,
        headroom: a.headroom,
        amount: a.adds,
        who: request.who,
        createdAt,
        expiresAt,
      }));
      this.write([...kept, ...added]);
      return outcome;
    });
  }

  /** Ends a run's reservations (of one stack, or all); returns those ended. */
  release(run: string, stack?: string): Reservation[] {
    return this.lock.hold(() => {
      const now = Date.now();
      const all = this.read();
      const gone = all.filter((r) => r.run === run && (stack === undefined || r.stack === stack));
      if (gone.length > 0) this.write(all.filter((r) => !gone.includes(r)));
      return gone.map((r) => withAge(r, now));
    });
  }

  /** The live reservations, by quota and age. */
  list(): Reservation[] {
    const now = Date.now();
    return this.read()
      .filter((r) => Date.parse(r.expiresAt) > now)
      .map((r) => withAge(r, now))
      .sort((a, b) => (a.quota < b.quota ? -1 : a.quota > b.quota ? 1 : b.ageSeconds - a.ageSeconds));
  }

  private read(): StoredReservation[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new LookupRecordError(`The reservations file ${this.file} cannot be read (${(err as NodeJS.ErrnoException).code}). Check its permissions.`);
    }
    const bad = (why: string): never => {
      throw new LookupRecordError(
        `The reservations file ${this.file} ${why}, so no reservation can be judged (fail closed); it was left as it is. Delete it to drop every reservation of this machine.`,
      );
    };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return bad('is not valid JSON');
    }
    const o = json as { version?: unknown; reservations?: unknown };
    if (typeof o !== 'object' || o === null || o.version !== RESERVATIONS_FILE_VERSION || !Array.isArray(o.reservations)) {
      return bad(`is not a reservations file of version ${RESERVATIONS_FILE_VERSION}`);
    }
    for (const r of o.reservations as Array<Record<string, unknown>>) {
      const ok =
        typeof r === 'object' &&
        r !== null &&
        ['run', 'stack', 'quota', 'headroom', 'who', 'createdAt', 'expiresAt'].every((k) => typeof r[k] === 'string') &&
        typeof r.amount === 'number' &&
        Number.isFinite(r.amount) &&
        !Number.isNaN(Date.parse(r.expiresAt as string)) &&
        !Number.isNaN(Date.parse(r.createdAt as string));
      if (!ok) return bad(`holds a malformed reservation (${JSON.stringify(r).slice(0, 200)})`);
    }
    return o.reservations as StoredReservation[];
  }

  private write(reservations: readonly StoredReservation[]): void {
    const dir = path.dirname(this.recordFile);
    // Named as the record's own temporary files are, so the lock's clean-up removes one a killed writer left.
    const tmp = path.join(dir, `.${path.basename(this.recordFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(tmp, `${JSON.stringify({ comment: COMMENT, version: RESERVATIONS_FILE_VERSION, reservations }, null, 2)}\n`, { mode: 0o644 });
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw new LookupRecordError(
        `The reservations file ${this.file} could not be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was reserved or released. Check that the directory is writable.`,
      );
    }
  }
}

function withAge(r: StoredReservation, now: number): Reservation {
  return { ...r, ageSeconds: Math.max(0, (now - Date.parse(r.createdAt)) / 1000) };
}
