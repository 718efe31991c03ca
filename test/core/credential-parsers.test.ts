// The YAML and INI readers of the clouds' credential files. The files' own readers in the
// clouds' tests (qingcloud, huaweicloud) show the same rules through the credential chains.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseIniCredentials, parseYamlCredentials } from '../../src/core/credential-parsers';
import { CredentialsError } from '../../src/core/errors';
import { thrownBy } from '../_helpers/rejection';

const FILE = '/home/me/.cli/config';

describe('parseYamlCredentials', () => {
  it('undoes quotes and escapes: "a\\"b" is a"b, as YAML (and the QingCloud CLI) read it', () => {
    const y = parseYamlCredentials(['a: "a\\"b"', "b: 'it''s'", 'c: "tab\\tand \\\\ backslash"', "d: 'a\\\"b'", 'e: "x: y"'].join('\n'), FILE);
    expect({ ...y }).toEqual({ a: 'a"b', b: "it's", c: 'tab\tand \\ backslash', d: 'a\\"b', e: 'x: y' });
  });

  it('keeps a plain value as written: numbers and booleans stay their text', () => {
    const y = parseYamlCredentials(['port: 443', 'secret: 0123', 'flag: true', 'exp: 1.0e+3', 'hex: 0x1F'].join('\n'), FILE);
    expect({ ...y }).toEqual({ port: '443', secret: '0123', flag: 'true', exp: '1.0e+3', hex: '0x1F' });
  });

  // Secrets may hold # and ;. YAML (and so the QingCloud CLI, which reads this file with a
  // YAML library) starts a comment only at a # after a space; the old hand-written reader
  // did the same, so nothing changes for a file that worked.
  it('drops a comment after a space, and keeps # or ; inside a value', () => {
    const y = parseYamlCredentials(['a: abc#def', 'b: abc # a comment', 'c: abc;def', 'd: abc ; def', "e: 'abc # def'", '# f: commented out'].join('\n'), FILE);
    expect({ ...y }).toEqual({ a: 'abc#def', b: 'abc', c: 'abc;def', d: 'abc ; def', e: 'abc # def' });
  });

  it('leaves out empty and null values and nested ones; a repeated key keeps its last value', () => {
    const y = parseYamlCredentials(
      ['empty:', 'nul: null', 'tilde: ~', 'list: [1, 2]', 'map:', '  inner: x', 'twice: first', 'twice: second', 'gone: here', 'gone:'].join('\n'),
      FILE,
    );
    expect({ ...y }).toEqual({ twice: 'second' });
  });

  it('reads an empty file, or one of comments only, as no keys', () => {
    expect({ ...parseYamlCredentials('', FILE) }).toEqual({});
    expect({ ...parseYamlCredentials('# nothing yet\n\n', FILE) }).toEqual({});
  });

  it('refuses a file that is not YAML with the file, line, column and what is wrong, never the text', () => {
    const cases: Array<[string, string]> = [
      ['zone: pek3\nqy_secret_access_key: "SECRET-unterminated\n', 'line 3, column 1: a quote or bracket opened before here is not closed (MISSING_CHAR)'],
      ['zone: pek3\nqy_secret_access_key: SECRET: value\n', 'line 2, column 23: a value holds ": " (put the value in quotes) (BLOCK_AS_IMPLICIT_KEY)'],
      ['zone: pek3\n\tqy_secret_access_key: SECRET\n', 'line 2, column 1: a tab indents the line (YAML indents with spaces) (TAB_AS_INDENT)'],
    ];
    for (const [text, where] of cases) {
      const err = thrownBy(() => parseYamlCredentials(text, FILE));
      expect(err).toBeInstanceOf(CredentialsError);
      expect(err.code).toBe('HEADROOM_CREDENTIALS');
      expect(err.message).toBe(
        `${FILE} is not valid YAML: ${where}. Fix the file; a value with special characters goes in quotes ('like this', with a ' inside written '').`,
      );
      expect(err.message).not.toContain('SECRET');
    }
  });

  it('refuses a file that holds a list or a single value rather than keys', () => {
    expect(thrownBy(() => parseYamlCredentials('# keys\n- SECRET\n- b\n', FILE)).message).toBe(
      `${FILE} is not a YAML mapping of \`key: value\` lines: it holds a list (from line 2). Fix the file.`,
    );
    const single = thrownBy(() => parseYamlCredentials('SECRET', FILE));
    expect(single).toBeInstanceOf(CredentialsError);
    expect(single.message).toBe(`${FILE} is not a YAML mapping of \`key: value\` lines: it holds a single value (from line 1). Fix the file.`);
  });
});

