import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { addLookupOutput } from '../../../src/lookups/construct/lookup-output';
import { Gate } from '../../../src/policy/gate';
import { Rule } from '../../../src/policy/rule';
import { FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';

describe('a failed lookup at synth', () => {
  const cloud = useFakeCloud();
  useEnv(() => cloud().env());

  it('is listed with every gate violation, once per construct, instead of cutting synth short', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-')) });
    const stack = new TerraformStack(app, 's');
    const stat = new ProjectResourceStat(stack, 'usage', { ...FAKE_QINGCLOUD_PROJECT, projectId: 'pj-gone' });
    new Gate(stack, 'gate', {
      rules: [Rule.atMost('instances', () => stat.totals.instanceCount, 50, { source: stat }), Rule.atMost('always-over', 10, 5)],
    });
    const printed: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let err: Error;
    try {
      err = thrownBy(() => app.synth());
    } finally {
      stderr.mockRestore();
    }
    // Both violations, the lookup's failure among them, printed as blocks; a one-line error.
    expect(err.message).toMatch(/^cdktf synth stopped by 2 gate violations: rule "instances" \(gate s\/gate\), rule "[\w-]+" \(gate s\/gate\);/);
    const out = printed.join('');
    expect(out).toMatch(
      /✖ gate violation: rule instances \(gate s\/gate\)\n {4}lookup s\/usage failed, so the rule cannot be checked and fails closed: .*QingCloud GetProjectResourceStat failed with ret_code 2100/,
    );
    expect(out).toContain('✖ gate violation: rule always-over (gate s/gate)\n    observed 10, bound 5\n');
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 's', 'cdk.tf.json'))).toBe(false);
  });
});

describe('addLookupOutput', () => {
  function synthJson(app: App, stack: string): Record<string, any> {
    return JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  }

  it('produces the value once per synth, for the variable and every validation pass alike', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-')) });
    const stack = new TerraformStack(app, 's');
    const group = new Construct(stack, 'group');
    const seen = new Construct(group, 'seen.1');
    let calls = 0;
    addLookupOutput(seen, 'what was seen', () => {
      calls++;
      return { count: 3, names: ['a', 'b'], nested: { at: '2024-01-02T03:04:05.000Z', none: null } };
    });
    app.synth(); // validations on: cdktf runs them per stack and again for the app
    expect(calls).toBe(1);
    expect(synthJson(app, 's').variable).toEqual({
      headroom_group_seen_1: {
        default: { count: 3, names: ['a', 'b'], nested: { at: '2024-01-02T03:04:05.000Z', none: null } },
        description: 'what was seen',
      },
    });
  });

  it('shows the error in the variable where validations are skipped, and fails synth once with it where they run', () => {
    const make = (skipValidation: boolean): { app: App; calls: () => number } => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-')), skipValidation });
      const stack = new TerraformStack(app, 's');
      const broken = new Construct(stack, 'broken');
      let calls = 0;
      addLookupOutput(broken, 'a lookup that failed', () => {
        calls++;
        throw Object.assign(new Error('s/broken: lookup x failed: the cloud said no'), { code: 'HEADROOM_CLOUD' });
      });
      return { app, calls: () => calls };
    };
    const skipped = make(true);
    skipped.app.synth();
    expect(synthJson(skipped.app, 's').variable.headroom_broken.default).toEqual({
      error: { code: 'HEADROOM_CLOUD', message: 's/broken: lookup x failed: the cloud said no' },
    });
    expect(skipped.calls()).toBe(1);

    const validated = make(false);
    const err = thrownBy(() => validated.app.synth());
    expect(err.message).toContain('[s/broken] lookup x failed: the cloud said no');
    expect(err.message.match(/the cloud said no/g)).toHaveLength(1);
    expect(validated.calls()).toBe(1);
  });

  it('shows "<unresolved-lazy>" when the variable default is serialized before synth, as cdktf Lazy values do', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-')) });
    const stack = new TerraformStack(app, 's');
    const output = addLookupOutput(new Construct(stack, 'c'), 'd', () => 1);
    expect(JSON.stringify(output.default)).toBe('"<unresolved-lazy>"');
    expect(Token.isUnresolved(output.default)).toBe(true);
  });
});
