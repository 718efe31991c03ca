import { spawnSync } from 'node:child_process';
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
