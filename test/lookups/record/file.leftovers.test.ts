// No leftovers (issue #11): a synth killed (kill -9) while writing the lookup record
// leaves its lock and a `.cdktf.lookups.json.<pid>.<hex>.tmp` file; the next synth that
// takes the lock over removes that file too.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LookupRecordFile } from '../../../src/lookups/record/file';

/** A process id that was alive a moment ago and is not any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('temporary record files of dead writers', () => {
  it('are removed when the lock of the dead writer is taken over', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-leftovers-'));
    try {
      const file = path.join(dir, 'cdktf.lookups.json');
      const pid = deadPid();
      // What `kill -9` during a write leaves: the lock naming the writer, and its half-written file.
      fs.writeFileSync(`${file}.lock`, `${pid}@${os.hostname()} 0123456789ab`);
      const leftover = path.join(dir, `.cdktf.lookups.json.${pid}.89abcdef.tmp`);
      fs.writeFileSync(leftover, '{"comment": "half a rec');
      const unrelated = path.join(dir, '.other.json.123.89abcdef.tmp');
      fs.writeFileSync(unrelated, 'not ours');

      new LookupRecordFile(file).merge([
        { key: 'k', kind: 'qingcloud:GetProjectResourceStat', cloud: 'qingcloud', fetchedAt: '2026-01-01T00:00:00.000Z', value: { n: 1 } },
      ]);

      expect(fs.existsSync(leftover)).toBe(false);
      expect(fs.existsSync(`${file}.lock`)).toBe(false);
      expect(fs.existsSync(unrelated)).toBe(true);
      expect(fs.readdirSync(dir).sort()).toEqual(['.other.json.123.89abcdef.tmp', 'cdktf.lookups.json']);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).records.k.value).toEqual({ n: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
