import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a terraform command printed, and its exit code. */
export interface TerraformRun {
  readonly code: number | null;
  /** stdout and stderr together, for messages. */
  readonly out: string;
  /** stdout alone, for `terraform show -json`. */
  readonly stdout: string;
}

/**
 * Runs the real `terraform` in `dir` as a test's own: a CLI config file in `configDir` (the
 * machine's TF_CLI_CONFIG_FILE names a file that does not exist), a data dir inside `dir`,
 * no checkpoint call, no prompts. Only built-in resources can be planned: no provider can be
 * downloaded here.
 */
export function terraformIn(dir: string, configDir: string, ...args: string[]): TerraformRun {
  const config = path.join(configDir, 'terraform.rc');
  if (!fs.existsSync(config)) fs.writeFileSync(config, 'disable_checkpoint = true\n');
  const r = spawnSync('terraform', args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: 90_000,
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: config,
      TF_IN_AUTOMATION: '1',
      TF_DATA_DIR: path.join(dir, '.terraform-data'),
      CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0',
    },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

/** What a child process's synth exited with, and what it wrote to stderr. */
export interface SynthRun {
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Runs an app (a built JavaScript entry) in `dir` as `cdktf synth` runs it: a child process
 * with `CDKTF_OUTDIR` set to `dir/cdktf.out`, the given environment over this one's.
 */
export async function synthAsCdktf(app: string, dir: string, env: Record<string, string | undefined>): Promise<SynthRun> {
  const child = spawn(process.execPath, [app], {
    cwd: dir,
    env: { ...process.env, CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}

/**
 * A planned `resource_changes` entry (as `terraform show -json` writes it) that creates
 * `qingcloud_instance.bastion`: one instance more than a stack's sizing counted.
 */
export const BASTION_INSTANCE_CHANGE = {
  address: 'qingcloud_instance.bastion',
  mode: 'managed',
  type: 'qingcloud_instance',
  name: 'bastion',
  provider_name: 'registry.terraform.io/qingcloud/qingcloud',
  change: { actions: ['create'], before: null, after: { image_id: 'centos7x64d', cpu: 1, memory: 1024 }, after_unknown: { id: true } },
};
