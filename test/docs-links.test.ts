// Every relative link in the README, CONTRIBUTING, ARCHITECTURE and docs/ points at a file
// that exists, and every #anchor at a heading of that file (GitHub's slugs): the guides moved
// out of the README once, and a moved heading must not leave a dead link behind.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  'ARCHITECTURE.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

it.each(pages)('%s links only to files and headings that exist', (page) => {
  const text = fs.readFileSync(path.join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  const dead: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    const [file, anchor] = target.split('#');
    const resolved = file === '' ? path.join(root, page) : path.join(root, path.dirname(page), file);
    if (!fs.existsSync(resolved)) dead.push(`${target} (no ${path.relative(root, resolved)})`);
    else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) dead.push(`${target} (no heading #${anchor})`);
  }
  expect(dead).toEqual([]);
});
