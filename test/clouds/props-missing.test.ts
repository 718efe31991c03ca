// Issue #22, defect 4: a construct given undefined or null props says which construct and
// what it needs (HEADROOM_INPUT), never a raw TypeError; constructs whose props are all
// optional accept undefined.
import { App, TerraformStack } from 'cdktf';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { InputError } from '../../src/core/errors';
import { Gate } from '../../src/policy/gate';
import { useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

describe('props that are undefined or null', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), HEADROOM_LOOKUP_MODE: 'live', HEADROOM_LOOKUP_RECORD_FILE: '/dev/null/never-written', UCLOUD_REGION: 'cn-bj2' }));
  const stack = () => new TerraformStack(new App(), 'stack');

  it.each([undefined, null])('ProjectResourceStat(%p): HEADROOM_INPUT naming the construct and its required props', (props) => {
    const err = thrownBy(() => new ProjectResourceStat(stack(), 'l', props as never));
    expect(err).toBeInstanceOf(InputError);
    expect(err.code).toBe('HEADROOM_INPUT');
    expect(err.message).toBe(
      `stack/l: ProjectResourceStat props must be an object with consoleId, projectId and owner, such as ` +
        `{ consoleId: "alphacloud", projectId: "pj-xxxxxxxx", owner: "usr-xxxxxxxx" }; got ${String(props)}.`,
    );
  });

  it.each([
    ['QuotaDetail', (s: TerraformStack, p: unknown) => new QuotaDetail(s, 'l', p as never)],
    ['EipBandwidthUsage', (s: TerraformStack, p: unknown) => new EipBandwidthUsage(s, 'l', p as never)],
  ])('%s(null) or (42): HEADROOM_INPUT; (undefined) is every default', (name, make) => {
    for (const bad of [null, 42, 'cn-bj2']) {
      const err = thrownBy(() => make(stack(), bad));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(`stack/l: ${name} props must be an object of props, or left out; got ${JSON.stringify(bad)}.`);
    }
    expect(() => make(stack(), undefined)).not.toThrow();
  });

  it('Gate(null): HEADROOM_INPUT naming the gate', () => {
    const err = thrownBy(() => new Gate(stack(), 'g', null as never));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('stack/g: props must be an object such as { rules: [...] }; got null');
    expect(() => new Gate(stack(), 'g', undefined)).not.toThrow(); // every prop of a gate is optional
  });
});
