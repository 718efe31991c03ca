import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../src/core/errors';
import { lookupRecordPath, lookupSettings, LookupSettingSources, parseDurationMs, projectLookupRecordPath } from '../../src/lookups/settings';
import { thrownBy } from '../_helpers/rejection';

const sources = (env: Record<string, string> = {}, context: Record<string, unknown> = {}): LookupSettingSources => ({
  env,
  context: (key) => context[key],
});

describe('lookupSettings', () => {
  it('defaults to live with a max age of one hour', () => {
    expect(lookupSettings('s/c', {}, sources())).toEqual({ mode: 'live', maxAgeMs: 3_600_000 });
  });

  it('takes cdktf context, then the environment over it, then the props over both', () => {
    const context = { 'headroom:lookupMode': 'offline', 'headroom:lookupMaxAge': 60 };
    expect(lookupSettings('s/c', {}, sources({}, context))).toEqual({ mode: 'offline', maxAgeMs: 60_000 });
    const env = { HEADROOM_LOOKUP_MODE: 'cached', HEADROOM_LOOKUP_MAX_AGE: '2h' };
    expect(lookupSettings('s/c', {}, sources(env, context))).toEqual({ mode: 'cached', maxAgeMs: 7_200_000 });
    expect(lookupSettings('s/c', { lookupMode: 'live', lookupMaxAgeSeconds: 5 }, sources(env, context))).toEqual({ mode: 'live', maxAgeMs: 5000 });
  });

  it('ignores an empty environment variable', () => {
    expect(lookupSettings('s/c', {}, sources({ HEADROOM_LOOKUP_MODE: '' }, { 'headroom:lookupMode': 'cached' })).mode).toBe('cached');
  });

  it.each<[string, object, Record<string, string>, Record<string, unknown>, string]>([
    ['a bad mode prop', { lookupMode: 'ofline' }, {}, {}, 's/c: lookupMode must be one of "live", "cached", "offline"; got "ofline".'],
    [
      'a bad mode in the environment',
      {},
      { HEADROOM_LOOKUP_MODE: 'LIVE' },
      {},
      's/c: environment variable HEADROOM_LOOKUP_MODE: the lookup mode must be one of "live", "cached", "offline"; got "LIVE".',
    ],
    [
      'a bad mode in context',
      {},
      {},
      { 'headroom:lookupMode': true },
      's/c: cdktf context headroom:lookupMode: the lookup mode must be one of "live", "cached", "offline"; got true.',
    ],
    ['a negative max age prop', { lookupMaxAgeSeconds: -1 }, {}, {}, 's/c: lookupMaxAgeSeconds must be a number of seconds, 0 or more; got -1.'],
    [
      'a max age prop that is not a number',
      { lookupMaxAgeSeconds: '1h' },
      {},
      {},
      's/c: lookupMaxAgeSeconds must be a number of seconds, 0 or more; got "1h".',
    ],
    [
      'a bad max age in the environment',
      {},
      { HEADROOM_LOOKUP_MAX_AGE: '1 week' },
      {},
      's/c: environment variable HEADROOM_LOOKUP_MAX_AGE: the max age must be a number of seconds or a duration such as "90s", "15m", "2h" or "1d"; got "1 week".',
    ],
  ])('rejects %s', (_name, props, env, context, message) => {
    const err = thrownBy(() => lookupSettings('s/c', props, sources(env, context)));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(message);
  });
});

describe('parseDurationMs', () => {
  it.each<[unknown, number]>([
    [3600, 3_600_000],
    ['3600', 3_600_000],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    [0, 0],
  ])('%p', (raw, ms) => {
    expect(parseDurationMs(raw, 'x')).toBe(ms);
  });
  it.each([[-1], ['-5m'], ['1w'], [''], [null]])('rejects %p', (raw) => {
    expect(() => parseDurationMs(raw, 'x')).toThrow(InputError);
  });
});

describe('lookupRecordPath', () => {
  it('is cdktf.lookups.json in the working directory by default', () => {
    expect(lookupRecordPath(sources(), '/app')).toBe('/app/cdktf.lookups.json');
  });
  it('takes context, then the environment over it; relative to the working directory', () => {
    expect(lookupRecordPath(sources({}, { 'headroom:lookupRecordFile': 'records/lookups.json' }), '/app')).toBe('/app/records/lookups.json');
    expect(lookupRecordPath(sources({ HEADROOM_LOOKUP_RECORD_FILE: '/tmp/x.json' }, { 'headroom:lookupRecordFile': 'y.json' }), '/app')).toBe('/tmp/x.json');
  });
  it('rejects a context value that is not a path', () => {
    expect(() => lookupRecordPath(sources({}, { 'headroom:lookupRecordFile': 42 }), '/app')).toThrow(
      'cdktf context headroom:lookupRecordFile must be the path of the lookup record file, e.g. "cdktf.lookups.json"; got 42.',
    );
  });
});

describe('projectLookupRecordPath', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-project-'));
  it('reads the context of the project cdktf.json', () => {
    expect(projectLookupRecordPath(dir, {})).toBe(path.join(dir, 'cdktf.lookups.json'));
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ app: 'node main.js', context: { 'headroom:lookupRecordFile': 'state/lookups.json' } }));
    expect(projectLookupRecordPath(dir, {})).toBe(path.join(dir, 'state', 'lookups.json'));
    expect(projectLookupRecordPath(dir, { HEADROOM_LOOKUP_RECORD_FILE: 'other.json' })).toBe(path.join(dir, 'other.json'));
  });
  it('says so when cdktf.json is not JSON', () => {
    fs.writeFileSync(path.join(dir, 'cdktf.json'), '{');
    expect(() => projectLookupRecordPath(dir, {})).toThrow(/cdktf\.json is not valid JSON .*name the record file with --file/);
  });
});
