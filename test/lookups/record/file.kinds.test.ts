// Issue #22, defects 3 and 11: the lookup record is a regular file (or a symlink to one).
// A FIFO once hung the synth forever and the zero device grew memory without bound; a
// symlinked record was replaced by a regular file on write. Through a construct in a synth.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { HeadroomError } from '../../../src/core/errors';
import { MAX_RECORD_FILE_BYTES } from '../../../src/lookups/record/file';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { QINGCLOUD, readRecords } from '../../_helpers/lookup-subjects';

describe('the lookup record file: a regular file, or a symlink to one', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-record-kinds-'));
  });
  afterEach(() => {
    delete process.env.HEADROOM_LOOKUP_RECORD_FILE;
    delete process.env.HEADROOM_LOOKUP_MODE;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One lookup in an app, read; returns its value or its error. */
  function lookupWith(file: string, mode: 'live' | 'cached' | 'offline') {
    process.env.HEADROOM_LOOKUP_RECORD_FILE = file;
    process.env.HEADROOM_LOOKUP_MODE = mode;
    const app = new App({ outdir: path.join(dir, 'out') });
    const lookup = QINGCLOUD.create(new TerraformStack(app, 'stack'), 'lookup');
    const err = lookup.lookupError as HeadroomError | undefined;
    return { value: err ? undefined : lookup.read(), err };
  }

  it.each(['live', 'cached', 'offline'] as const)('3. a FIFO as the record file is refused at once (%s), not waited on', (mode) => {
    const fifo = path.join(dir, 'cdktf.lookups.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const { err } = lookupWith(fifo, mode);
    expect(err).toBeInstanceOf(HeadroomError);
    expect(err!.code).toBe('HEADROOM_RECORD');
    expect(err!.message).toContain(`The lookup record ${fifo} is a named pipe (FIFO), not a regular file`);
    expect(err!.message).toContain('HEADROOM_LOOKUP_RECORD_FILE');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fs.statSync(fifo).isFIFO()).toBe(true); // left as it is
  });

  it('3. a device that never ends (the zero device) is refused, not read', () => {
    const { err } = lookupWith('/dev/zero', 'cached');
    expect(err!.code).toBe('HEADROOM_RECORD');
    expect(err!.message).toContain('The lookup record /dev/zero is a character device, not a regular file');
  });

  it('3. a directory is refused, naming the path', () => {
    const sub = path.join(dir, 'a-folder');
    fs.mkdirSync(sub);
    const { err } = lookupWith(sub, 'offline');
    expect(err!.code).toBe('HEADROOM_RECORD');
    expect(err!.message).toContain(`The lookup record ${sub} is a directory`);
  });

  it(`3. a file larger than ${MAX_RECORD_FILE_BYTES / 1024 / 1024} MiB is refused before it is read`, () => {
    const big = path.join(dir, 'big.json');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, MAX_RECORD_FILE_BYTES + 1); // sparse: no disk used
    const { err } = lookupWith(big, 'cached');
    expect(err!.code).toBe('HEADROOM_RECORD');
    expect(err!.message).toContain(`is ${MAX_RECORD_FILE_BYTES + 1} bytes, more than the 256 MiB a lookup record can be`);
  });

  it('11. a symlinked record is written through the link, which stays a link', () => {
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    const target = path.join(shared, 'record.json');
    const link = path.join(dir, 'cdktf.lookups.json');
    fs.symlinkSync(target, link); // the shared record does not exist yet
    expect(lookupWith(link, 'live').value).toBe(QINGCLOUD.live);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(target);
    expect(Object.keys(readRecords(target).records)).toHaveLength(1);

    // A second write (a newer record) goes through the link too, and offline reads it back.
    expect(lookupWith(link, 'live').value).toBe(QINGCLOUD.live);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(shared).filter((f) => !f.endsWith('.lock'))).toEqual(['record.json']);
    expect(lookupWith(link, 'offline').value).toBe(QINGCLOUD.live);
  });
});
