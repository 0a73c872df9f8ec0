import { describe, expect, it } from 'vitest';
import { detectDelimiter, type RawRecord, readDelimited, splitQuotedLine } from '../../src/core/csv.js';
import { openSource } from '../../src/core/source.js';
import { sliceReader } from '../helpers-stream.js';

const enc = new TextEncoder();
function read(text: string): { records: RawRecord[]; delimiter: string; sepLine: boolean } {
  const records: RawRecord[] = [];
  const info = readDelimited(enc.encode(text), (r) => records.push(r));
  return { records, ...info };
}
const lines = (text: string) => read(text).records.map((r) => [r.line, r.cells] as const);

describe('readDelimited: physical start lines', () => {
  it.each([
    { name: 'LF', text: 'a,b\nc,d\ne,f\n', expected: [1, 2, 3] },
    { name: 'CRLF', text: 'a,b\r\nc,d\r\ne,f\r\n', expected: [1, 2, 3] },
    { name: 'CR only (old Mac Excel)', text: 'a,b\rc,d\re,f', expected: [1, 2, 3] },
    { name: 'mixed endings (D03)', text: 'a,b\r\nc,d\ne,f\rg,h\n', expected: [1, 2, 3, 4] },
    { name: 'quoted LF (D04)', text: 'a,b\n"x\ny",1\nz,2\n', expected: [1, 2, 4] },
    {
      name: 'quoted CRLF counted once (STACK trap)',
      text: 'a,b\r\n"x\r\ny",1\r\nz,2\r\n',
      expected: [1, 2, 4],
    },
    { name: 'two quoted breaks', text: 'a,b\n"1\n2\n3",x\nz,2\n', expected: [1, 2, 5] },
    { name: 'blank line kept as a record', text: 'a,b\n\nc,d\n', expected: [1, 2, 3] },
    { name: 'no final newline', text: 'a,b\nc,d', expected: [1, 2] },
  ])('$name', ({ text, expected }) => {
    expect(read(text).records.map((r) => r.line)).toEqual(expected);
  });

  it('keeps multi-byte characters and counts lines after them', () => {
    expect(lines('name,x\n"Zoë\nO’Brien",1\nSiân,2\n')).toEqual([
      [1, ['name', 'x']],
      [2, ['Zoë\nO’Brien', '1']],
      [4, ['Siân', '2']],
    ]);
  });
});

describe('readDelimited: delimiters', () => {
  it.each([
    { name: 'comma', text: 'a,b;c\n1,2;3\n', delimiter: ',', first: ['a', 'b;c'] },
    { name: 'semicolon (D01)', text: 'a;b;c\n1;2;3\n', delimiter: ';', first: ['a', 'b', 'c'] },
    { name: 'tab', text: 'a\tb\tc\n1\t2\t3\n', delimiter: '\t', first: ['a', 'b', 'c'] },
  ])('$name', ({ text, delimiter, first }) => {
    const r = read(text);
    expect(r.delimiter).toBe(delimiter);
    expect(r.records[0]!.cells).toEqual(first);
  });

  it('uses and removes an Excel sep= line, keeping line numbers physical (D02)', () => {
    const r = read('sep=;\r\na;b\r\n1;2\r\n');
    expect(r.sepLine).toBe(true);
    expect(r.delimiter).toBe(';');
    expect(r.records.map((x) => [x.line, x.cells])).toEqual([
      [2, ['a', 'b']],
      [3, ['1', '2']],
    ]);
  });
});

describe('readDelimited: malformed input never stops the read', () => {
  it('reports an unclosed quote on the line where it starts and reads on (D05)', () => {
    const r = read('a,b\nc,d\n"e,f\ng,h\n');
    expect(r.records.map((x) => [x.line, x.malformed ?? null])).toEqual([
      [1, null],
      [2, null],
      [3, 'unclosed-quote'],
      [4, null],
    ]);
    expect(r.records[2]!.cells).toEqual(['"e', 'f']);
    expect(r.records[3]!.cells).toEqual(['g', 'h']);
  });

  it('accepts a stray quote inside an unquoted value (D06)', () => {
    expect(lines('a,b\nO"Brien,x\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['O"Brien', 'x']],
    ]);
  });

  it('refuses a record over the size limit without losing the next line (D09)', () => {
    const huge = 'x'.repeat((1 << 20) + 10);
    const r = read(`a,b\n${huge},1\nc,d\n`);
    expect(r.records.map((x) => [x.line, x.malformed ?? null])).toEqual([
      [1, null],
      [2, 'too-large'],
      [3, null],
    ]);
  });

  it('keeps rows of only separators and trailing commas as cells (D07)', () => {
    expect(lines('a,b,,\n1,2,,\n,,,\n')).toEqual([
      [1, ['a', 'b', '', '']],
      [2, ['1', '2', '', '']],
      [3, ['', '', '', '']],
    ]);
  });
});

