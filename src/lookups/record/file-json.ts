// How the lookup record file lays out its JSON: readable, diff-friendly, and written in
// chunks so a record of 100,000 rows never exists as one string.

/** Levels laid out one entry per line; deeper values are compact JSON (a row per line). */
const LAID_OUT_DEPTH = 5;

interface Sink {
  push(text: string): void;
}

/**
 * Writes `json` as the record file's text: the outer levels indented, each record's value
 * laid out down to its rows, every row on one line, and a final newline. The text goes to
 * `write` in chunks of about 1 MiB.
 */
export function writeRecordJson(json: unknown, write: (chunk: string) => void): void {
  const out = new ChunkedWriter(write);
  emitFormatted(json, 0, out);
  out.push('\n');
  out.flush();
}

/** Collects text and hands it on in chunks of about 1 MiB. */
class ChunkedWriter implements Sink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (chunk: string) => void) {}
  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function emitFormatted(value: unknown, depth: number, out: Sink): void {
  if (depth >= LAID_OUT_DEPTH || value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return out.push('[]');
    out.push('[\n');
    value.forEach((v, i) => {
      out.push(pad);
      emitFormatted(v, depth + 1, out);
      out.push(i < value.length - 1 ? ',\n' : '\n');
    });
    return out.push(`${end}]`);
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return out.push('{}');
  out.push('{\n');
  entries.forEach(([k, v], i) => {
    out.push(`${pad}${JSON.stringify(k)}: `);
    emitFormatted(v, depth + 1, out);
    out.push(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.push(`${end}}`);
}
