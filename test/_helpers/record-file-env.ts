// Jest setup (setupFilesAfterEnv): every test file records its lookups in a file of its
// own under the temp directory, not in cdktf.lookups.json of the repository, and runs in
// the default (live) mode whatever the shell sets. Tests that need otherwise set the
// variables themselves. The file is removed after the test file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-records-'));
process.env.HEADROOM_LOOKUP_RECORD_FILE = path.join(dir, 'cdktf.lookups.json');
delete process.env.HEADROOM_LOOKUP_MODE;
delete process.env.HEADROOM_LOOKUP_MAX_AGE;

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
