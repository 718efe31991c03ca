// A lookup's value crosses the thread packed: lists of like objects as tables of columns.
// What the main thread unpacks must be what a structured clone of the value would have been:
// every row, key order, -0, NaN, undefined, nested lists, and values the packing leaves alone.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { TerraformStack, Testing } from 'cdktf';
import { QingCloudClient } from '../../../src/clouds/qingcloud/client';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { packValue, unpackValue, PackedValue } from '../../../src/lookups/worker/compact';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT, fakeQingCloudRow } from '../../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { useOwnRecordFile } from '../../_helpers/own-record-file';

/** Crosses a thread's boundary as the worker's answer does: a structured clone through a port. */
function cross<T>(value: T): T {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(value);
  const got = receiveMessageOnPort(port2)!.message as T;
  port1.close();
  port2.close();
  return got;
}

const roundTrip = (value: unknown): unknown => unpackValue(cross(packValue(value)));

describe('packValue / unpackValue', () => {
  it('gives back what a structured clone gives: rows, key order, -0, NaN, undefined, strings shared or not', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({
      id: `rg-${i}`,
      console: 'same',
      count: i,
      big: i * 1e10,
      frac: i / 3,
      signed: i === 5 ? -0 : i === 6 ? NaN : -i,
      optional: i % 3 ? undefined : i,
      maybe: i % 2 ? null : 'x',
      flag: i % 2 === 0,
      tags: i % 4 ? [`t${i}`] : [],
      nested: { deep: [{ a: i }] },
      mixed: i % 2 ? 1 : '1',
    }));
    const value = { totalCount: 100, rows, totals: { count: 4950 }, small: rows.slice(0, 3), list: [1, 2, 3], pages: [rows.slice(0, 20)] };
    const packed = packValue(value);
    // The long lists became tables; the short one crosses as it is.
    expect(packed.tables.map((t) => t.path)).toEqual([['rows'], ['pages', 0]]);
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(cross(value));
    expect(Object.keys(back.rows[7])).toEqual(Object.keys(rows[7]));
    expect(Object.is(back.rows[5].signed, -0)).toBe(true);
    expect(Number.isNaN(back.rows[6].signed)).toBe(true);
    expect('optional' in back.rows[1]).toBe(true);
    // The value given was not changed.
    expect(value.rows).toBe(rows);
    expect(rows[0].id).toBe('rg-0');
  });

  it('leaves lists of unlike objects, class instances and an own __proto__ as they are', () => {
    const unlike = Array.from({ length: 20 }, (_, i) => (i === 10 ? { b: 1, a: 2 } : { a: 2, b: 1 }));
    const dated = Array.from({ length: 20 }, (_, i) => ({ at: new Date(i) }));
    const withProto = Array.from({ length: 20 }, () => JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as Record<string, unknown>);
    const top = Array.from({ length: 20 }, (_, i) => ({ i }));
    for (const value of [unlike, { dated }, { withProto }, top, 'text', 7, null, undefined]) {
      expect(roundTrip(value)).toStrictEqual(cross(value));
    }
    expect((packValue(unlike) as PackedValue).tables).toEqual([]);
    expect(Object.keys((roundTrip({ withProto }) as { withProto: object[] }).withProto[0])).toEqual(['__proto__', 'a']);
    // A list of objects at the top is a table too.
    expect(packValue(top).tables).toHaveLength(1);
  });
});

describe('a listing crossing from the lookup worker', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));
  const ownRecord = useOwnRecordFile('headroom-compact-');

  it('gives the construct the rows the client reads itself, in order, and records them as they are', async () => {
    await cloud().updateData((d) => {
      const rows = d.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows;
      for (let i = 0; i < 60; i++) rows.push({ ...fakeQingCloudRow(`rg-many-${i}`, i % 5), ...(i % 2 ? {} : { volume_size: i * 10 }) });
    });
    const stat = new ProjectResourceStat(new TerraformStack(Testing.app(), 'stack'), 'usage', { ...FAKE_QINGCLOUD_PROJECT, pageSize: 10, lookupMode: 'live' });
    const direct = await new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: cloud().endpoints.qingcloud }).getProjectResourceStat({
      ...FAKE_QINGCLOUD_PROJECT,
      pageSize: 10,
    });
    expect(stat.rows.length).toBeGreaterThan(60);
    expect(stat.rows).toStrictEqual(direct.rows);
    expect(stat.totals).toStrictEqual(direct.totals);
    const recorded = JSON.parse(fs.readFileSync(ownRecord.file, 'utf8')) as { records: Record<string, { value: unknown }> };
    expect(Object.values(recorded.records).map((r) => r.value)).toEqual([JSON.parse(JSON.stringify(direct))]);
  });
});
