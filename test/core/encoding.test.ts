import { compareBytes } from '../../src/core/encoding';

describe('compareBytes', () => {
  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    expect(compareBytes('B', 'a')).toBe(-1); // 0x42 < 0x61
    expect(compareBytes('a', 'a')).toBe(0);
    expect(compareBytes('ab', 'a')).toBe(1);
    expect(compareBytes('', 'a')).toBe(-1);
    // U+FFFF is EF BF BF, U+1F600 is F0 9F 98 80: bytes put the astral character last,
    // although its first UTF-16 code unit (0xD83D) is below 0xFFFF.
    expect(compareBytes('\uffff', '\u{1f600}')).toBe(-1);
    expect(compareBytes('x\u{1f600}', 'x\uffff')).toBe(1);
  });

  it('agrees with comparing the encoded bytes, for ASCII, BMP, astral characters and lone surrogates', () => {
    const pieces = [
      '',
      'a',
      'b',
      'A',
      'z',
      '~',
      '_',
      '-',
      '.',
      '%',
      ' ',
      'é',
      'ÿ',
      'ā',
      '中',
      '\ud7ff',
      '\ue000',
      '\uffff',
      '\u{1f600}',
      '\u{10ffff}',
      '\ud83d',
      '\ude00',
      '\ufffd',
    ];
    const strings = new Set<string>();
    for (const x of pieces) for (const y of pieces) for (const z of ['', 'a', '\ud83d', '\u{1f600}']) strings.add(x + y + z);
    const list = [...strings];
    let checked = 0;
    for (const a of list) {
      for (const b of list) {
        const bytes = Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
        if (compareBytes(a, b) !== bytes)
          throw new Error(`compareBytes(${JSON.stringify(a)}, ${JSON.stringify(b)}) is ${compareBytes(a, b)}, bytes say ${bytes}`);
        checked++;
      }
    }
    expect(checked).toBe(list.length ** 2);
  });
});
