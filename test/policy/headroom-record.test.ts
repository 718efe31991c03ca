import { App, DataResource, TerraformStack, Testing } from 'cdktf';
import { InputError } from '../../src/core/errors';
import { Gate } from '../../src/policy/gate';
import { GateRegistry } from '../../src/policy/gate-registry';
import { GateReport } from '../../src/policy/gate-report';
import { Headroom } from '../../src/policy/headroom';
import { Consumers } from '../../src/policy/plan-consumers';
import { judgePlan } from '../../src/policy/plan-verdict';
import { Rule } from '../../src/policy/rule';
import { thrownBy } from '../_helpers/rejection';

/** The report the app's gates give now (as `cdktf synth` writes it). */
function reportOf(stack: TerraformStack): GateReport {
  return GateRegistry.of(stack).checkAll().report;
}

describe('what counts toward a headroom, declared at synth', () => {
  it('the report records each headroom of a stack once, with its numbers, consumers and claims by Terraform address', () => {
    const s = new TerraformStack(Testing.app(), 'app');
    const worker = new DataResource(s, 'worker', { count: 3, input: { n: 1 } });
    const sized = new DataResource(s, 'sized', { input: { n: 4 } });
    const instances = Headroom.of({ name: 'instances', used: 42, limit: 50, counts: [Consumers.qingcloudInstances()] });
    instances.claim(worker).claim('module.net.qingcloud_eip.main', { quantity: 2 });
    const vcpus = Headroom.of({ name: 'vcpus', used: 84, limit: 200, counts: [Consumers.qingcloudVcpus({ upTo: 16 })] });
    vcpus.claim(sized, { attribute: 'input', upTo: 8 });
    new Gate(s, 'a', { rules: [Rule.fits('fits', instances, { need: 3 }), Rule.utilization('u', vcpus, { warnAt: 0.8 })] });
    new Gate(s, 'b', { rules: [Rule.fits('again', instances, { need: 1 })] });
    const report = reportOf(s);
    expect(report.headrooms).toEqual([
      {
        stack: 'app',
        name: 'instances',
        usedByOthers: 42,
        held: 0,
        limit: 50,
        counts: [{ resourceType: 'qingcloud_instance', quantity: { kind: 'fixed', value: 1 }, description: 'qingcloud_instance: 1 instance each' }],
        claims: [
          { address: 'terraform_data.worker', quantity: { kind: 'fixed', value: 1 } },
          { address: 'module.net.qingcloud_eip.main', quantity: { kind: 'fixed', value: 2 } },
        ],
        // No lookup source: the headroom is its stack's own for reservations.
        quota: { id: expect.stringMatching(/^q-[0-9a-f]{24}$/), lookups: [], counter: 'stack app headroom instances', shared: false },
      },
      {
        stack: 'app',
        name: 'vcpus',
        usedByOthers: 84,
        held: 0,
        limit: 200,
        counts: [
          {
            resourceType: 'qingcloud_instance',
            quantity: { kind: 'attribute', attribute: 'cpu', ifAbsent: 1, upTo: 16 },
            description: 'qingcloud_instance: cpu (vCPUs, default 1)',
          },
        ],
        claims: [{ address: 'terraform_data.sized', quantity: { kind: 'attribute', attribute: 'input', upTo: 8 } }],
        quota: { id: expect.stringMatching(/^q-[0-9a-f]{24}$/), lookups: [], counter: 'stack app headroom vcpus', shared: false },
      },
    ]);
    expect(report.headrooms![0].quota!.id).not.toBe(report.headrooms![1].quota!.id);
  });

  it('a headroom is identified for reservations by what it counts: its lookups and its consumers (or counter), not its name or stack', () => {
    const key = (project: string) => `qingcloud:GetProjectResourceStat {"account":"0123456789ab","projectId":"${project}"}`;
    const source = (project: string) => ({ lookupError: undefined, lookupKey: key(project) });
    const quotaOf = (stack: string, props: Partial<Parameters<typeof Headroom.of>[0]>) => {
      const s = new TerraformStack(Testing.app(), stack);
      const h = Headroom.of({ name: `h-${stack}`, used: 1, limit: 10, ...props });
      new Gate(s, 'g', { rules: [Rule.fits('f', h, { need: 0 })] });
      return reportOf(s).headrooms![0].quota!;
    };
    const instances = [Consumers.qingcloudInstances()];
    const a = quotaOf('alpha', { source: source('pj-1'), counts: instances });
    const b = quotaOf('beta', { source: source('pj-1'), counts: instances });
    expect(a).toEqual({ id: b.id, lookups: [key('pj-1')], counter: '["qingcloud_instance",{"kind":"fixed","value":1}]', shared: true });
    expect(quotaOf('beta', { source: source('pj-2'), counts: instances }).id).not.toBe(a.id); // another project
    expect(quotaOf('beta', { source: source('pj-1'), counts: [Consumers.qingcloudVcpus()] }).id).not.toBe(a.id); // counts vCPUs
    // Without consumers, a headroom is its stack's own, unless a counter names what it counts.
    expect(quotaOf('alpha', { source: source('pj-1') })).toMatchObject({ shared: false, counter: 'stack alpha headroom h-alpha' });
    const named = quotaOf('alpha', { source: source('pj-1'), counter: 'instances' });
    expect(named).toMatchObject({ shared: true, counter: 'instances' });
    expect(quotaOf('beta', { source: source('pj-1'), counter: 'instances', counts: instances }).id).toBe(named.id);
    expect(() => Headroom.of({ used: 1, limit: 2, counter: ' ' })).toThrow(/counter/);
  });

  it("records the stack's held share and what others use, as the headroom reads them", () => {
    const s = new TerraformStack(Testing.app(), 'app');
    const h = Headroom.of({ name: 'instances', used: 50, held: 10, limit: 50, counts: [Consumers.qingcloudInstances()] });
    new Gate(s, 'g', { rules: [Rule.fits('f', h, { total: 10 })] });
    expect(reportOf(s).headrooms?.map((r) => [r.usedByOthers, r.held, r.limit])).toEqual([[40, 10, 50]]);
  });

  it('every gated stack gets the run variables: the synth run id and the stack path, as defaults', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 'app');
    new Gate(s, 'a', { rules: [Rule.atMost('x', 1, 2)] });
    new Gate(s, 'b', { rules: [Rule.atMost('y', 1, 2)] });
    const tf = JSON.parse(Testing.synth(s));
    expect(Object.keys(tf.variable).sort()).toEqual(['headroom_stack', 'headroom_synth_run']);
    expect(tf.variable.headroom_stack).toMatchObject({ type: 'string', default: 'app' });
    expect(tf.variable.headroom_synth_run.type).toBe('string');
    expect(tf.variable.headroom_synth_run.default).toBe(reportOf(s).run.id);
  });

  it('a headroom that cannot be read is recorded with its error, and its plan fails closed', () => {
    const s = new TerraformStack(Testing.app(), 'app');
    const broken = Headroom.of({
      name: 'broken',
      used: () => {
        throw new InputError('used could not be read');
      },
      limit: 5,
    });
    new Gate(s, 'g', { rules: [Rule.fits('f', broken, { need: 0 })] });
    const report = reportOf(s);
    expect(report.headrooms).toEqual([
      {
        stack: 'app',
        name: 'broken',
        usedByOthers: null,
        held: null,
        limit: null,
        error: 'used could not be read',
        counts: [],
        claims: [],
        quota: { id: expect.stringMatching(/^q-[0-9a-f]{24}$/), lookups: [], counter: 'stack app headroom broken', shared: false },
      },
    ]);
    const plan = judgePlan(report, { formatVersion: '1.2', runId: report.run.id, stack: 'app', changes: [] }, 'plan.json', 'report.json');
    expect(plan.headrooms.map((h) => [h.status, h.message])).toEqual([
      [
        'fail',
        'the synth could not read broken, so the plan cannot be judged and fails closed: used could not be read. Fix the lookup, synthesize and plan again.',
      ],
    ]);
  });

  it('refuses two different headrooms of one name in one stack (in one gate or two), and allows them in two stacks', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const s = new TerraformStack(app, 'app');
    const one = Headroom.of({ name: 'instances', used: 1, limit: 5 });
    const two = Headroom.of({ name: 'instances', used: 2, limit: 5 });
    new Gate(s, 'a', { rules: [Rule.fits('f', one, { need: 1 })] });
    const e = thrownBy(() => new Gate(s, 'b', { rules: [Rule.fits('g', two, { need: 1 })] }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(
      'app/b: rule "g" reads a headroom named "instances", but rule "f" of this stack reads another headroom of that name; the report names headrooms by stack and name (for `cdktf-headroom check --plan`). Give each its own name (Headroom.of({ name })), or share one Headroom object between the rules.',
    );
    expect(() => new Gate(s, 'c', { rules: [Rule.fits('h', one, { need: 1 }), Rule.fits('i', two, { need: 1 })] })).toThrow(
      /reads another headroom of that name/,
    );
    const other = new TerraformStack(app, 'other');
    expect(() => new Gate(other, 'a', { rules: [Rule.fits('f', two, { need: 1 })] })).not.toThrow();
  });

  it('a claim of a resource of another stack is recorded as an error: the plan is of one stack', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 'app');
    const elsewhere = new DataResource(new TerraformStack(app, 'other'), 'w', { input: { n: 1 } });
    const h = Headroom.of({ name: 'h', used: 1, limit: 5 }).claim(elsewhere);
    new Gate(s, 'g', { rules: [Rule.fits('f', h, { need: 1 })] });
    expect(reportOf(s).headrooms?.[0].error).toBe(
      "headroom h claims other/w, which is not in stack app, whose gate reads the headroom. A plan is of one stack: claim resources of the gate's stack.",
    );
  });

  it('checks what it is given, naming the field', () => {
    const h = Headroom.of({ name: 'h', used: 1, limit: 5 });
    expect(() => h.claim('not an address')).toThrow(InputError);
    expect(() => h.claim('not an address')).toThrow(/resource must be a Terraform resource, or a resource address/);
    expect(() => h.claim({} as never)).toThrow(/a Terraform resource of the stack/);
    expect(() => h.claim('t_t.n', { quantity: 1, attribute: 'x' })).toThrow(/quantity must be absent when attribute is given/);
    expect(() => h.claim('t_t.n', { quantity: -1 })).toThrow(/quantity must be a finite number of at least 0/);
    expect(() => h.claim('t_t.n', { upTo: 3 })).toThrow(/upTo must be absent unless attribute is given/);
    expect(() => h.claim('t_t.n', { attribute: '' })).toThrow(/attribute must be a non-empty string/);
    expect(() => Headroom.of({ used: 1, limit: 2, counts: 'x' as never })).toThrow(/counts must be an array of consumers/);
    expect(() => Headroom.of({ used: 1, limit: 2, counts: [{} as never] })).toThrow(/counts\[0\] must be a consumer made with Consumers/);
    expect(() => Consumers.qingcloudVcpus({ upTo: -1 })).toThrow(/upTo must be a finite number of at least 0/);
    expect(() => Consumers.huaweicloudHssQuotas('')).toThrow(/version must be a non-empty string/);
    expect(() => Consumers.ofType('Not-A-Type')).toThrow(/resourceType must be a Terraform resource type/);
    expect(h.claim('module.a["k"].t_t.n[0]', { attribute: 'size', upTo: 3 }).claims).toEqual([
      { resource: 'module.a["k"].t_t.n[0]', quantity: { kind: 'attribute', attribute: 'size', upTo: 3 } },
    ]);
  });
});

