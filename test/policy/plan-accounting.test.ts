import * as fs from 'node:fs';
import * as path from 'node:path';
import { accountPlan, configAddress, PlanCounting, PlanResourceChange } from '../../src/policy/plan-accounting';
import { Consumers, PlanConsumer } from '../../src/policy/plan-consumers';
import { parsePlan } from '../../src/policy/plan-file';

const PLANS = path.join(__dirname, '..', '_fixtures', 'plans');
/** The resource changes of a fixture plan (see test/_fixtures/plans/README.md). */
function changesOf(name: string): readonly PlanResourceChange[] {
  return parsePlan(fs.readFileSync(path.join(PLANS, name), 'utf8'), name).changes;
}
const counting = (counts: PlanConsumer[], claims: PlanCounting['claims'] = []): PlanCounting => ({ counts, claims });
/** The items as [address, adds, frees] rows. */
const rows = (a: ReturnType<typeof accountPlan>) => a.items.map((i) => [i.address, i.actions, i.adds, i.frees]);

describe('accountPlan on a plan Terraform wrote (terraform_data)', () => {
  const created = changesOf('terraform-data-create.json');
  const changed = changesOf('terraform-data-changes.json');
  const inputs = Consumers.ofType('terraform_data', { attribute: 'input' });

  it('counts every action kind by the attribute: create, update, delete, replace both ways, no-op', () => {
    const a = accountPlan(counting([inputs]), changed);
    expect(rows(a)).toEqual([
      ['terraform_data.cbd', 'create,delete', 9, 6], // create before destroy: the new 9 while the old 6 still exists
      ['terraform_data.gone', 'delete', 0, 7],
      ['terraform_data.keyed["a"]', 'delete,create', 0, 3], // destroy first: 4 -> 1 nets out to 3 freed
      ['terraform_data.worker[0]', 'update', 1, 0], // 2 -> 3
      ['terraform_data.worker[2]', 'delete', 0, 2],
    ]);
    expect([a.adds, a.frees, a.problems]).toEqual([10, 18, []]);
    expect(a.items.every((i) => i.matchedBy === 'consumer' && !i.bounded)).toBe(true);
  });

  it('counts every action kind by a fixed quantity: a replacement that destroys first and an update add nothing', () => {
    const a = accountPlan(counting([Consumers.ofType('terraform_data')]), changed);
    expect(rows(a)).toEqual([
      ['terraform_data.cbd', 'create,delete', 1, 1],
      ['terraform_data.gone', 'delete', 0, 1],
      ['terraform_data.worker[2]', 'delete', 0, 1],
    ]);
    expect([a.adds, a.frees]).toEqual([1, 3]);
    expect(a.items.some((i) => i.bounded)).toBe(false);
  });

  it('counts every count and for_each instance, in modules too', () => {
    const a = accountPlan(counting([Consumers.ofType('terraform_data', { quantity: 1 })]), created);
    expect(a.items.map((i) => i.address)).toEqual([
      'terraform_data.cbd',
      'terraform_data.gone',
      'terraform_data.keyed["a"]',
      'terraform_data.keyed["b"]',
      'terraform_data.unknown',
      'terraform_data.worker[0]',
      'terraform_data.worker[1]',
      'terraform_data.worker[2]',
      'module.net.terraform_data.eip',
      'module.nets["x"].terraform_data.eip',
    ]);
    expect([a.adds, a.frees]).toEqual([10, 0]);
  });

  it('fails closed on a value unknown until apply, naming the address and the attribute, and still counts the rest', () => {
    const a = accountPlan(counting([inputs]), created);
    expect(a.problems).toEqual([
      {
        address: 'terraform_data.unknown',
        attribute: 'input',
        message:
          'terraform_data.unknown: input is unknown until apply (after_unknown), and an unknown is never read as 0, so the headroom fails closed. Declare the most it can be (upTo on the consumer or the claim), or give the attribute a value known at plan time.',
      },
    ]);
    expect(a.adds).toBe(6 + 7 + 4 + 4 + 2 + 2 + 2 + 5 + 5);
  });

  it('counts an unknown value at its declared upper bound, marked as bounded', () => {
    const a = accountPlan(counting([Consumers.ofType('terraform_data', { attribute: 'input', upTo: 8 })]), created);
    expect(a.problems).toEqual([]);
    expect(a.adds).toBe(6 + 7 + 4 + 4 + 8 + 2 + 2 + 2 + 5 + 5);
    expect(a.items.filter((i) => i.bounded).map((i) => [i.address, i.adds])).toEqual([['terraform_data.unknown', 8]]);
  });

  it('counts a claimed resource once, by its claim, over a consumer of its type', () => {
    const a = accountPlan(
      counting([Consumers.ofType('terraform_data')], [{ address: 'terraform_data.worker', quantity: { kind: 'fixed', value: 2 } }]),
      created,
    );
    expect(a.items.filter((i) => i.address.startsWith('terraform_data.worker')).map((i) => [i.address, i.adds, i.matchedBy])).toEqual([
      ['terraform_data.worker[0]', 2, 'claim'],
      ['terraform_data.worker[1]', 2, 'claim'],
      ['terraform_data.worker[2]', 2, 'claim'],
    ]);
    expect(a.adds).toBe(7 + 3 * 2);
  });

  it('matches claims by address: in modules (every module instance), and one instance by its key', () => {
    const a = accountPlan(
      counting(
        [],
        [
          { address: 'module.nets.terraform_data.eip', quantity: { kind: 'attribute', attribute: 'input' } },
          { address: 'terraform_data.worker[1]', quantity: { kind: 'fixed', value: 1 } },
          { address: 'terraform_data.keyed["b"]', quantity: { kind: 'fixed', value: 3 } },
        ],
      ),
      created,
    );
    expect(rows(a)).toEqual([
      ['terraform_data.keyed["b"]', 'create', 3, 0],
      ['terraform_data.worker[1]', 'create', 1, 0],
      ['module.nets["x"].terraform_data.eip', 'create', 5, 0],
    ]);
  });

  it('counts nothing when nothing matches, or when the plan changes nothing', () => {
    expect(accountPlan(counting([Consumers.qingcloudInstances()]), created)).toEqual({ adds: 0, frees: 0, items: [], problems: [] });
    const noop = changed.filter((c) => c.actions.join() === 'no-op');
    expect(noop.length).toBe(5);
    expect(accountPlan(counting([inputs]), noop)).toEqual({ adds: 0, frees: 0, items: [], problems: [] });
  });
});

