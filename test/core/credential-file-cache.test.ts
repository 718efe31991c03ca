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
