import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** For a describe block (or a test file): a new folder named from `prefix`, removed after the block's tests. */
export function useTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
