// docs/runway.md's app, run as a pipeline runs it (node app.js in a project of its own, one
// synth a day, the days injected with HEADROOM_TEST_NOW) against the fake cloud, whose
// instance count grows 2 a day: a warning while the history is short, then a pass, then a
// synth stopped by the runway rule with the evidence in its report, and `check` exiting 2.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fakeQingCloudRow, FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { useFakeCloud } from '../../_helpers/fake-cloud';

const root = path.join(__dirname, '..', '..', '..');
const doc = fs.readFileSync(path.join(root, 'docs', 'runway.md'), 'utf8');
const app = /<!-- snippet: runway-app -->\n```js\n([\s\S]*?)```/.exec(doc)?.[1];
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const at = (day: number): string => new Date(T0 + day * DAY).toISOString();

interface ReportJson {
  findings: Array<{
    ruleId: string;
    status: string;
    level: string;
    observed: unknown;
    message: string;
    runway?: { points: unknown[]; projectedAt: string | null; ratePerDay: number | null };
  }>;
}

describe("docs/runway.md's app, synthesized once a day", () => {
  const cloud = useFakeCloud();
  let project: string;
  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-runway-app-'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'runway-app', version: '1.0.0', private: true }));
    fs.mkdirSync(path.join(project, 'node_modules'));
    fs.symlinkSync(root, path.join(project, 'node_modules', 'cdktf-headroom'), 'dir');
    fs.symlinkSync(path.join(root, 'node_modules', 'cdktf'), path.join(project, 'node_modules', 'cdktf'), 'dir');
    fs.writeFileSync(path.join(project, 'app.js'), app ?? '');
    fs.mkdirSync(path.join(project, 'home'));
  });

  const synthOn = async (day: number): Promise<{ status: number | null; stderr: string; report: ReportJson }> => {
    await cloud().updateData((d) => {
      const rows = d.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows;
      rows.splice(0, rows.length, fakeQingCloudRow('rg-a', 10 + 2 * day));
    });
    const env = { PATH: process.env.PATH, ...cloud().env(), HOME: path.join(project, 'home'), HEADROOM_TEST_NOW: at(day) };
    const run = spawnSync(process.execPath, ['app.js'], { cwd: project, env, encoding: 'utf8' });
    const report = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out', 'headroom', 'report.json'), 'utf8')) as ReportJson;
    return { status: run.status, stderr: run.stderr, report };
  };

  it('warns while the history is short, passes while 14 days are left, and stops the synth when fewer are', async () => {
    expect(app).toBeDefined();
    // Days 0..3: 4 points, too few: a warning; the synth goes on.
    for (let day = 0; day <= 3; day++) {
      const run = await synthOn(day);
      expect(run.status).toBe(0);
      expect(run.report.findings[0]).toMatchObject({ ruleId: 'instances-runway', status: 'fail', level: 'warning' });
    }
    expect((await synthOn(3)).report.findings[0].message).toContain('4 points over 3 days');
    // Day 4: 5 points, 18 now at 2/day: (50 - 18) / 2 = 16 days, on day 20 (2026-01-25): a pass.
    const day4 = await synthOn(4);
    expect(day4.status).toBe(0);
    expect(day4.report.findings[0]).toMatchObject({ status: 'pass', observed: 16 });
    // Day 6: 22 now: (50 - 22) / 2 = 14 days: still a pass. Day 7: 24 now: 13 days: stopped.
    await synthOn(5);
    expect((await synthOn(6)).report.findings[0]).toMatchObject({ status: 'pass', observed: 14 });
    const day7 = await synthOn(7);
    expect(day7.status).not.toBe(0);
    expect(day7.stderr).toContain('gate violation: rule instances-runway (gate workers/quota)');
    expect(day7.stderr).toContain(
      'at +2/day (8 points over 7 days), qingcloud instances reaches its limit 50 on 2026-01-25, in 13 days: sooner than the 14 days wanted.',
    );
    const finding = day7.report.findings[0];
    expect(finding).toMatchObject({ status: 'fail', level: 'error', observed: 13 });
    expect(finding.runway).toMatchObject({ projectedAt: at(20), ratePerDay: 2 });
    expect(finding.runway!.points).toHaveLength(8);
    // The pipeline's check step says so too.
    const check = spawnSync(process.execPath, [path.join(root, 'lib', 'cli', 'main.js'), 'check', '--format', 'summary'], { cwd: project, encoding: 'utf8' });
    expect(check.status).toBe(2);
  });
});
