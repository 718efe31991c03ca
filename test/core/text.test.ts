// groupDigits writes whole numbers as toLocaleString('en-US') does, without setting up
// ICU's number formatter (about 20 ms of CPU at its first call in a process); loading the
// library formats no number through Intl.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { capText, groupDigits } from '../../src/core/text';

describe('groupDigits', () => {
  it("writes every whole number as toLocaleString('en-US') does", () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 999_999, 1_000_000, 10_000_000, 123_456_789];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(Math.random() * 10 ** (1 + (i % 16))));
    samples.push(Number.MAX_SAFE_INTEGER, 2 ** 60, 1e21 - 2 ** 17);
    for (const n of [...samples, ...samples.map((x) => -x)]) expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
  });

  it('writes any other number as String does (no grouping is guessed)', () => {
    for (const n of [1.5, -1234.25, 1e21, 1e300, Infinity, -Infinity, NaN]) expect(groupDigits(n)).toBe(String(n));
  });

  it('words the note of a cut text', () => {
    expect(capText('x'.repeat(12_345 + 10), 10)).toBe(`${'x'.repeat(10)} ... [12,345 more characters cut]`);
  });
});

it('loading the library, under cdktf synth, formats no number through Intl', () => {
  const lib = path.resolve(__dirname, '../../lib/index.js');
  const script = `
    const refuse = () => { throw new Error('a number was formatted through Intl while the library loaded'); };
    Number.prototype.toLocaleString = refuse;
    Intl.NumberFormat = refuse;
    require(${JSON.stringify(lib)});
    process.stdout.write('loaded');
  `;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDKTF_') && !k.startsWith('HEADROOM_')));
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...clean, CDKTF_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-text-')), HEADROOM_LOOKUP_MODE: 'offline' },
  });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('loaded');
});
