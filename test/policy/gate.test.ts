import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { InputError } from '../../src/core/errors';
import { FAIL_ON_WARNINGS_CONTEXT, FAIL_ON_WARNINGS_ENV } from '../../src/policy/fail-on-warnings';
import { Gate } from '../../src/policy/gate';
import { Headroom } from '../../src/policy/headroom';
import { Rule } from '../../src/policy/rule';
import { Suppressions } from '../../src/policy/suppressions';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { FAST_RETRY, isolatedEnv, useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

const PROJECT = FAKE_QINGCLOUD_PROJECT; // 42 instances, 84 vCPUs in the bundled data

/** A stand-in for a lookup construct of another cloud: plain getters and a lookupError. */
class StubLookup extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly data: Record<string, number>,
    public readonly lookupError: Error | undefined = undefined,
  ) {
    super(scope, id);
  }
  value(name: string): number {
    if (this.lookupError) throw this.lookupError;
    return this.data[name];
  }
}

function stack(app = Testing.app()): TerraformStack {
  return new TerraformStack(app, 'stack');
}

/** The error message of a failed validating synth of `s`. */
function synthError(s: TerraformStack): string {
  return thrownBy(() => Testing.synth(s, true)).message;
}

describe('Gate', () => {
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud(), { [FAIL_ON_WARNINGS_ENV]: undefined }));

  describe('at synth', () => {
    it('passes when every rule passes, with values from a real lookup', () => {
      const s = stack();
      const usage = new ProjectResourceStat(s, 'usage', PROJECT);
      const headroom = Headroom.of({ used: usage.totals.instanceCount, limit: 50, source: usage });
      const count = Math.min(6, headroom.available);
      const gate = new Gate(s, 'quota', {
        rules: [
          Rule.fits('qingcloud-instances', headroom, { need: count }),
          Rule.utilization('vcpus', { used: () => usage.totals.vcpusCount, limit: 200, source: usage }, { warnAt: 0.8, failAt: 0.9 }),
        ],
      });
      expect(count).toBe(6);
      expect(() => Testing.synth(s, true)).not.toThrow();
      expect(gate.passed).toBe(true);
      expect(gate.findings.map((f) => [f.ruleId, f.status, f.observed, f.bound])).toEqual([
        ['qingcloud-instances', 'pass', 8, 6],
        ['vcpus', 'pass', 0.42, 0.8],
      ]);
      expect(gate.findings[0].sources).toEqual(['stack/usage']);
    });

    it('fails with every violation of the stack listed at once, each with its construct path, values and what to do', () => {
      const s = stack();
      const usage = new ProjectResourceStat(s, 'usage', PROJECT);
      const headroom = Headroom.of({ used: usage.totals.instanceCount, limit: 50, source: usage });
      new Gate(s, 'quota', {
        rules: [
          Rule.fits('qingcloud-instances', headroom, { need: 12 }),
          Rule.atMost('instances-total', usage.totals.instanceCount, 40),
          Rule.atLeast('groups', usage.totalCount, 3),
        ],
      });
      new Gate(s, 'vcpu-gate', { rules: [Rule.utilization('vcpus', { used: usage.totals.vcpusCount, limit: 90 }, { failAt: 0.9 })] });
      const message = synthError(s);
      expect(message).toContain(
        '[stack/quota] violation of rule "qingcloud-instances": needs 12 but only 8 fit (42 of 50 used). Create at most 8 more, free 4, or raise the quota to at least 54.',
      );
      expect(message).toContain('[stack/quota] violation of rule "instances-total": 42 is above the maximum 40 by 2.');
      expect(message).toContain('[stack/vcpu-gate] violation of rule "vcpus": 93.3% used (84 of 90), at or above the fail threshold 90%.');
      expect(message).not.toContain('groups'); // it passed
      expect(message).toMatch(/\[stack\/quota\] Every rule, pass or fail, is in .*headroom\/report\.md/);
    });

    it('reports warnings without failing, as synth warnings', () => {
      const s = stack();
      const gate = new Gate(s, 'quota', { rules: [Rule.atMost('eip-peak-mbps', 95, 80, { level: 'warning' })] });
      expect(() => Testing.synth(s, true)).not.toThrow();
      expect(gate.findings[0]).toMatchObject({ status: 'fail', level: 'warning', blocking: false });
      const warnings = gate.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
      expect(warnings).toEqual([
        'warning of rule "eip-peak-mbps": 95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.',
      ]);
      Testing.synth(s, true);
      expect(gate.node.metadata.filter((m) => m.type === '@cdktf/warn')).toHaveLength(1); // once, however often validated
    });

    describe('fails on warnings when asked', () => {
      const warningRule = () => Rule.atMost('eip-peak-mbps', 95, 80, { level: 'warning' });
      const expected = '[stack/quota] warning (failing on warnings) of rule "eip-peak-mbps": 95 is above the maximum 80 by 15.';

      it('by the failOnWarnings prop', () => {
        const s = stack();
        new Gate(s, 'quota', { rules: [warningRule()], failOnWarnings: true });
        expect(synthError(s)).toContain(expected);
      });

      it('by the cdktf context flag', () => {
        const s = stack(Testing.app({ context: { [FAIL_ON_WARNINGS_CONTEXT]: true } }));
        const gate = new Gate(s, 'quota', { rules: [warningRule()] });
        expect(gate.failOnWarnings).toBe(true);
        expect(synthError(s)).toContain(expected);
      });

      describe('by the environment variable', () => {
        useEnv({ [FAIL_ON_WARNINGS_ENV]: '1' });
        it('fails', () => {
          const s = stack();
          new Gate(s, 'quota', { rules: [warningRule()] });
          expect(synthError(s)).toContain(expected);
        });
      });

      describe('but not when the variable says no', () => {
        useEnv({ [FAIL_ON_WARNINGS_ENV]: 'false' });
        it('passes', () => {
          const s = stack();
          new Gate(s, 'quota', { rules: [warningRule()] });
          expect(() => Testing.synth(s, true)).not.toThrow();
        });
      });
    });

    it('lets synth pass with enforceAtSynth: false, still reporting the violation', () => {
      const s = stack();
      const gate = new Gate(s, 'quota', { rules: [Rule.atMost('x', 5, 3)], enforceAtSynth: false });
      expect(() => Testing.synth(s, true)).not.toThrow();
      expect(gate.passed).toBe(false);
    });
  });

  describe('fails closed on a failed lookup', () => {
    it('of an unknown project: the cloud error, with its code, is the violation', async () => {
      const s = stack();
      const usage = new ProjectResourceStat(s, 'usage', { ...PROJECT, projectId: 'pj-missing' });
      const headroom = Headroom.of({ used: () => usage.totals.instanceCount, limit: 50, source: usage });
      const count = Math.min(5, headroom.availableOr(0));
      const gate = new Gate(s, 'quota', {
        rules: [Rule.fits('qingcloud-instances', headroom, { need: count }), Rule.atMost('peak', () => usage.totals.eipBandwidth, 80, { level: 'warning' })],
      });
      expect(count).toBe(0); // nothing is sized on a failed lookup...
      const message = synthError(s); // ...and the gate says why, for both rules, even the warning
      expect(message).toContain(
        '[stack/quota] violation of rule "qingcloud-instances": lookup stack/usage failed, so the rule cannot be checked and fails closed: stack/usage: lookup qingcloud:GetProjectResourceStat failed:',
      );
      expect(message).toContain(
        '[stack/quota] violation of rule "peak": the rule could not be checked and fails closed: stack/usage: lookup qingcloud:GetProjectResourceStat failed:',
      );
      expect(gate.findings[0]).toMatchObject({
        status: 'fail',
        level: 'error',
        blocking: true,
        observed: null,
        error: { code: 'HEADROOM_CLOUD', name: 'CloudServiceError' },
      });
      expect(gate.findings[0].error?.message).toContain('ret_code 2100');
      expect(await cloud().requests('qingcloud')).toHaveLength(1); // one lookup, however many rules read it
    });

    it('on credentials the cloud refuses, without showing the secret', () => {
      const s = stack();
      const usage = new ProjectResourceStat(s, 'usage', {
        ...PROJECT,
        credentials: { accessKeyId: FAKE_CREDENTIALS.qingcloud.accessKeyId, secretAccessKey: 'not-the-secret-key' },
      });
      const gate = new Gate(s, 'quota', { rules: [Rule.atMost('instances', () => usage.totals.instanceCount, 50, { source: usage })] });
      const message = synthError(s);
      expect(gate.findings[0].error?.code).toBe('HEADROOM_CREDENTIALS');
      expect(message).toContain('violation of rule "instances": lookup stack/usage failed');
      expect(message).not.toContain('not-the-secret-key');
      expect(message).not.toContain(FAKE_CREDENTIALS.qingcloud.secretAccessKey);
    });

    it('when the cloud keeps failing past the retries', async () => {
      await cloud().inject({ serverError: 10, cloud: 'qingcloud' });
      const s = stack();
      const usage = new ProjectResourceStat(s, 'usage', { ...PROJECT, transport: FAST_RETRY });
      const gate = new Gate(s, 'quota', { rules: [Rule.atMost('instances', () => usage.totals.instanceCount, 50, { source: usage })] });
      expect(synthError(s)).toContain('violation of rule "instances": lookup stack/usage failed');
      expect(gate.findings[0].error?.code).toBe('HEADROOM_CLOUD');
      expect((await cloud().requests('qingcloud')).map((r) => r.status)).toEqual([500, 500, 500, 500]); // every attempt of the retry policy;
    });

    it('with stand-ins for the other clouds: getters and a lookupError are all a rule needs', () => {
      const s = stack();
      const bw = new StubLookup(s, 'bw', { maxMbps: 75, totalMbps: 140 });
      const hss = new StubLookup(
        s,
        'hss',
        { idleNum: 1 },
        new Error('stack/hss: lookup huaweicloud:ListQuotasDetail failed: APIGW.0301 incorrect IAM authentication information'),
      );
      const gate = new Gate(s, 'quota', {
        rules: [
          Rule.atMost('eip-peak-mbps', () => bw.value('maxMbps'), 80, { level: 'warning', source: bw }),
          Rule.atLeast('hss-idle-quota', () => hss.value('idleNum'), 2, { source: hss }),
        ],
      });
      expect(gate.findings.map((f) => [f.ruleId, f.status, f.level, f.sources])).toEqual([
        ['eip-peak-mbps', 'pass', 'warning', ['stack/bw']],
        ['hss-idle-quota', 'fail', 'error', ['stack/hss']],
      ]);
      expect(synthError(s)).toContain(
        'violation of rule "hss-idle-quota": lookup stack/hss failed, so the rule cannot be checked and fails closed: stack/hss: lookup huaweicloud:ListQuotasDetail failed: APIGW.0301',
      );
    });
  });

  describe('at plan time (enforceAtPlan)', () => {
    function planStack(planCheckResource?: 'null_resource' | 'terraform_data'): { s: TerraformStack; gate: Gate; json: () => any } {
      const s = stack();
      const usage = new ProjectResourceStat(s, 'usage', PROJECT);
      const gate = new Gate(s, 'quota', {
        enforceAtPlan: true,
        enforceAtSynth: false,
        ...(planCheckResource ? { planCheckResource } : {}),
        rules: [
          Rule.fits('qingcloud-instances', Headroom.of({ used: usage.totals.instanceCount, limit: 50, source: usage }), { need: 12 }),
          Rule.atLeast('groups', usage.totalCount, 3),
          Rule.atMost('eip-peak-mbps', 95, 80, { level: 'warning' }),
          Rule.custom('template', () => ({ pass: false, message: 'saw ${var.x} and %{ if } in a value.' })),
        ],
      });
      return { s, gate, json: () => JSON.parse(Testing.synth(s, true)) };
    }

    /** The gate's plan-time local value, by the name the preconditions use. */
    function planLocal(tf: any): [string, Record<string, unknown>] {
      const names = Object.keys(tf.locals).filter((k) => k.startsWith('quota_plan-values'));
      expect(names).toHaveLength(1);
      return [names[0], tf.locals[names[0]]];
    }

    it('synthesizes a null_resource with one precondition per error rule, each over a local value holding its numbers and verdict', () => {
      const { json } = planStack('null_resource');
      const tf = json();
      const resources = tf.resource.null_resource;
      const [name] = Object.keys(resources).filter((k) => k.startsWith('quota_plan-check'));
      const check = resources[name];
      expect(check.provider).toBe('null.headroom_gates');
      const [local, values] = planLocal(tf);
      expect(values).toEqual({
        'qingcloud-instances': { observed: 8, bound: 12, ok: false },
        groups: { observed: 7, bound: 3, ok: true },
        template: { observed: null, bound: null, ok: false },
      });
      const ref = (id: string) => `local.${local}["${id}"]`;
      expect(check.lifecycle.precondition).toEqual([
        {
          condition: `\${${ref('qingcloud-instances')}.observed >= ${ref('qingcloud-instances')}.bound}`,
          error_message:
            'Gate stack/quota, rule qingcloud-instances: needs 12 but only 8 fit (42 of 50 used). Create at most 8 more, free 4, or raise the quota to at least 54.',
        },
        { condition: `\${${ref('groups')}.observed >= ${ref('groups')}.bound}`, error_message: 'Gate stack/quota, rule groups: 7 meets the minimum 3.' },
        {
          condition: `\${${ref('template')}.ok}`,
          error_message:
            'Gate stack/quota, rule template: saw $${var.x} and %%{ if } in a value. Fix what the check tests, or suppress the rule with a reason.',
        },
      ]);
      expect(tf.provider.null).toEqual([{ alias: 'headroom_gates' }]);
    });

    it('gives the same local value and preconditions by default on a terraform_data, which needs no provider and holds no input', () => {
      const viaNull = planStack('null_resource').json();
      const tf = planStack().json();
      const explicit = planStack('terraform_data').json();
      expect([explicit.resource, explicit.locals]).toEqual([tf.resource, tf.locals]);
      expect(tf.provider?.null).toBeUndefined();
      expect(tf.resource.null_resource).toBeUndefined();
      const [name] = Object.keys(tf.resource.terraform_data);
      const [nullName] = Object.keys(viaNull.resource.null_resource).filter((k) => k.startsWith('quota_plan-check'));
      expect(name).toBe(nullName);
      expect(planLocal(tf)).toEqual(planLocal(viaNull));
      expect(tf.resource.terraform_data[name].lifecycle.precondition).toEqual(viaNull.resource.null_resource[nullName].lifecycle.precondition);
      // No input: a change in the numbers never makes a plan non-empty (test/policy/plan-check.terraform.test.ts).
      expect(Object.keys(tf.resource.terraform_data[name]).sort()).toEqual(['lifecycle']);
    });

    it('compares utilization with the fail threshold, and falls back to the verdict for a suppressed rule', () => {
      const s = stack();
      Suppressions.of(s).add('peak', { reason: 'bandwidth upgrade NET-142 lands this week' });
      new Gate(s, 'quota', {
        enforceAtPlan: true,
        enforceAtSynth: false,
        rules: [Rule.utilization('vcpus', { used: 88, limit: 200 }, { warnAt: 0.3, failAt: 0.9 }), Rule.atMost('peak', 95, 80)],
      });
      const tf = JSON.parse(Testing.synth(s, true));
      const [local, values] = planLocal(tf);
      expect(values).toEqual({ vcpus: { observed: 0.44, bound: 0.9, ok: true }, peak: { observed: 95, bound: 80, ok: true } });
      const [check] = Object.values(tf.resource.terraform_data) as any[];
      expect(check.lifecycle.precondition.map((p: { condition: string }) => p.condition)).toEqual([
        `\${local.${local}["vcpus"].observed < local.${local}["vcpus"].bound}`,
        `\${local.${local}["peak"].ok}`,
      ]);
    });

    it('gives a warning rule a precondition only when failing on warnings, then a failing one', () => {
      const preconditions = (failOnWarnings: boolean) => {
        const s = stack();
        new Gate(s, 'quota', { enforceAtPlan: true, enforceAtSynth: false, failOnWarnings, rules: [Rule.atMost('eip', 95, 80, { level: 'warning' })] });
        const tf = JSON.parse(Testing.synth(s, true));
        const resources = tf.resource.terraform_data;
        return { local: planLocal(tf), preconditions: resources[Object.keys(resources)[0]].lifecycle?.precondition };
      };
      expect(preconditions(false)).toEqual({ local: [expect.any(String), {}], preconditions: undefined });
      const { local, preconditions: list } = preconditions(true);
      expect(local[1]).toEqual({ eip: { observed: 95, bound: 80, ok: false } });
      expect(list).toEqual([
        {
          condition: `\${local.${local[0]}["eip"].observed <= local.${local[0]}["eip"].bound}`,
          error_message:
            'Gate stack/quota, rule eip: 95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.',
        },
      ]);
    });

    it('makes protected resources, and those given gate.dependable, depend on it', () => {
      const { s, gate, json } = planStack();
      new NullProvider(s, 'null'); // the workers' provider
      const workers = [0, 1].map((i) => new Resource(s, `worker-${i}`, {}));
      gate.protect(...workers);
      gate.protect(workers[0]); // twice is once
      new Resource(s, 'by-config', { dependsOn: [gate.dependable] });
      const { null_resource: resources, terraform_data: checks } = json().resource;
      const [name] = Object.keys(checks).filter((k) => k.startsWith('quota_plan-check'));
      expect(resources['worker-0'].depends_on).toEqual([`terraform_data.${name}`]);
      expect(resources['worker-1'].depends_on).toEqual([`terraform_data.${name}`]);
      expect(resources['by-config'].depends_on).toEqual([`terraform_data.${name}`]);
    });

    it('shares one aliased provider per stack, beside a default null provider', () => {
      const s = stack();
      new NullProvider(s, 'null');
      new Gate(s, 'a', { enforceAtPlan: true, planCheckResource: 'null_resource', rules: [Rule.atMost('x', 1, 2)] });
      new Gate(s, 'b', { enforceAtPlan: true, planCheckResource: 'null_resource', rules: [Rule.atMost('x', 1, 2)] });
      expect(JSON.parse(Testing.synth(s, true)).provider.null).toEqual([{}, { alias: 'headroom_gates' }]);
    });

    it('refuses protect() without enforceAtPlan, across stacks, or for a non-resource', () => {
      const app = Testing.app();
      const s = new TerraformStack(app, 'stack');
      const other = new TerraformStack(app, 'other');
      const plain = new Gate(s, 'plain', {});
      expect(thrownBy(() => plain.protect(new Resource(s, 'r', {}))).message).toBe(
        'stack/plain: this gate has no plan-time check to depend on; create it with enforceAtPlan: true.',
      );
      const gate = new Gate(s, 'quota', { enforceAtPlan: true });
      const err = thrownBy(() => gate.protect(new Resource(other, 'r', {})));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe('stack/quota: cannot protect other/r, which is in another stack; depends_on cannot cross stacks. Give that stack its own gate.');
      expect(thrownBy(() => gate.protect(new Construct(s, 'c') as never)).message).toBe(
        'stack/quota: protect() must be a Terraform resource (for a module or data source, use dependsOn: [gate.dependable]); got "stack/c".',
      );
    });
  });

  describe('rejects bad input at construction', () => {
    it('a gate outside a stack', () => {
      const err = thrownBy(() => new Gate(Testing.app(), 'quota', {}));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        'quota: a Gate must be created inside a TerraformStack (its rules are checked with the stack\'s validations); got scope "(app root)". Create it with a stack, or a construct in one, as its scope.',
      );
    });

    it('a rule id used twice', () => {
      const err = thrownBy(() => new Gate(stack(), 'quota', { rules: [Rule.atMost('x', 1, 2), Rule.atLeast('x', 1, 2)] }));
      expect(err.message).toBe(
        'stack/quota: rule id "x" is used twice in this gate; ids must be unique within a gate (suppressions and reports name rules by id). Rename one.',
      );
    });

    it.each([
      [
        { rules: 'x' },
        'stack/quota: rules must be an array of rules made with Rule.atMost, Rule.atLeast, Rule.fits, Rule.utilization or Rule.custom; got "x".',
      ],
      [
        { rules: [{ id: 'x' }] },
        'stack/quota: rules[0] must be a rule made with Rule.atMost, Rule.atLeast, Rule.fits, Rule.utilization or Rule.custom; got "object".',
      ],
      [{ enforceAtPlan: 'yes' }, 'stack/quota: enforceAtPlan must be true or false; got "yes".'],
      [{ planCheckResource: 'null' }, 'stack/quota: planCheckResource must be one of "null_resource", "terraform_data"; got "null".'],
    ])('props %j', (props, message) => {
      const err = thrownBy(() => new Gate(stack(), 'quota', props as never));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(message);
    });
  });

  it('is recognised by Gate.isGate, other constructs are not', () => {
    const s = stack();
    expect(Gate.isGate(new Gate(s, 'g'))).toBe(true);
    expect(Gate.isGate(s)).toBe(false);
    expect(Gate.isGate(undefined)).toBe(false);
  });

  it('takes a rule made by another copy of the library (a brand, not instanceof)', () => {
    let OtherRule: typeof Rule | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      OtherRule = (require('../../src/policy/rule') as typeof import('../../src/policy/rule')).Rule;
    });
    expect(OtherRule).toBeDefined();
    expect(OtherRule).not.toBe(Rule);
    const rule = OtherRule!.atMost('other-copy', 1, 2);
    expect(Rule.isRule(rule)).toBe(true);
    expect(Rule.isRule({ id: 'other-copy' })).toBe(false);
    const gate = new Gate(stack(), 'g', { rules: [rule] });
    expect(gate.rules.map((r) => r.id)).toEqual(['other-copy']);
    expect(gate.passed).toBe(true);
  });

  it('writes nothing outside the app output folder (App with its own outdir)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-'));
    const app = new App({ outdir });
    new Gate(new TerraformStack(app, 'stack'), 'quota', { rules: [Rule.atMost('x', 1, 2)] });
    app.synth();
    expect(fs.readdirSync(path.join(outdir, 'headroom')).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md', 'report.sarif']);
  });
});
