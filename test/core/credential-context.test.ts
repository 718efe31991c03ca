import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readCredentialFile, readHomeFile } from '../../src/core/credential-context';
import { CredentialFileCache } from '../../src/core/credential-file-cache';
import { CredentialsError } from '../../src/core/errors';
import { thrownBy } from '../_helpers/rejection';

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-credfiles-'));

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
