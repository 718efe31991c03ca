// The two text formats cloud CLIs and SDKs write their credential files in, read with
// well-kept parsers (`yaml`, `ini`), each loaded only when a file of its format is read:
// most apps never have one. Values come back as the text the user wrote (quotes and
// escapes undone), never as numbers or booleans: `0123` stays `0123` in a secret.
// Errors name the file, the line and what is wrong there, never the text of the line,
// which may be a secret.
import type * as YamlModule from 'yaml';
import { CredentialsError } from './errors';

/** What each `yaml` error code means, in words a user can act on; the library's own messages may quote the file. */
const YAML_PROBLEMS: Readonly<Record<string, string>> = {
  MISSING_CHAR: 'a quote or bracket opened before here is not closed',
  TAB_AS_INDENT: 'a tab indents the line (YAML indents with spaces)',
  BAD_INDENT: 'the line is indented where no indentation is allowed',
  BLOCK_AS_IMPLICIT_KEY: 'a value holds ": " (put the value in quotes)',
  MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a "---" line)',
  UNEXPECTED_TOKEN: 'unexpected text (is the line indented, or does a value start with a quote it does not end with?)',
};

/**
 * Reads a credential file written as YAML `key: value` lines (`~/.qingcloud/config.yaml`)
 * into its top-level keys and their values as written: quoted values are unquoted and
 * their escapes undone (`"a\"b"` is `a"b`, `'it''s'` is `it's`), a plain value is kept as
 * its text (`0123`, `true` and `1e3` stay strings, as the vendors' Go SDKs read them into
 * strings), a comment after a space is dropped (`abc #x` is `abc`, `abc#x` is `abc#x`).
 * A key without a value, or with `null` or `~`, is left out; a key given twice keeps its
 * last value; nested lists and maps are left out (no credential file has them).
 *
 * @param file the file's path, for errors
 * @throws CredentialsError naming the file, the line and column, and what is wrong there
 *   when the text is not YAML or is not a mapping of keys; never the text itself
 */
export function parseYamlCredentials(text: string, file: string): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml') as typeof YamlModule;
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  const problem = doc.errors[0];
  if (problem) {
    const { line, col } = lines.linePos(problem.pos[0]);
    throw new CredentialsError(
      `${file} is not valid YAML: line ${line}, column ${col}: ${YAML_PROBLEMS[problem.code] ?? 'the text there is not YAML'} (${problem.code}). ` +
        "Fix the file; a value with special characters goes in quotes ('like this', with a ' inside written '').",
    );
  }
  const top = doc.contents;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (top === null) return out; // empty, or only comments
  if (!yaml.isMap(top)) {
    const { line } = lines.linePos(top.range?.[0] ?? 0);
    throw new CredentialsError(
      `${file} is not a YAML mapping of \`key: value\` lines: it holds ${yaml.isSeq(top) ? 'a list' : 'a single value'} (from line ${line}). Fix the file.`,
    );
  }
  for (const pair of top.items) {
    if (!yaml.isScalar(pair.key)) continue;
    const key = scalarText(pair.key);
    if (key === undefined) continue;
    const value = yaml.isScalar(pair.value) ? scalarText(pair.value) : undefined;
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** A scalar as the user wrote it: a plain one's source text (undefined for null), a quoted or block one's string. */
function scalarText(node: YamlModule.Scalar): string | undefined {
  if (node.type === 'PLAIN' || node.type === undefined) {
    if (node.value === null) return undefined;
    return node.source ?? String(node.value);
  }
  return typeof node.value === 'string' ? node.value : undefined;
}

/**
 * Reads a credential file written as INI (`~/.huaweicloud/credentials`) into sections of
 * keys and their values as written: `[section]` lines, `key = value` lines, `;` and `#`
 * comment lines; a double-quoted value is read as a JSON string (`"a\"b"` is `a"b`), a
 * single-quoted one is unquoted. Keys before the first section are in the section `''`;
 * a section given twice is merged, a key given twice keeps its last value.
 *
 * A `;` or `#` after a space starts a comment (`sk = abc ; old key` is `abc`). One inside
 * a word (`abc;def`) is refused rather than guessed: the INI parsers disagree about it
 * (Huawei Cloud's Go SDK and the `ini` package end the value there, its Python SDK keeps
 * it), and a secret cut short fails only later, as a signature the cloud refuses. Quote
 * such a value (`sk = "abc;def"`) or escape it (`abc\;def`). A comment may follow a
 * quoted value (`sk = "abc;def" ; new key` is `abc;def`); other text after the closing
 * quote is refused.
 *
 * A key without `=`, or whose value is `true`, `false` or `null` (which the `ini` package
 * reads as such), is left out, as are dotted sections' subsections and `key[]` lists.
 *
 * @param file the file's path, for errors
 * @throws CredentialsError naming the file, the line and the key for a `;` or `#` inside a
 *   value; never the value
 */
export function parseIniCredentials(text: string, file: string): Record<string, Record<string, string>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ini = require('ini') as typeof import('ini');
  const decoded = ini.decode(prepareIni(text, file)) as Record<string, unknown>;
  const out: Record<string, Record<string, string>> = Object.create(null) as Record<string, Record<string, string>>;
  for (const [name, entry] of Object.entries(decoded)) {
    if (typeof entry === 'string') (out[''] ??= Object.create(null) as Record<string, string>)[name] = entry;
    else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const section = (out[name] ??= Object.create(null) as Record<string, string>);
      for (const [key, value] of Object.entries(entry)) if (typeof value === 'string') section[key] = value;
    }
  }
  return out;
}

/**
 * The text `ini` should read: a comment after a quoted value's closing quote is dropped
 * (`sk = "abc" ; note` is `abc`, as Huawei Cloud's Go SDK reads it; `ini` would keep the
 * quotes and the comment), and a `;` or `#` right after other text in an unquoted value is
 * refused (see {@link parseIniCredentials}).
 */
function prepareIni(text: string, file: string): string {
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value[0] === '"' || value[0] === "'") {
      const end = closingQuote(value);
      const rest = end < 0 ? '' : value.slice(end + 1);
      if (end < 0 || rest === '') continue; // unclosed, or the whole value quoted: as `ini` reads it
      if (!/^\s+[;#]/.test(rest)) {
        throw new CredentialsError(
          `${file} line ${i + 1}: the value of ${key} has text after its closing quote (the value is not shown). ` +
            `Put the whole value in the quotes (${key} = "..."), and a comment after a space and a ";" or "#".`,
        );
      }
      lines[i] = `${key} = ${value.slice(0, end + 1)}`;
      continue;
    }
    const at = /(?<=[^\s\\])[;#]/.exec(value);
    if (!at) continue;
    throw new CredentialsError(
      `${file} line ${i + 1}: the value of ${key} holds a "${at[0]}" right after other text (the value is not shown). ` +
        `INI parsers disagree about it: some end the value there, as at a comment, some keep it. ` +
        `If it is part of the value, put the value in double quotes (${key} = "..."); if a comment was meant, put a space before the "${at[0]}".`,
    );
  }
  return lines.join('\n');
}

/** Where a value that opens with a quote closes it (a double-quoted one's `\"` does not), or -1. */
function closingQuote(value: string): number {
  const quote = value[0];
  for (let i = 1; i < value.length; i++) {
    if (quote === '"' && value[i] === '\\') i++;
    else if (value[i] === quote) return i;
  }
  return -1;
}
