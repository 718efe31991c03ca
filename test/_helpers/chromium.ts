import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { skippedName } from './tools';

/** The browser the tests drive: Debian's `chromium` (`.ci/run` installs it), or `HEADROOM_CHROMIUM`. */
export const CHROMIUM_PATH = process.env.HEADROOM_CHROMIUM ?? '/usr/bin/chromium';

/** Whether a test run must have its tools: `HEADROOM_REQUIRE_TOOLS=1` (CI) turns a missing browser into a failure. */
const REQUIRED = process.env.HEADROOM_REQUIRE_TOOLS === '1';

function chromiumPresent(): boolean {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` for tests that need a real browser. Without one it skips loudly (a warning
 * naming the missing binary and how to install it); with `HEADROOM_REQUIRE_TOOLS=1` the
 * absence is a failing test instead.
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (chromiumPresent()) {
    describe(name, body);
    return;
  }
  const why = `${CHROMIUM_PATH} is missing: install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\` (or set HEADROOM_CHROMIUM)`;
  if (REQUIRED) {
    describe(name, () => {
      it('needs chromium (HEADROOM_REQUIRE_TOOLS=1)', () => {
        throw new Error(`${why}; HEADROOM_REQUIRE_TOOLS=1 makes a missing tool a failure.`);
      });
    });
    return;
  }
  console.warn(`\n!!! SKIPPED "${name}": ${why}. Set HEADROOM_REQUIRE_TOOLS=1 to make this a failure.\n`);
  describe.skip(skippedName(name, why), body);
}

/** Starts headless chromium; as root it needs `--no-sandbox`. Nothing is downloaded. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: root ? ['--no-sandbox'] : [] });
}
