// test/ mirrors src/ by path (CONTRIBUTING.md, "Where a test goes"): a test file sits in the
// test folder of the src folder whose code it tests, or in one of the documented folders
// that test no one src folder. A file named `<module>.<aspect>.test.ts` claims a module:
// src/<folder>/<module>.ts must exist. Read from the real trees, so the layout stays true.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** The test folders that mirror no src folder, each documented in CONTRIBUTING.md. */
const CROSS_CUTTING = ['_helpers', '_fixtures', 'examples', 'packaging', 'tooling'];

/** Every file under `dir`, as paths relative to it with `/` separators. */
function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) return filesUnder(path.join(dir, e.name), rel);
    return e.isFile() ? [rel] : [];
  });
}

/** What is out of place in a tree with `src/` and `test/`: one line per test file, saying why. */
function misplacedTests(root: string): string[] {
  const src = new Set(filesUnder(path.join(root, 'src')).filter((f) => f.endsWith('.ts')));
  // Every folder of src/ ('.' is src/ itself), those that hold only folders (src/clouds/) too.
  const srcFolders = new Set<string>(['.']);
  for (const f of src) for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) srcFolders.add(d);
  const problems: string[] = [];
  for (const file of filesUnder(path.join(root, 'test')).filter((f) => f.endsWith('.test.ts'))) {
    const folder = path.posix.dirname(file);
    if (CROSS_CUTTING.includes(file.split('/')[0])) continue;
    if (!srcFolders.has(folder)) {
      problems.push(`test/${file}: test/${folder}/ mirrors no src folder (src/${folder}/ does not exist)`);
      continue;
    }
    const [module, ...aspect] = path.posix.basename(file, '.test.ts').split('.');
    if (aspect.length > 0 && !src.has(path.posix.join(folder, `${module}.ts`))) {
      problems.push(`test/${file}: named for a module, but src/${path.posix.join(folder, module)}.ts does not exist`);
    }
  }
  return problems;
}

describe('test/ mirrors src/', () => {
  it('every test file sits in the test folder of a src folder, or in a documented cross-cutting folder', () => {
    const tests = filesUnder(path.join(ROOT, 'test')).filter((f) => f.endsWith('.test.ts'));
    expect(tests.length).toBeGreaterThan(100); // the real tree was read
    expect(tests).toContain('tooling/test-layout.test.ts');
    expect(misplacedTests(ROOT)).toEqual([]);
  });

  it('each cross-cutting folder exists and CONTRIBUTING.md names it', () => {
    const contributing = fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');
    for (const folder of CROSS_CUTTING) {
      expect(fs.statSync(path.join(ROOT, 'test', folder)).isDirectory()).toBe(true);
      expect(contributing).toContain(`test/${folder}/`);
    }
  });

  describe('on a tree of its own', () => {
    let root: string;
    const write = (rel: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), '');
    };
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-layout-'));
      write('src/index.ts');
      write('src/lookups/key.ts');
      write('src/lookups/batch/engine.ts');
      write('src/clouds/ucloud/signer.ts');
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('passes a mirrored tree: module tests, aspects, behaviour-named tests, cross-cutting folders', () => {
      write('test/docs-links.test.ts');
      write('test/lookups/key.test.ts');
      write('test/lookups/lookup-modes.test.ts');
      write('test/lookups/batch/engine.test.ts');
      write('test/lookups/batch/engine.modes.test.ts');
      write('test/clouds/held-share.test.ts');
      write('test/tooling/anything.test.ts');
      write('test/_helpers/fake-cloud.ts');
      expect(misplacedTests(root)).toEqual([]);
    });

    it('names a test in a folder that mirrors no src folder, and a module name with no module', () => {
      write('test/lookups/batch/engine.test.ts');
      write('test/lookups/record/file.test.ts');
      write('test/misc/odd.test.ts');
      write('test/lookups/batch/handle.offline.test.ts');
      expect(misplacedTests(root).sort()).toEqual([
        'test/lookups/batch/handle.offline.test.ts: named for a module, but src/lookups/batch/handle.ts does not exist',
        'test/lookups/record/file.test.ts: test/lookups/record/ mirrors no src folder (src/lookups/record/ does not exist)',
        'test/misc/odd.test.ts: test/misc/ mirrors no src folder (src/misc/ does not exist)',
      ]);
    });
  });
});
