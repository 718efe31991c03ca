// A test skipped for a missing tool says so in the closing lines of the run (where `npm test`
// leaves the reader), not only in a console.warn scrolled away among hundreds of files; and
// HEADROOM_REQUIRE_TOOLS=1 turns the skip into a failure. Runs jest in a child process, with
// the reporters of this repository's jest.config.js (what `npm test` uses), on fixtures that
// need a tool no machine has: a command not on the PATH, and a chromium that is not there.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { reporters } = require(path.join(ROOT, 'jest.config.js')) as { reporters: unknown[] };

function runFixture(env: NodeJS.ProcessEnv, fixture = 'needs-a-tool'): { status: number | null; out: string; stdout: string } {
  const config = {
    rootDir: ROOT,
    roots: ['<rootDir>/test/_fixtures/loud-skip'],
    testMatch: [`**/${fixture}.fixture.ts`],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
    reporters,
  };
  const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci'], {
    cwd: ROOT,
    env: { ...env, FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  // jest writes its report to stderr; the summary reporter writes its closing lines to stdout.
  return { status: r.status, out: `${r.stderr}${r.stdout}`, stdout: r.stdout };
}

jest.setTimeout(150_000);

it('ends the run with one line naming the missing tool and how many tests it skipped', () => {
  const env = { ...process.env };
  delete env.HEADROOM_REQUIRE_TOOLS;
  const r = runFixture(env);
  expect(r.status).toBe(0);
  // Beside jest's own closing summary ("Tests: 1 skipped, 1 passed"), which names no reason.
  expect(r.out).toMatch(/Tests: +1 skipped, 1 passed, 2 total/);
  expect(r.stdout.trimEnd().split('\n').slice(-2)).toEqual([
    'jest: 1 passed, 0 failed, 1 skipped',
    'jest: SKIPPED 1 test: no-such-tool-for-the-skip-test is not on the PATH. Set HEADROOM_REQUIRE_TOOLS=1 to make this a failure.',
  ]);
});

it('fails instead with HEADROOM_REQUIRE_TOOLS=1', () => {
  const r = runFixture({ ...process.env, HEADROOM_REQUIRE_TOOLS: '1' });
  expect(r.status).toBe(1);
  expect(r.out).toContain('no-such-tool-for-the-skip-test is not on the PATH, and HEADROOM_REQUIRE_TOOLS=1 says this run must not skip tests that need it.');
  expect(r.stdout.trimEnd().split('\n').slice(-1)).toEqual(['jest: 1 passed, 1 failed, 0 skipped']);
});

describe('the browser tests, without chromium', () => {
  const NO_BROWSER = '/nonexistent/chromium-for-the-skip-test';

  it('end the run with one line naming the missing browser, how to install it, and how many tests it skipped', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HEADROOM_CHROMIUM: NO_BROWSER };
    delete env.HEADROOM_REQUIRE_TOOLS;
    const r = runFixture(env, 'needs-chromium');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/Tests: +2 skipped, 1 passed, 3 total/);
    expect(r.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      'jest: 1 passed, 0 failed, 2 skipped',
      `jest: SKIPPED 2 tests: ${NO_BROWSER} is missing: install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\` (or set HEADROOM_CHROMIUM). Set HEADROOM_REQUIRE_TOOLS=1 to make this a failure.`,
    ]);
  });

  it('fail instead with HEADROOM_REQUIRE_TOOLS=1', () => {
    const r = runFixture({ ...process.env, HEADROOM_CHROMIUM: NO_BROWSER, HEADROOM_REQUIRE_TOOLS: '1' }, 'needs-chromium');
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${NO_BROWSER} is missing`);
    expect(r.stdout.trimEnd().split('\n').slice(-1)).toEqual(['jest: 1 passed, 1 failed, 0 skipped']);
  });
});
