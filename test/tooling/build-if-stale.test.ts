// The jest global setup rebuilds lib/ when src/ is newer, so tests never run stale
// compiled code (workers and child processes run lib/). Its staleness check, on a small
// tree of its own with set file times.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleBuilds } = require('../_helpers/build-if-stale') as { staleBuilds(root: string): { libStale: boolean; examplesStale: boolean } };

describe('build-if-stale (jest global setup)', () => {
  let root: string;
  const at = (rel: string, seconds: number): void => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, '');
    fs.utimesSync(file, seconds, seconds);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-stale-'));
    at('tsconfig.json', 100);
    at('tsconfig.build.json', 100);
    at('examples/tsconfig.json', 100);
    at('src/index.ts', 200);
    at('src/core/transport.ts', 200);
    at('lib/index.js', 300);
    at('examples/quota-aware/main.ts', 200);
    at('examples/quota-aware/main.js', 300);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a fresh build is left alone', () => {
    expect(staleBuilds(root)).toEqual({ libStale: false, examplesStale: false });
  });

  it('an edit in a nested src/ file makes lib/ stale', () => {
    at('src/core/transport.ts', 400);
    expect(staleBuilds(root)).toEqual({ libStale: true, examplesStale: false });
  });

  it('a new src/ file, or a changed tsconfig, makes lib/ stale', () => {
    at('src/lookups/registry.ts', 301);
    expect(staleBuilds(root).libStale).toBe(true);
    fs.rmSync(path.join(root, 'src/lookups/registry.ts'));
    at('tsconfig.build.json', 301);
    expect(staleBuilds(root).libStale).toBe(true);
  });

  it('no lib/ at all is stale', () => {
    fs.rmSync(path.join(root, 'lib'), { recursive: true });
    expect(staleBuilds(root).libStale).toBe(true);
  });

  it("an edited example's main.ts makes the examples stale", () => {
    at('examples/quota-aware/main.ts', 400);
    expect(staleBuilds(root)).toEqual({ libStale: false, examplesStale: true });
  });
});
