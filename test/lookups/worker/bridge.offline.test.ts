// Offline mode must not start the lookup worker (nor touch the network). Its own test
// file: the worker is started once per module registry, so no other lookup may run first.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { LookupRecordFile } from '../../../src/lookups/record/file';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { plainStatRow } from '../../_helpers/qingcloud-rows';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = require('node:worker_threads') as typeof import('node:worker_threads');

/** One recorded row (records are checked: the totals are its counters). */
const ROW = plainStatRow({ instanceCount: 5, vcpusCount: 10, memorySum: 20480, volumeCount: 5, eipCount: 3, eipBandwidth: 15 });

describe('offline mode', () => {
  const Original = workerThreads.Worker;
  const started: string[] = [];
  beforeAll(() => {
    workerThreads.Worker = class CountingWorker extends Original {
      constructor(filename: string | URL, options?: import('node:worker_threads').WorkerOptions) {
        super(filename, options);
        started.push(String(filename));
      }
    };
  });
  afterAll(() => {
    workerThreads.Worker = Original;
  });

  it('answers from the record without starting the lookup worker; a live lookup does start it', () => {
    const endpoint = 'http://127.0.0.1:9/iaas/'; // discard port: nothing listens, and offline never asks
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-offline-')), 'cdktf.lookups.json');
    const props = { ...FAKE_QINGCLOUD_PROJECT, endpoint, credentials: FAKE_CREDENTIALS.qingcloud, transport: { retry: { maxAttempts: 1 } } };
    // Learn the key from a construct that is never read (offline too: a live lookup starts
    // the worker as soon as it is registered), then record a value for it.
    const probe = new ProjectResourceStat(new TerraformStack(Testing.app(), 'probe'), 'usage', { ...props, lookupMode: 'offline' });
    const key = (probe as unknown as { lookup: { key: string } }).lookup.key;
    new LookupRecordFile(file).merge([
      {
        key,
        kind: 'qingcloud:GetProjectResourceStat',
        cloud: 'qingcloud',
        fetchedAt: '2025-06-01T00:00:00.000Z',
        value: { rows: [ROW], totals: ROW, totalCount: 1 },
      },
    ]);

    const app = Testing.app({ context: { 'headroom:lookupMode': 'offline', 'headroom:lookupRecordFile': file } });
    process.env.HEADROOM_LOOKUP_RECORD_FILE = '';
    const stat = new ProjectResourceStat(new TerraformStack(app, 's'), 'usage', props);
    expect(stat.totals.instanceCount).toBe(5);
    expect(stat.fetchedAt).toBe('2025-06-01T00:00:00.000Z');
    Testing.synth(stat.node.scope as TerraformStack);
    expect(started).toEqual([]);

    // The control: the same counter sees the worker start for a live lookup.
    const live = new ProjectResourceStat(new TerraformStack(app, 'live'), 'usage', { ...props, lookupMode: 'live' });
    expect(started).toHaveLength(1); // started when registered, before any read
    expect(live.lookupError).toBeDefined(); // nothing listens on the endpoint
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/registry[/\\]lookup-worker\.js$/);
  });
});