describe('parseIniCredentials', () => {
  it('reads sections, and undoes quotes and escapes: "a\\"b" is a"b', () => {
    const ini = parseIniCredentials(
      [
        '; a comment',
        '# another',
        'top = before any section',
        '[basic]',
        'ak = AK1',
        'sk = "a\\"b"',
        "token = 'single'",
        'eq = abc==',
        '[global]',
        'ak=G',
      ].join('\n'),
      FILE,
    );
    expect(JSON.parse(JSON.stringify(ini))).toEqual({
      '': { top: 'before any section' },
      basic: { ak: 'AK1', sk: 'a"b', token: 'single', eq: 'abc==' },
      global: { ak: 'G' },
    });
  });

  // The decision for ; and # in a value. The old hand-written reader kept everything after
  // the = (so `sk = abc ; old key` gave the secret "abc ; old key"). The `ini` package ends a
  // value at the first ; or #, as Huawei Cloud's Go SDK (go-ini) does; its Python SDK
  // (configparser) keeps them. After a space, a comment is what a user means (and what YAML
  // and most INI readers do); inside a word it is most likely part of a secret, and cutting
  // it would fail only later, as a signature the cloud refuses: refused, with the fix.
  it('drops a comment after a space; quoted or escaped, a ; or # stays in the value', () => {
    const ini = parseIniCredentials(['[basic]', 'a = abc ; old key', 'b = abc # note', 'c = "abc;def"', "d = 'abc#def'", 'e = abc\\;def'].join('\n'), FILE);
    expect({ ...ini.basic }).toEqual({ a: 'abc', b: 'abc', c: 'abc;def', d: 'abc#def', e: 'abc;def' });
  });

  it('refuses a ; or # inside an unquoted value, naming the file, line and key, never the value', () => {
    for (const [line, ch] of [
      ['sk = SECRET;tail', ';'],
      ['sk = SECRET#tail', '#'],
    ]) {
      const err = thrownBy(() => parseIniCredentials(`[basic]\nak = AK1\n${line}\n`, FILE));
      expect(err).toBeInstanceOf(CredentialsError);
      expect(err.message).toBe(
        `${FILE} line 3: the value of sk holds a "${ch}" right after other text (the value is not shown). ` +
          'INI parsers disagree about it: some end the value there, as at a comment, some keep it. ' +
          `If it is part of the value, put the value in double quotes (sk = "..."); if a comment was meant, put a space before the "${ch}".`,
      );
      expect(err.message).not.toContain('SECRET');
    }
  });

  // `ini` reads `sk = "abc" ; note` as the text `"abc"`, quotes and all: a secret that fails
  // only later, as a signature the cloud refuses. go-ini (Huawei Cloud's Go SDK) drops the
  // comment and then the quotes; so do we. Other text after the closing quote is refused.
  it('drops a comment after a quoted value, and reads the value inside the quotes', () => {
    const ini = parseIniCredentials(['[basic]', 'a = "abc;def" ; new key', "b = 'abc#def' # note", 'c = "a\\"b" ;x', 'd = "abc"'].join('\n'), FILE);
    expect({ ...ini.basic }).toEqual({ a: 'abc;def', b: 'abc#def', c: 'a"b', d: 'abc' });
  });

  it('refuses text after a quoted value that is not a comment, naming the file, line and key, never the value', () => {
    for (const line of ['sk = "SECRET"tail', 'sk = "SECRET" tail', "sk = 'SECRET';tail"]) {
      const err = thrownBy(() => parseIniCredentials(`[basic]\nak = AK1\n${line}\n`, FILE));
      expect(err).toBeInstanceOf(CredentialsError);
      expect(err.message).toBe(
        `${FILE} line 3: the value of sk has text after its closing quote (the value is not shown). ` +
          'Put the whole value in the quotes (sk = "..."), and a comment after a space and a ";" or "#".',
      );
      expect(err.message).not.toContain('SECRET');
    }
  });

  it('leaves out keys without a value, and values the ini package reads as booleans or null', () => {
    const ini = parseIniCredentials(['[basic]', 'ak = AK1', 'flag', 'on = true', 'off = false', 'nothing = null', 'list[] = x', 'empty ='].join('\n'), FILE);
    expect({ ...ini.basic }).toEqual({ ak: 'AK1', empty: '' });
  });

  it('merges a repeated section; a repeated key keeps its last value', () => {
    const ini = parseIniCredentials(['[basic]', 'ak = first', 'sk = s', '[global]', 'ak = g', '[basic]', 'ak = second'].join('\n'), FILE);
    expect({ ...ini.basic }).toEqual({ ak: 'second', sk: 's' });
  });
});

it('loads yaml and ini only when a file of their format is read', () => {
  const parsers = path.resolve(__dirname, '../../lib/core/credential-parsers.js');
  const lib = path.resolve(__dirname, '../../lib/index.js');
  const script = `
    const loaded = (name) => Object.keys(require.cache).some((k) => k.includes(require('path').join('node_modules', name, '')));
    const state = () => ({ yaml: loaded('yaml'), ini: loaded('ini') });
    require(${JSON.stringify(lib)});
    const p = require(${JSON.stringify(parsers)});
    const seen = [state()];
    p.parseYamlCredentials('a: b', 'f');
    seen.push(state());
    p.parseIniCredentials('a = b', 'f');
    seen.push(state());
    process.stdout.write(JSON.stringify(seen));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([
    { yaml: false, ini: false },
    { yaml: true, ini: false },
    { yaml: true, ini: true },
  ]);
});
