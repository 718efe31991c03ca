import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { Gate } from '../../src/policy/gate';
import { Rule } from '../../src/policy/rule';
import { FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

describe('a failed lookup at synth', () => {
  const cloud = useFakeCloud();
  useEnv(() => cloud().env());

  it('is listed with every gate violation, once per construct, instead of cutting synth short', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-')) });
    const stack = new TerraformStack(app, 's');
    const stat = new ProjectResourceStat(stack, 'usage', { ...FAKE_QINGCLOUD_PROJECT, projectId: 'pj-gone' });
    new Gate(stack, 'gate', {
      rules: [
        Rule.atMost('instances', () => stat.totals.instanceCount, 50, { source: stat }),
        Rule.atMost('always-over', 10, 5),
      ],
    });
    const err = thrownBy(() => app.synth());
    expect(err.message).toContain('Validation failed');
    expect(err.message).toContain('[s/usage] lookup qingcloud:GetProjectResourceStat failed: QingCloud GetProjectResourceStat failed with ret_code 2100');
    expect(err.message).toMatch(/\[s\/gate\] violation of rule "instances": lookup s\/usage failed/);
    expect(err.message).toMatch(/\[s\/gate\] violation of rule "always-over"/);
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 's', 'cdk.tf.json'))).toBe(false);
  });
});
