// Issue #10: a gate never passes on numbers no cloud gave. Each way a successful answer
// can lie is one fault knob of the fake cloud; for each knob and cloud, the synth fails,
// the gate's report says FAIL, the error names its code (and the field's path), and the
// lookup record is left byte for byte as it was.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { HeadroomError } from '../../src/core/errors';
import { Gate } from '../../src/policy/gate';
import { Rule } from '../../src/policy/rule';
import { FakeAnswerFaultKind } from '../../src/testing/fake-cloud-types';
import { isolatedEnv, useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { HUAWEICLOUD, QINGCLOUD, Subject, UCLOUD } from '../_helpers/lookup-subjects';
import { thrownBy } from '../_helpers/rejection';
import { useOwnRecordFile } from '../_helpers/own-record-file';

interface Case {
  readonly knob: FakeAnswerFaultKind;
  readonly code: 'HEADROOM_CLOUD' | 'HEADROOM_PAGINATION';
  /** The field path the error names (malformed answers only). */
  readonly field?: string;
  /** What the message says. */
  readonly says: string;
  /** Props that make the knob bite (a page smaller than the data). */
  readonly props?: Record<string, unknown>;
}

const CASES: ReadonlyArray<[Subject, Case]> = [
  [
    QINGCLOUD,
    { knob: 'dropField', code: 'HEADROOM_CLOUD', field: 'data[0].instance_count', says: 'data[0].instance_count is missing; expected an integer, 0 or more' },
  ],
  [QINGCLOUD, { knob: 'mistypeField', code: 'HEADROOM_CLOUD', field: 'data[0].instance_count', says: 'data[0].instance_count is "many"' }],
  [QINGCLOUD, { knob: 'dropTotal', code: 'HEADROOM_CLOUD', field: 'total_count', says: 'total_count is missing' }],
  [QINGCLOUD, { knob: 'listAsObject', code: 'HEADROOM_CLOUD', field: 'data', says: 'data is {"resource_group_id"' }],
  [QINGCLOUD, { knob: 'endlessPages', code: 'HEADROOM_PAGINATION', says: "the cloud counts 1000000000 rows, more than this lookup's ceiling of 100000" }],
  [
    QINGCLOUD,
    { knob: 'pageLengthTotal', code: 'HEADROOM_PAGINATION', says: 'the cloud counted 3 rows, but the page at offset 3 had 3 more', props: { pageSize: 3 } },
  ],
  [UCLOUD, { knob: 'dropField', code: 'HEADROOM_CLOUD', field: 'EIPSet[0].CurBandwidth', says: 'EIPSet[0].CurBandwidth is missing' }],
  [UCLOUD, { knob: 'mistypeField', code: 'HEADROOM_CLOUD', field: 'EIPSet[0].CurBandwidth', says: 'EIPSet[0].CurBandwidth is "many"' }],
  [UCLOUD, { knob: 'dropTotal', code: 'HEADROOM_CLOUD', field: 'TotalCount', says: 'TotalCount is missing' }],
  [UCLOUD, { knob: 'listAsObject', code: 'HEADROOM_CLOUD', field: 'EIPSet', says: 'EIPSet is {"CurBandwidth"' }],
  [UCLOUD, { knob: 'endlessPages', code: 'HEADROOM_PAGINATION', says: "the cloud counts 1000000000 rows, more than this lookup's ceiling of 100000" }],
  [HUAWEICLOUD, { knob: 'dropField', code: 'HEADROOM_CLOUD', field: 'used_num', says: 'used_num is missing' }],
  [HUAWEICLOUD, { knob: 'mistypeField', code: 'HEADROOM_CLOUD', field: 'used_num', says: 'used_num is "many"' }],
  [HUAWEICLOUD, { knob: 'dropTotal', code: 'HEADROOM_CLOUD', field: 'total_num', says: 'total_num is missing' }],
  [HUAWEICLOUD, { knob: 'listAsObject', code: 'HEADROOM_CLOUD', field: 'data_list', says: 'data_list is {"' }],
  // HSS refuses offsets past 2,000,000 before the row ceiling is reached.
  [
    HUAWEICLOUD,
    {
      knob: 'endlessPages',
      code: 'HEADROOM_PAGINATION',
      says: "1000000000 quotas match, and reading them all in pages of 200 needs offset 999999800, past the API's maximum",
    },
  ],
  [
    HUAWEICLOUD,
    { knob: 'pageLengthTotal', code: 'HEADROOM_PAGINATION', says: 'the cloud counted 10 rows, but the page at offset 10 had 10 more', props: { pageSize: 10 } },
  ],
];

describe('answer faults: every lie of a successful answer fails closed', () => {
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud()));
  const ownRecord = useOwnRecordFile('headroom-answer-faults-');

  /** An app with the lookup and a gate whose rule passes on any number the lookup could give (0 included). */
  function app(subject: Subject, props: Record<string, unknown> = {}) {
    const outdir = path.join(ownRecord.dir, `out-${Math.random().toString(36).slice(2)}`);
    const a = new App({ outdir });
    const stack = new TerraformStack(a, 'stack');
    const lookup = subject.create(stack, 'lookup', props);
    new Gate(stack, 'gate', { rules: [Rule.atMost('headroom', () => lookup.read(), 1e12, { source: stack.node.findChild('lookup') as never })] });
    return { a, lookup, outdir };
  }

  it.each(CASES.map(([s, c]) => [`${s.cloud} ${c.knob}`, s, c] as const))('%s', async (_name, subject, c) => {
    // A good record first: the fault must not overwrite it.
    const good = app(subject, c.props);
    expect(good.lookup.read()).toBe(subject.live);
    const before = fs.readFileSync(ownRecord.file);

    await cloud().inject({ cloud: subject.cloud, answer: { kind: c.knob } });
    const bad = app(subject, c.props);
    const err = bad.lookup.lookupError as HeadroomError & { field?: string; cloud?: string };
    expect(err).toBeInstanceOf(HeadroomError);
    expect(err.code).toBe(c.code);
    expect(err.message).toContain(c.says);
    if (c.field !== undefined) expect(err).toMatchObject({ cloud: subject.cloud, field: c.field });

    const synth = thrownBy(() => bad.a.synth());
    expect(synth.message).toContain('gate violation');
    const report = JSON.parse(fs.readFileSync(path.join(bad.outdir, 'headroom', 'report.json'), 'utf8'));
    expect(report.summary.status).toBe('fail');
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'headroom', status: 'fail', error: expect.objectContaining({ code: c.code }) })]);
    expect(report.findings[0].error.message).toContain(c.says);
    expect(fs.readFileSync(ownRecord.file).equals(before)).toBe(true);
  });

  it('UCloud, whose table calls TotalCount the number of elements in EIPSet: a total that counts the page only still reads every EIP', async () => {
    await cloud().inject({ cloud: 'ucloud', answer: { kind: 'pageLengthTotal' } });
    const { lookup } = app(UCLOUD, { pageSize: 5 });
    expect(lookup.read()).toBe(UCLOUD.live); // 12 EIPs in pages of 5, though each page said 5 (then 2)
    const offsets = (await cloud().requests('ucloud')).map((r) => Number(r.params.OffSet));
    expect(offsets).toEqual([0, 5, 10]);
  });
});
