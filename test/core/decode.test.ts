import { describe, expect, it } from 'vitest';
import {
  type DecodedSource,
  decodeHeld,
  decodeInput,
  decodeStreamed,
  type EncodingName,
} from '../../src/core/decode.js';
import { InputError } from '../../src/core/types.js';
import { sliceReader } from '../helpers-stream.js';

const text = (u8: Uint8Array) => new TextDecoder().decode(u8);
const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

function utf16(s: string, le: boolean): Uint8Array {
  const out = [le ? 0xff : 0xfe, le ? 0xfe : 0xff];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out.push(...(le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
  }
  return new Uint8Array(out);
}

describe('decodeInput', () => {
  it('strips a UTF-8 BOM (E01)', () => {
    const d = decodeInput('s.csv', bytes([0xef, 0xbb, 0xbf], 'first_name\nZoë\n'));
    expect(d.encoding).toBe('utf-8-bom');
    expect(text(d.utf8)).toBe('first_name\nZoë\n');
  });

  it('reads plain UTF-8 as it is', () => {
    const d = decodeInput('s.csv', bytes('Siân,O’Brien\n'));
    expect([d.encoding, d.fallback, text(d.utf8)]).toEqual(['utf-8', false, 'Siân,O’Brien\n']);
  });

  it('falls back to Windows-1252 with our own table, keeping ’ £ é (E02)', () => {
    // O’Brien, £5, café in Windows-1252: 0x92 is ’, 0xA3 is £, 0xE9 is é.
    const d = decodeInput('s.csv', bytes('O', [0x92], 'Brien,', [0xa3], '5,caf', [0xe9], '\n'));
    expect([d.encoding, d.fallback]).toEqual(['windows-1252', true]);
    expect(text(d.utf8)).toBe('O’Brien,£5,café\n');
  });

  it('reads Excel "Unicode Text": UTF-16LE with BOM (E03), and UTF-16BE', () => {
    expect(text(decodeInput('s.txt', utf16('a\tb\nZoë\t1\n', true)).utf8)).toBe('a\tb\nZoë\t1\n');
    const be = decodeInput('s.txt', utf16('a,b\n', false));
    expect([be.encoding, text(be.utf8)]).toEqual(['utf-16be', 'a,b\n']);
  });

  it('refuses bytes that are neither UTF-8 nor Windows-1252, naming the line (E04)', () => {
    const bad = bytes('a,b\nc,d\nx', [0x81], 'y\n');
    expect(() => decodeInput('staff.csv', bad)).toThrowError(InputError);
    expect(() => decodeInput('staff.csv', bad)).toThrowError(/staff\.csv line 3 .*0x81.*CSV UTF-8/);
  });

  it.each([
    { name: 'PDF', head: '%PDF-1.7\n', kind: /PDF/ },
    { name: 'PNG', head: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], kind: /PNG/ },
    { name: 'zip / xlsx', head: [0x50, 0x4b, 0x03, 0x04, 0x14], kind: /zip archive or Excel/ },
    { name: 'old xls', head: [0xd0, 0xcf, 0x11, 0xe0, 0xa1], kind: /\.xls/ },
    { name: 'binary with NUL', head: [0x41, 0x00, 0x42], kind: /binary/ },
  ])('refuses a $name renamed .csv as "not a text file" (E05)', ({ head, kind }) => {
    const b = typeof head === 'string' ? bytes(head) : bytes(head);
    expect(() => decodeInput('staff.csv', b)).toThrowError(/not a text file/);
    expect(() => decodeInput('staff.csv', b)).toThrowError(kind);
  });

  it('honours a forced encoding (--encoding)', () => {
    const d = decodeInput('s.csv', bytes('caf', [0xe9], '\n'), 'windows-1252');
    expect([d.encoding, d.fallback, text(d.utf8)]).toEqual(['windows-1252', false, 'café\n']);
  });
});

describe('decodeStreamed: a file read from disk in slices decodes as decodeInput does', () => {
  const readAllOf = (source: ReturnType<DecodedSource['open']>): Uint8Array => {
    if (source instanceof Uint8Array) return source;
    const parts: number[] = [];
    const slice = new Uint8Array(5);
    for (let n = source.read(slice); n > 0; n = source.read(slice)) parts.push(...slice.subarray(0, n));
    source.close();
    return new Uint8Array(parts);
  };
  const outcome = (run: () => DecodedSource) => {
    try {
      const d = run();
      return {
        encoding: d.encoding,
        fallback: d.fallback,
        text: text(readAllOf(d.open())),
        head: text(d.head),
      };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };
  const cases: [string, Uint8Array, EncodingName?][] = [
    ['plain UTF-8', bytes('Siân,O’Brien\n')],
    ['UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], 'first_name\nZoë\n')],
    ['Windows-1252', bytes('O', [0x92], 'Brien,', [0xa3], '5\n')],
    ['UTF-16LE', utf16('a\tb\nZoë\t1\n', true)],
    ['UTF-16BE', utf16('a,b\n', false)],
    ['undecodable', bytes('a,b\n', [0x81], '\n')],
    ['a PDF', bytes('%PDF-1.4\n')],
    ['empty', bytes('')],
    ['forced UTF-8, valid', bytes('Zoë\n'), 'utf-8'],
    ['forced UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], 'Zoë\n'), 'utf-8'],
    ['forced UTF-8 with two BOMs', bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'Zoë\n'), 'utf-8'],
    ['forced UTF-8 with four BOMs', bytes(...Array(4).fill([0xef, 0xbb, 0xbf]), 'Zoë\n'), 'utf-8'],
    ['two BOMs', bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'Zoë\n')],
    ['forced UTF-8, invalid', bytes('O', [0x92], 'Brien\n'), 'utf-8'],
    ['forced Windows-1252', bytes('O', [0x92], 'Brien\n'), 'windows-1252'],
    ['invalid after a UTF-8 BOM', bytes([0xef, 0xbb, 0xbf], 'O', [0x92], '\n')],
    ['invalid past the first megabyte', bytes('a'.repeat(1 << 20), [0xe9], '\n')],
  ];
  it.each(cases)('%s', (_name, input, forced) => {
    const streamed = outcome(() => decodeStreamed('s.csv', () => sliceReader(input, [3, 1000, 7]), forced));
    expect(streamed).toEqual(outcome(() => decodeHeld('s.csv', input, forced)));
  });

  it('passes on a failed read rather than calling the file "not UTF-8"', () => {
    let reads = 0;
    const failing = () => {
      const inner = sliceReader(bytes('a,b\n'.repeat(30_000)), [4096]);
      return {
        read(into: Uint8Array) {
          if (++reads > 20) throw new InputError('s.csv could not be read');
          return inner.read(into);
        },
        close: () => inner.close(),
      };
    };
    expect(() => decodeStreamed('s.csv', failing)).toThrow('s.csv could not be read');
  });

  it('closes every reader it opens', () => {
    const readers: ReturnType<typeof sliceReader>[] = [];
    const open = () => {
      const r = sliceReader(bytes('a,b\nZoë,1\n'), [4]);
      readers.push(r);
      return r;
    };
    const d = decodeStreamed('s.csv', open);
    readAllOf(d.open());
    expect(readers.length).toBeGreaterThan(1);
    expect(readers.every((r) => r.closed)).toBe(true);
  });
});
