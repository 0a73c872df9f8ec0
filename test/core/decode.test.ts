import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../src/core/decode.js';
import { InputError } from '../../src/core/types.js';

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
