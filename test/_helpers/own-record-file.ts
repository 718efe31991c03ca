// A lookup record file of each test's own (the jest setup gives each test file one; tests
// that read or spoil the file want one per test).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The folder and the lookup record file of the running test. */
export interface OwnRecordFile {
  /** A new folder of the test's own (removed after the test): the record file is in it. */
  readonly dir: string;
  /** `cdktf.lookups.json` in {@link OwnRecordFile.dir}, as HEADROOM_LOOKUP_RECORD_FILE names it. */
  readonly file: string;
}

/**
 * For a describe block: each test records its lookups in a file of its own, in a new folder
 * named from `prefix` and removed after the test, and starts in the default (live) mode with
 * the default max age, whatever an earlier test set.
 */
export function useOwnRecordFile(prefix: string): OwnRecordFile {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    process.env.HEADROOM_LOOKUP_RECORD_FILE = path.join(dir, 'cdktf.lookups.json');
    delete process.env.HEADROOM_LOOKUP_MODE;
    delete process.env.HEADROOM_LOOKUP_MAX_AGE;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterAll(() => {
    delete process.env.HEADROOM_LOOKUP_MODE;
    delete process.env.HEADROOM_LOOKUP_MAX_AGE;
  });
  return {
    get dir() {
      return dir;
    },
    get file() {
      return path.join(dir, 'cdktf.lookups.json');
    },
  };
}
