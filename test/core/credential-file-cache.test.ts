import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialFileCache } from '../../src/core/credential-file-cache';
import { thrownBy } from '../_helpers/rejection';

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-credfiles-'));

describe('CredentialFileCache', () => {
  it('gives a file as it was at its first read, and a new cache reads it again', () => {
    const file = path.join(tempDir(), 'config');
    fs.writeFileSync(file, 'first');
    const cache = new CredentialFileCache();
    expect(cache.text(file)).toBe('first');
    fs.writeFileSync(file, 'second');
    expect(cache.text(file)).toBe('first');
    expect(new CredentialFileCache().text(file)).toBe('second');
  });

  it('keeps a missing file missing for its own reads only', () => {
    const file = path.join(tempDir(), 'config');
    const cache = new CredentialFileCache();
    expect(cache.text(file)).toBeUndefined();
    fs.writeFileSync(file, 'now here');
    expect(cache.text(file)).toBeUndefined();
    expect(new CredentialFileCache().text(file)).toBe('now here');
  });

  it('keys files by absolute path: another path is another file, the same file by a relative path is the same', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a'), 'A');
    fs.writeFileSync(path.join(dir, 'b'), 'B');
    const cache = new CredentialFileCache();
    expect(cache.text(path.join(dir, 'a'))).toBe('A');
    expect(cache.text(path.join(dir, 'b'))).toBe('B');
    expect(cache.text(path.relative(process.cwd(), path.join(dir, 'a')))).toBe('A');
  });

  it('parses a file once per parser: the same text gives the same value, another text or another cache parses again', () => {
    const file = path.join(tempDir(), 'config');
    const seen: string[] = [];
    const parse = (text: string, name: string): { text: string } => {
      seen.push(`${name}: ${text}`);
      return { text };
    };
    const other = (text: string): number => text.length;
    const cache = new CredentialFileCache();
    const first = cache.parsed(file, 'one', parse);
    expect(cache.parsed(file, 'one', parse)).toBe(first);
    expect(cache.parsed(file, 'one', other)).toBe(3);
    expect(seen).toEqual([`${file}: one`]);
    expect(cache.parsed(file, 'two', parse)).toEqual({ text: 'two' });
    expect(new CredentialFileCache().parsed(file, 'one', parse)).not.toBe(first);
    expect(seen).toEqual([`${file}: one`, `${file}: two`, `${file}: one`]);
  });

  it('gives the same error on every parse of a text that does not parse, parsing it once', () => {
    const cache = new CredentialFileCache();
    let calls = 0;
    const parse = (): never => {
      calls++;
      throw new Error('line 2: not a key');
    };
    const errors = [1, 2].map(() => thrownBy(() => cache.parsed('/home/me/config', 'x: [', parse)));
    expect(errors[1]).toBe(errors[0]);
    expect(errors[0].message).toBe('line 2: not a key');
    expect(calls).toBe(1);
  });

  it('gives the same error on every read of a file that cannot be read', () => {
    const dir = tempDir(); // a directory cannot be read as a file
    const cache = new CredentialFileCache();
    const first = thrownBy(() => cache.text(dir));
    const again = thrownBy(() => cache.text(dir));
    expect(first.code).toBe('EISDIR');
    expect(again.code).toBe('EISDIR');
    expect(again.message).toBe(first.message);
  });
});