describe('detectDelimiter across title rows', () => {
  it.each([
    {
      name: 'a title row above a semicolon file',
      text: 'Staff list for March\n\na;b;c\n1;2;3\n4;5;6\n',
      delimiter: ';',
    },
    {
      name: 'a title with commas above a semicolon file',
      text: 'Larkspur, March 2026\na;b;c\n1;2;3\n',
      delimiter: ';',
    },
    { name: 'tabs inside quoted cells do not outvote commas', text: 'h0,h1\n,"\t\t\t"\n', delimiter: ',' },
    { name: 'a tab file', text: 'a\tb\tc\n1\t2\t3\n', delimiter: '\t' },
  ])('$name', ({ text, delimiter }) => {
    expect(read(text).delimiter).toBe(delimiter);
  });
});

describe('splitQuotedLine: regular quoting read without csv-parse, anything else left to it', () => {
  it.each([
    ['"Care Assistant, Nights",x', ['Care Assistant, Nights', 'x']],
    ['a,"b ""the boss"" c",d', ['a', 'b "the boss" c', 'd']],
    ['"",""', ['', '']],
    ['"a",', ['a', '']],
    ['x,"y"', ['x', 'y']],
    ['"""",z', ['"', 'z']],
    ['"Siân O\'Brien";07912', ["Siân O'Brien", '07912'], ';'],
  ])('%j → %j', (line, cells, delimiter = ',') => {
    expect(splitQuotedLine(line, delimiter)).toEqual(cells);
  });
  it.each([['"never closed,x'], ['"a"b,c'], ['ab"c,d'], [' "a",b'], ['"a" ,b']])(
    '%j is left to csv-parse',
    (line) => {
      expect(splitQuotedLine(line, ',')).toBeUndefined();
    },
  );
});

describe('readDelimited from a reader', () => {
  it('closes the reader when its first read fails, and passes the error on', () => {
    let closed = false;
    const reader = {
      read(): number {
        throw new Error('disk gone');
      },
      close() {
        closed = true;
      },
    };
    expect(() => readDelimited(reader, () => {})).toThrow('disk gone');
    expect(closed).toBe(true);
  });

  it('starts after an Excel sep= line longer than the window', () => {
    const bytes = enc.encode('sep=;\r\nsite_ods_code;first_name\r\nVX1;Siân\r\n');
    const expected: RawRecord[] = [];
    readDelimited(bytes, (r) => expected.push(r));
    for (let window = 1; window <= 9; window++) {
      const got: RawRecord[] = [];
      readDelimited(sliceReader(bytes, [2]), (r) => got.push(r), {
        window,
        detected: detectDelimiter(bytes),
      });
      expect(got).toEqual(expected);
    }
    expect(expected.map((r) => r.line)).toEqual([2, 3]);
  });

  it('reads old Mac (CR-only) line ends without holding the file to find an LF', () => {
    const line = 'VX1,Siân,O’Brien,Carer\r';
    const bytes = enc.encode(line.repeat(20_000));
    let largest = 0;
    const inner = sliceReader(bytes, [4096]);
    const reader = {
      read(into: Uint8Array) {
        largest = Math.max(largest, into.length);
        return inner.read(into);
      },
      close: () => inner.close(),
    };
    const fromReader: RawRecord[] = [];
    readDelimited(reader, (r) => fromReader.push(r), { window: 1 << 16, detected: detectDelimiter(bytes) });
    const fromBytes: RawRecord[] = [];
    readDelimited(bytes, (r) => fromBytes.push(r));
    expect(fromReader).toEqual(fromBytes);
    expect(fromReader).toHaveLength(20_000);
    expect(largest).toBeLessThanOrEqual(1 << 16);
  });
});

describe('openSource: an estimate of the lines, to size the cross-row tables once', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `VX${i},Siân,O’Brien,Carer`).join('\n');
  it.each([10, 1000, 20_000])('%i lines, in memory or read in slices', (n) => {
    const bytes = enc.encode(`site_ods_code,first_name,last_name,job_title\n${lines(n)}\n`);
    const held = openSource({ name: 's.csv', bytes }).info.estimatedLines;
    const streamed = openSource({
      name: 's.csv',
      size: bytes.length,
      open: () => sliceReader(bytes, [4096]),
    }).info.estimatedLines;
    expect(streamed).toBe(held);
    expect(held).toBeGreaterThanOrEqual(n * 0.9);
    expect(held).toBeLessThanOrEqual(n * 1.1 + 2);
  });
});
