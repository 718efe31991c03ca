// The benchmark's results: one list of rows, each a figure next to its floor, the ratio and
// the target; printed as a table and written into docs/performance.md between its markers.
// A new row is one `report.row({...})` call (bench/run.ts, or a module run.ts calls).
import * as fs from 'node:fs';
import * as os from 'node:os';

/** One result of the benchmark. */
export interface BenchRow {
  /** What was measured, e.g. `30 lookups, batched, partial last pages (in the app)`. */
  readonly name: string;
  /** The figure, with its unit, e.g. `412 ms`. */
  readonly figure: string;
  /** What it is compared with, with its value, e.g. `bare + 2 round trips: 290 ms`; empty for a figure without a floor. */
  readonly floor: string;
  /** figure / floor; undefined for a figure without a ratio. */
  readonly ratio?: number;
  /** The target, e.g. `<= 1.5x`; empty for a figure shown for information. */
  readonly target: string;
  /** Whether the target is met; undefined for a figure without a target. */
  readonly pass?: boolean;
}

/** The rows of one run, and the notes printed under them. */
export class BenchReport {
  readonly rows: BenchRow[] = [];
  readonly notes: string[] = [];

  /** Adds a row. */
  row(r: BenchRow): void {
    this.rows.push(r);
  }

  /** Adds a row whose ratio is `value / floor` against a target `<= max` (or `>= min`). */
  ratioRow(r: { name: string; figure: string; floor: string; value: number; floorValue: number; max?: number; min?: number }): void {
    const ratio = r.value / r.floorValue;
    const target = r.max !== undefined ? `<= ${r.max}x` : r.min !== undefined ? `>= ${r.min}x` : '';
    const pass = r.max !== undefined ? ratio <= r.max : r.min !== undefined ? ratio >= r.min : undefined;
    this.row({ name: r.name, figure: r.figure, floor: r.floor, ratio: Number.isFinite(ratio) ? ratio : undefined, target, pass });
  }

  /** Adds a line printed (and written) under the table. */
  note(text: string): void {
    this.notes.push(text);
  }

  private cells(): string[][] {
    return this.rows.map((r) => [
      r.name,
      r.figure,
      r.floor,
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
      r.target,
      r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS',
    ]);
  }

  /** The table as plain text, for the console. */
  text(): string {
    const all = [['', 'figure', 'floor', 'ratio', 'target', ''], ...this.cells()];
    const w = all[0].map((_, c) => Math.max(...all.map((l) => l[c].length)));
    const table = all.map((l) =>
      l
        .map((x, c) => (c === 3 ? x.padStart(w[c]) : x.padEnd(w[c])))
        .join('  ')
        .trimEnd(),
    );
    return [...table, '', ...this.notes].join('\n');
  }

  /** The table as Markdown, for docs/performance.md. */
  markdown(): string {
    const esc = (s: string): string => s.replace(/\|/g, '\\|');
    const lines = [
      '| row | figure | floor | ratio | target | |',
      '| --- | --- | --- | --- | --- | --- |',
      ...this.cells().map((c) => `| ${c.map(esc).join(' | ')} |`),
    ];
    return [...lines, '', ...this.notes.map((n) => `- ${n}`)].join('\n');
  }
}

/** The machine a run was made on, in one line. */
export function machineLine(loadAtStart: readonly number[]): string {
  const cpus = os.cpus();
  return (
    `${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, ${os.platform()} ${os.release()}, ` +
    `Node.js ${process.version}; load average at the start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`
  );
}

/**
 * Writes `lines` into `file` between the markers of the section `name` (appended, with
 * them, when the file has none), saying which command writes it.
 */
export function writeSection(file: string, name: string, command: string, lines: readonly string[]): void {
  const begin = `<!-- ${name}:begin (written by \`${command}\`; edits here are overwritten) -->`;
  const end = `<!-- ${name}:end -->`;
  const section = [begin, '', ...lines, '', end].join('\n');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Performance\n';
  const from = text.indexOf(`<!-- ${name}:begin`);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? `${text.slice(0, from)}${section}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}

/**
 * Writes the run's section into `file` between its markers (appended, with them, when the
 * file has none): the date, the machine, the settings, the table and the notes.
 */
export function writeReport(file: string, report: BenchReport, header: readonly string[]): void {
  writeSection(file, 'bench', 'npm run bench', [...header, '', report.markdown()]);
}