describe('accountPlan with the built-in consumers (provider plans: test/_fixtures/plans/providers.json)', () => {
  const changes = changesOf('providers.json');
  const account = (c: PlanConsumer) => accountPlan(counting([c]), changes);

  it('qingcloudInstances: one per instance created or deleted; an update or a no-op adds none', () => {
    const a = account(Consumers.qingcloudInstances());
    expect(rows(a)).toEqual([
      ['qingcloud_instance.app[0]', 'create', 1, 0],
      ['qingcloud_instance.app[1]', 'create', 1, 0],
      ['module.edge.qingcloud_instance.bastion', 'create', 1, 0],
      ['qingcloud_instance.old', 'delete', 0, 1],
    ]);
  });

  it('qingcloudVcpus: cpu, 1 when absent (the provider default), growth on update', () => {
    const a = account(Consumers.qingcloudVcpus());
    expect(rows(a)).toEqual([
      ['qingcloud_instance.app[0]', 'create', 2, 0],
      ['qingcloud_instance.app[1]', 'create', 2, 0],
      ['module.edge.qingcloud_instance.bastion', 'create', 1, 0],
      ['qingcloud_instance.old', 'delete', 0, 4],
      ['qingcloud_instance.resized', 'update', 3, 0],
    ]);
  });

  it('qingcloudMemoryMb: memory in MB, 1024 when absent (the provider default)', () => {
    const a = account(Consumers.qingcloudMemoryMb());
    expect([a.adds, a.frees]).toEqual([4096 + 4096 + 1024 + 1024, 8192]);
  });

  it('qingcloudVolumeSizeGb and qingcloudVolumes: a destroy-first replacement adds the growth only', () => {
    expect(rows(account(Consumers.qingcloudVolumeSizeGb()))).toEqual([
      ['qingcloud_volume.data["logs"]', 'create', 50, 0],
      ['qingcloud_volume.data["db"]', 'delete,create', 100, 0],
    ]);
    expect(rows(account(Consumers.qingcloudVolumes()))).toEqual([['qingcloud_volume.data["logs"]', 'create', 1, 0]]);
  });

  it('qingcloudEipBandwidthMbps and qingcloudEips: create before destroy holds both', () => {
    expect(rows(account(Consumers.qingcloudEipBandwidthMbps()))).toEqual([
      ['qingcloud_eip.web', 'update', 5, 0],
      ['qingcloud_eip.spare', 'create,delete', 4, 4],
    ]);
    expect(rows(account(Consumers.qingcloudEips()))).toEqual([['qingcloud_eip.spare', 'create,delete', 1, 1]]);
  });

  it('ucloudEipBandwidthMbps: 1 when absent (the provider default); unknown fails closed, or counts at upTo', () => {
    const a = account(Consumers.ucloudEipBandwidthMbps());
    expect(rows(a)).toEqual([
      ['ucloud_eip.web', 'create', 20, 0],
      ['ucloud_eip.defaulted', 'create', 1, 0],
    ]);
    expect(a.problems.map((p) => [p.address, p.attribute])).toEqual([['ucloud_eip.unknown', 'bandwidth']]);
    expect(a.items.some((i) => i.bounded)).toBe(false); // a documented default is known, not a bound
    const bounded = account(Consumers.ucloudEipBandwidthMbps({ upTo: 200 }));
    expect([bounded.adds, bounded.problems]).toEqual([221, []]);
  });

  it('huaweicloudHssQuotas: one quota of its version; an update to the version adds one; an unknown version counts as one', () => {
    const a = account(Consumers.huaweicloudHssQuotas('hss.version.enterprise'));
    expect(a.items.map((i) => [i.address, i.actions, i.adds, i.frees, i.bounded])).toEqual([
      ['module.hosts[0].huaweicloud_hss_host_protection.this', 'create', 1, 0, false],
      ['module.hosts[1].huaweicloud_hss_host_protection.this', 'update', 1, 0, false],
      ['huaweicloud_hss_host_protection.late', 'create', 1, 0, true],
      ['huaweicloud_hss_host_protection.gone', 'delete', 0, 1, false],
    ]);
    expect(account(Consumers.huaweicloudHssQuotas('hss.version.basic')).items.map((i) => [i.address, i.adds, i.frees])).toEqual([
      ['module.hosts[1].huaweicloud_hss_host_protection.this', 0, 1],
      ['huaweicloud_hss_host_protection.other', 1, 0],
      ['huaweicloud_hss_host_protection.late', 1, 0],
    ]);
  });

  it('never counts a data source read, even of a claimed address', () => {
    const a = accountPlan(
      counting([Consumers.ofType('qingcloud_image')], [{ address: 'data.qingcloud_image.base', quantity: { kind: 'fixed', value: 1 } }]),
      changes,
    );
    expect(a).toEqual({ adds: 0, frees: 0, items: [], problems: [] });
  });
});