describe('judgePlan', () => {
  const report = (headrooms: GateReport['headrooms']): GateReport =>
    ({ run: { id: 'run-1', startedAt: '', finished: true }, headrooms, findings: [], gates: [], notices: [] }) as unknown as GateReport;
  const record = { stack: 'app', name: 'instances', usedByOthers: 40, held: 10, limit: 50, counts: [Consumers.qingcloudInstances()], claims: [] };
  const create = (address: string) => ({
    address,
    mode: 'managed',
    type: 'qingcloud_instance',
    actions: ['create'],
    before: null,
    after: {},
    afterUnknown: {},
  });
  const del = (address: string) => ({ ...create(address), actions: ['delete'], before: {}, after: null });

  it('a stack that holds its share passes a plan that adds nothing, and fails one that adds beyond what it may hold', () => {
    const none = judgePlan(report([record]), { formatVersion: '1.0', runId: 'run-1', stack: 'app', changes: [] }, 'p', 'r');
    expect(none.headrooms[0]).toMatchObject({
      status: 'pass',
      room: 0,
      leftAfter: 0,
      message: 'the plan adds nothing; 0 fit (others use 40, the stack holds 10, limit 50); 0 left after the plan.',
    });
    const one = judgePlan(
      report([record]),
      { formatVersion: '1.0', runId: 'run-1', stack: 'app', changes: [create('qingcloud_instance.x'), del('qingcloud_instance.y')] },
      'p',
      'r',
    );
    expect(one.status).toBe('fail');
    expect(one.headrooms[0]).toMatchObject({
      adds: 1,
      frees: 1,
      room: 0,
      leftAfter: 0,
      message:
        'the plan adds 1 and frees 1, but only 0 fit (others use 40, the stack holds 10, limit 50). Plan at most 0 (size with the headroom), free 1 first, or raise the quota to at least 51.',
    });
  });

  it("judges only the headrooms of the plan's stack; fails closed on a change it cannot count", () => {
    const other = { ...record, stack: 'other' };
    const unknown = { ...create('qingcloud_instance.z'), afterUnknown: { cpu: true } };
    const vcpus = { ...record, name: 'vcpus', held: 0, counts: [Consumers.qingcloudVcpus()] };
    const check = judgePlan(report([other, vcpus]), { formatVersion: '1.0', runId: 'run-1', stack: 'app', changes: [unknown] }, 'p', 'r');
    expect(check.headrooms.map((h) => [h.name, h.status])).toEqual([['vcpus', 'fail']]);
    expect(check.headrooms[0].message).toMatch(
      /^1 planned change\(s\) cannot be counted, so vcpus fails closed: qingcloud_instance\.z: cpu is unknown until apply/,
    );
  });
});
