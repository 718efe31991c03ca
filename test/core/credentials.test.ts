import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialFileCache, readCredentialFile, readHomeFile } from '../../src/core/credentials';
import { CredentialsError } from '../../src/core/errors';
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

describe('readCredentialFile and readHomeFile', () => {
  it('read anew on every call without a cache', () => {
    const file = path.join(tempDir(), 'config');
    expect(readCredentialFile({}, file)).toBeUndefined();
    fs.writeFileSync(file, 'one');
    expect(readCredentialFile({}, file)).toBe('one');
    fs.writeFileSync(file, 'two');
    expect(readCredentialFile({}, file)).toBe('two');
  });

  it('read through the context cache when it has one', () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, '.cli'));
    fs.writeFileSync(path.join(home, '.cli', 'config'), 'one');
    const ctx = { homeDir: home, files: new CredentialFileCache() };
    expect(readHomeFile(ctx, '.cli', 'config')).toEqual({ path: path.join(home, '.cli', 'config'), text: 'one' });
    fs.writeFileSync(path.join(home, '.cli', 'config'), 'two');
    expect(readHomeFile(ctx, '.cli', 'config').text).toBe('one');
    expect(readHomeFile({ homeDir: home }, '.cli', 'config').text).toBe('two');
    expect(readHomeFile(ctx, '.cli', 'missing')).toEqual({ path: path.join(home, '.cli', 'missing') });
  });

  it('readHomeFile turns a read error into a CredentialsError naming the file', () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, 'config'));
    const err = thrownBy(() => readHomeFile({ homeDir: home, files: new CredentialFileCache() }, 'config'));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toBe(`Could not read ${path.join(home, 'config')}: EISDIR: illegal operation on a directory, read`);
  });
});
