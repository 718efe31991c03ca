// What the lookup-history tests share: a fake cloud serving a given instance count, and one
// synth at an injected time (HEADROOM_TEST_NOW), so that histories are built without sleeping.
import { TerraformStack, Testing } from 'cdktf';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { FakeCloud } from '../../src/testing/fake-cloud';
import { fakeQingCloudRow, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';

/** An instant as the library stamps it (`Date.toISOString`). */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** Has the fake cloud serve the default QingCloud project as one resource group (rg-a) of `instances` instances. */
export const serveInstances = (cloud: FakeCloud, instances: number): Promise<void> =>
  cloud.updateData((d) => {
    const rows = d.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows;
    rows.splice(0, rows.length, fakeQingCloudRow('rg-a', instances));
  });

/**
 * One synth of a `ProjectResourceStat` of the default project at the instant `at` (the
 * library's clock is moved there through HEADROOM_TEST_NOW, which the caller's afterEach
 * clears), in `mode`; its lookup has run (read its numbers, or `lookupError`).
 */
export function synthAt(at: number, mode?: 'live' | 'cached' | 'offline'): ProjectResourceStat {
  process.env.HEADROOM_TEST_NOW = iso(at);
  const stat = new ProjectResourceStat(new TerraformStack(Testing.app(), 'stack'), 'usage', {
    ...FAKE_QINGCLOUD_PROJECT,
    ...(mode ? { lookupMode: mode } : {}),
  });
  void stat.lookupError;
  return stat;
}
