// The README's Install table states what the library brings: it must be package.json's
// dependencies, no more and no fewer, in both rows (the list went stale once: two named of seven).
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

it("the Install table's 'dependencies the library brings' are package.json's dependencies, in each row", () => {
  const table = /\| your app \| peer dependencies it provides \| dependencies the library brings \|\n\| --- \| --- \| --- \|\n((?:\|.*\|\n)+)/.exec(readme);
  expect(table).not.toBeNull();
  const rows = table![1].trim().split('\n');
  expect(rows.map((r) => r.split('|')[1].trim())).toEqual(['cdktf 0.21', 'cdktn 0.24']);
  for (const row of rows) {
    const cells = row.split('|').map((c) => c.trim());
    const brought = [...cells[3].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(brought.sort()).toEqual(Object.keys(pkg.dependencies).sort());
  }
});
