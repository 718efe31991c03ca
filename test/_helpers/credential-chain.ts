// Credential-chain tests: a home directory of the test's own, and the error a chain
// raises when no place it looked in held keys.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialsError } from '../../src/core/errors';

/**
 * A new, empty home directory holding only `files` (paths relative to it, their folders
 * made): the files a credential chain reads, and nothing of the user running the tests.
 */
export function tempHome(files: Readonly<Record<string, string>> = {}): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, file)), { recursive: true });
    fs.writeFileSync(path.join(home, file), text);
  }
  return home;
}

/**
 * Asserts what a chain throws when no place held keys: a `CredentialsError`
 * (`HEADROOM_CREDENTIALS`) whose message numbers every place it looked in, in order, and
 * says how to fix it.
 */
export function expectNothingFound(err: unknown, places: readonly string[], fix: string): void {
  expect(err).toBeInstanceOf(CredentialsError);
  const { code, message } = err as CredentialsError;
  expect(code).toBe('HEADROOM_CREDENTIALS');
  places.forEach((place, i) => expect(message).toContain(`${i + 1}. ${place}`));
  expect(message).toContain(fix);
}
