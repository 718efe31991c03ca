import { spawnSync } from 'node:child_process';

/** Set to 1 in CI (`.ci/run`): a tool a test needs that is missing fails the test instead of skipping it. */
export const REQUIRE_TOOLS_ENV = 'HEADROOM_REQUIRE_TOOLS';

/**
 * What a skipped test's (or describe's) name ends with: `[skipped: why]`. The summary
 * reporter (scripts/jest-summary-reporter.js) finds it and prints one line per reason at the
 * very end of the run, after jest's own summary, where a full `npm test` cannot bury it.
 */
export function skippedName(name: string, why: string): string {
  return `${name} [skipped: ${why}]`;
}

/** Whether `command --version`-style `args` runs and exits 0. */
export function toolRuns(command: string, args: string[] = ['version']): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return r.error === undefined && r.status === 0;
}

/**
 * `it` when the tool is there. When it is not: a loud skip, or, with
 * `HEADROOM_REQUIRE_TOOLS=1`, a test that fails saying what is missing.
 */
export function itWithTool(tool: string, available: boolean): jest.It {
  if (available) return it;
  if (process.env[REQUIRE_TOOLS_ENV] === '1') {
    const failing = ((name: string) =>
      it(name, () => {
        throw new Error(`${tool} is not on the PATH, and ${REQUIRE_TOOLS_ENV}=1 says this run must not skip tests that need it. Install ${tool}.`);
      })) as unknown as jest.It;
    return failing;
  }
  const why = `${tool} is not on the PATH`;
  console.warn(`\n!!! SKIPPED: ${why}, so the tests that need it are skipped. Set ${REQUIRE_TOOLS_ENV}=1 to make this a failure.\n`);
  const skipped = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) => it.skip(skippedName(name, why), fn, timeout)) as unknown as jest.It;
  return skipped;
}