describe('accountPlan on edge cases', () => {
  const change = (over: Partial<PlanResourceChange>): PlanResourceChange => ({
    address: 'x_thing.a',
    mode: 'managed',
    type: 'x_thing',
    actions: ['create'],
    before: null,
    after: {},
    afterUnknown: {},
    ...over,
  });
  const by = (attribute: string, extra: object = {}): PlanConsumer => ({
    resourceType: 'x_thing',
    quantity: { kind: 'attribute', attribute, ...extra },
    description: 'x',
  });

  it('reads a dotted path, and an unknown object above it is unknown', () => {
    const after = { disks: [{ size: 40 }, { size: 60 }] };
    expect(accountPlan(counting([by('disks.1.size')]), [change({ after })]).adds).toBe(60);
    const p = accountPlan(counting([by('disks.1.size')]), [change({ after: {}, afterUnknown: { disks: true } })]).problems;
    expect(p.map((x) => [x.address, x.attribute])).toEqual([['x_thing.a', 'disks.1.size']]);
    expect(accountPlan(counting([by('disks.1.size', { upTo: 5 })]), [change({ after: {}, afterUnknown: true })]).adds).toBe(5);
    expect(accountPlan(counting([by('disks.1.size', { upTo: 5 })]), [change({ after: {}, afterUnknown: { disks: [false, true] } })]).adds).toBe(5);
  });

  it('never walks into a value that is not an object: null, a string, a missing object', () => {
    const absent = (address: string, attribute: string) => ({
      address,
      attribute,
      message: `${address}: the plan's after object has no ${attribute}, and the headroom counts it, so it fails closed. Set ${attribute} on the resource, or count another attribute.`,
    });
    const a = accountPlan(counting([by('disks.0.size')]), [
      change({ address: 'x_thing.n', after: { disks: null } }),
      change({ address: 'x_thing.s', after: { disks: 'abc' } }),
      change({ address: 'x_thing.o', after: null, afterUnknown: null }),
    ]);
    expect(a.problems).toEqual([absent('x_thing.n', 'disks.0.size'), absent('x_thing.s', 'disks.0.size'), absent('x_thing.o', 'disks.0.size')]);
    expect(accountPlan(counting([by('name.length')]), [change({ after: { name: 'abcd' } })]).problems).toEqual([absent('x_thing.a', 'name.length')]);
    expect(accountPlan(counting([by('disks.0')]), [change({ after: { disks: [7] }, afterUnknown: { disks: null } })]).adds).toBe(7);
  });

  it('never counts a data source, whatever its actions', () => {
    const c = change({ mode: 'data', actions: ['create'] });
    expect(accountPlan(counting([Consumers.ofType('x_thing')], [{ address: 'x_thing.a', quantity: { kind: 'fixed', value: 1 } }]), [c]).items).toEqual([]);
  });

  it('an absent attribute without a default fails closed, on either side', () => {
    const a = accountPlan(counting([by('size')]), [change({ address: 'x_thing.b' }), change({ actions: ['delete'], before: { name: 'n' }, after: null })]);
    expect(a.problems.map((p) => p.message)).toEqual([
      "x_thing.b: the plan's after object has no size, and the headroom counts it, so it fails closed. Set size on the resource, or count another attribute.",
      "x_thing.a: the plan's before object has no size, and the headroom counts it, so it fails closed. Set size on the resource, or count another attribute.",
    ]);
    expect(accountPlan(counting([by('size', { ifAbsent: 3 })]), [change({ after: { size: null } })]).adds).toBe(3);
  });

  it('a value that is not a number of at least 0 fails closed', () => {
    for (const size of ['10', -1, Number.POSITIVE_INFINITY, true]) {
      const a = accountPlan(counting([by('size')]), [change({ after: { size } })]);
      expect(a.problems).toEqual([
        {
          address: 'x_thing.a',
          attribute: 'size',
          message: `x_thing.a: size is ${JSON.stringify(size)} in the plan's after object, not a number of at least 0, so the headroom fails closed. Count an attribute that holds a number.`,
        },
      ]);
    }
    expect(accountPlan(counting([by('size')]), [change({ after: { size: 0 } })])).toEqual({ adds: 0, frees: 0, items: [], problems: [] });
  });

  it('an action it does not know fails closed; read and forget count nothing', () => {
    const fixed = Consumers.ofType('x_thing');
    const a = accountPlan(counting([fixed]), [change({ actions: ['create', 'forget'] })]);
    expect(a.problems).toEqual([
      {
        address: 'x_thing.a',
        message:
          'x_thing.a: the plan\'s actions ["create","forget"] are not ones cdktf-headroom knows how to count (create, delete, update, replace, no-op, read, forget), so the headroom fails closed. Use a Terraform version whose plan JSON uses those actions.',
      },
    ]);
    expect(accountPlan(counting([fixed]), [change({ actions: ['read'] }), change({ actions: ['forget'], before: {} })])).toEqual({
      adds: 0,
      frees: 0,
      items: [],
      problems: [],
    });
  });

  it('a match quantity: absent fails closed, another value counts 0, growth and shrink on update', () => {
    const m: PlanConsumer = { resourceType: 'x_thing', quantity: { kind: 'match', attribute: 'tier', equals: 'gold' }, description: 'x' };
    expect(accountPlan(counting([m]), [change({ after: {} })]).problems.map((p) => p.attribute)).toEqual(['tier']);
    const a = accountPlan(counting([m]), [change({ actions: ['update'], before: { tier: 'gold' }, after: { tier: 'tin' } })]);
    expect(rows(a)).toEqual([['x_thing.a', 'update', 0, 1]]);
  });

  it('the first matching claim and the first consumer of the type win', () => {
    const a = accountPlan(
      {
        counts: [Consumers.ofType('x_thing', { quantity: 4 }), Consumers.ofType('x_thing', { quantity: 9 })],
        claims: [
          { address: 'x_thing.a', quantity: { kind: 'fixed', value: 2 } },
          { address: 'x_thing.a', quantity: { kind: 'fixed', value: 7 } },
        ],
      },
      [change({}), change({ address: 'x_thing.b' })],
    );
    expect(rows(a)).toEqual([
      ['x_thing.a', 'create', 2, 0],
      ['x_thing.b', 'create', 4, 0],
    ]);
  });
});

describe('configAddress', () => {
  it('drops every instance key, quoted keys with brackets and dots included', () => {
    expect(configAddress('module.a["x.y]"].module.b[0].t_t.n["k\\"]"]')).toBe('module.a.module.b.t_t.n');
    expect(configAddress('t_t.n[12]')).toBe('t_t.n');
    expect(configAddress('t_t.n')).toBe('t_t.n');
  });
});
