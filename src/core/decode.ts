/**
 * Bytes → UTF-8 bytes ready for the CSV parser, plus what encoding was found.
 * Order (STACK.md "Encoding"): BOM, then strict UTF-8, then Windows-1252 through our own table,
 * because Node 20's TextDecoder('windows-1252') maps 0x92 to an invisible U+0092.
 */
import { type ByteSource, DETECT_BYTES } from './csv.js';
import { type ByteReader, InputError } from './types.js';

export type EncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Decoded {
  /** UTF-8 bytes without BOM: what the CSV parser reads. */
  utf8: Uint8Array;
  encoding: EncodingName;
  /** True when the file was not UTF-8 and we fell back to Windows-1252 (a warning for users). */
  fallback: boolean;
}

// 0x80–0x9F of Windows-1252; 0 marks the five bytes that are undefined there.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

const ENCODING_ALIASES: Record<string, EncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
};

export const SUPPORTED_ENCODINGS = Object.keys(ENCODING_ALIASES);

export function encodingFromName(name: string): EncodingName | undefined {
  return Object.hasOwn(ENCODING_ALIASES, name.toLowerCase())
    ? ENCODING_ALIASES[name.toLowerCase()]
    : undefined;
}

const encoder = new TextEncoder();

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** Share of NUL bytes: binaries are full of them; a text file may hold a stray one in a cell (C04). */
function nulShare(sample: Uint8Array): number {
  let n = 0;
  for (const b of sample) if (b === 0) n++;
  return sample.length === 0 ? 0 : n / sample.length;
}

/** Every other byte zero and the rest printable: UTF-16 text that lost its BOM. */
function looksUtf16(sample: Uint8Array): boolean {
  if (sample.length < 4) return false;
  let zeros = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) zeros++;
  return zeros >= (sample.length / 2) * 0.9;
}

function sniffBinary(name: string, bytes: Uint8Array): void {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  let kind: string | undefined;
  if (starts([0x50, 0x4b, 0x03, 0x04])) kind = 'a zip archive or Excel workbook';
  else if (starts([0xd0, 0xcf, 0x11, 0xe0])) kind = 'an old Excel .xls workbook';
  else if (starts([0x25, 0x50, 0x44, 0x46])) kind = 'a PDF document';
  else if (starts([0x89, 0x50, 0x4e, 0x47])) kind = 'a PNG image';
  else if (starts([0xff, 0xd8, 0xff])) kind = 'a JPEG image';
  else if (nulShare(bytes.subarray(0, 8192)) > 1 / 16) kind = 'a binary file';
  if (kind === 'a binary file' && looksUtf16(bytes.subarray(0, 8192))) {
    throw new InputError(
      `${name} looks like UTF-16 text without a byte-order mark: give --encoding utf-16le, or save it from Excel as "CSV UTF-8".`,
    );
  }
  if (kind) {
    throw new InputError(
      `${name} is not a text file (it looks like ${kind}): save the sheet as "CSV UTF-8" or .xlsx and try again.`,
    );
  }
}

function decodeCp1252(name: string, bytes: Uint8Array): string {
  let out = '';
  const chunk: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    let cp = b;
    if (b >= 0x80 && b <= 0x9f) {
      cp = CP1252_HIGH[b - 0x80]!;
      if (cp === 0) {
        throw new InputError(
          `${name} line ${lineOfOffset(bytes, i)} has a byte (0x${b.toString(16).toUpperCase()}) that is neither UTF-8 nor Windows-1252 text: open it in Excel and save it as "CSV UTF-8", then try again.`,
        );
      }
    }
    chunk.push(cp);
    if (chunk.length >= 8192) {
      out += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return out + String.fromCharCode(...chunk);
}

function decodeWith(name: string, bytes: Uint8Array, encoding: EncodingName): string {
  if (encoding === 'windows-1252') return decodeCp1252(name, bytes);
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(
      `${name} is not valid ${encoding.toUpperCase()} text: open it in Excel and save it as "CSV UTF-8", or give the right --encoding.`,
    );
  }
}

/** Decodes an input file. Throws InputError for binary files or undecodable bytes. */
export function decodeInput(name: string, bytes: Uint8Array, forced?: EncodingName): Decoded {
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const hasLeBom = bytes[0] === 0xff && bytes[1] === 0xfe;
  const hasBeBom = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (forced) {
    const body = forced === 'utf-8' && hasUtf8Bom ? bytes.subarray(3) : bytes;
    const text = stripBom(decodeWith(name, body, forced));
    if (forced === 'utf-8' && !hasUtf8Bom) return { utf8: bytes, encoding: 'utf-8', fallback: false };
    return { utf8: encoder.encode(text), encoding: forced, fallback: false };
  }
  if (hasLeBom || hasBeBom) {
    const encoding = hasLeBom ? 'utf-16le' : 'utf-16be';
    return { utf8: encoder.encode(stripBom(decodeWith(name, bytes, encoding))), encoding, fallback: false };
  }
  if (hasUtf8Bom) {
    const body = bytes.subarray(3);
    decodeWith(name, body, 'utf-8');
    return { utf8: body, encoding: 'utf-8-bom', fallback: false };
  }
  sniffBinary(name, bytes);
  if (isUtf8(bytes)) return { utf8: bytes, encoding: 'utf-8', fallback: false };
  return { utf8: encoder.encode(decodeCp1252(name, bytes)), encoding: 'windows-1252', fallback: true };
}

/** Strict UTF-8 check in 64 KB slices, so a large file is never held twice as one big string. */
function isUtf8(bytes: Uint8Array): boolean {
  let at = 0;
  return isUtf8Stream({
    read(into) {
      const n = Math.min(into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
    close() {},
  });
}

/** The same check on a reader, a slice at a time; closes it. A failed read is thrown, not taken for "not UTF-8". */
function isUtf8Stream(reader: ByteReader): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const slice = new Uint8Array(1 << 16);
  const decodes = (bytes?: Uint8Array): boolean => {
    try {
      if (bytes) decoder.decode(bytes, { stream: true });
      else decoder.decode();
      return true;
    } catch {
      return false;
    }
  };
  try {
    for (;;) {
      const n = reader.read(slice);
      if (n <= 0) return decodes();
      if (!decodes(slice.subarray(0, n))) return false;
    }
  } finally {
    reader.close();
  }
}

/** A reader that skips the first `count` bytes (a byte-order mark). */
function skipping(reader: ByteReader, count: number): ByteReader {
  let left = count;
  return {
    read(into) {
      while (left > 0) {
        const n = reader.read(into.subarray(0, left));
        if (n <= 0) return 0;
        left -= n;
      }
      return reader.read(into);
    },
    close: () => reader.close(),
  };
}

/** Up to `count` bytes from the start of a file. */
function readHead(open: () => ByteReader, count: number): Uint8Array {
  const reader = open();
  const head = new Uint8Array(count);
  let held = 0;
  try {
    while (held < count) {
      const n = reader.read(head.subarray(held));
      if (n <= 0) break;
      held += n;
    }
  } finally {
    reader.close();
  }
  return head.subarray(0, held);
}

/** A whole file in memory (for the encodings that are converted to UTF-8 first). */
function readAll(open: () => ByteReader): Uint8Array {
  const reader = open();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const part = new Uint8Array(1 << 20);
      const n = reader.read(part);
      if (n <= 0) break;
      parts.push(part.subarray(0, n));
      total += n;
    }
  } finally {
    reader.close();
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** Text ready for the CSV reader, opened as often as it is read. */
export interface DecodedSource {
  /** The UTF-8 text without BOM, from its start. */
  open(): ByteSource;
  /** Its first bytes (at least DETECT_BYTES, or all of it), to choose the delimiter from. */
  head: Uint8Array;
  encoding: EncodingName;
  fallback: boolean;
  /** Converted to UTF-8 in memory (another encoding, or bytes given in memory), not read in place. */
  converted: boolean;
}

const held = (d: Decoded): DecodedSource => ({
  open: () => d.utf8,
  head: d.utf8,
  encoding: d.encoding,
  fallback: d.fallback,
  converted: true,
});

/**
 * decodeInput for a file read from a reader: UTF-8 (the usual case) is checked in slices and then
 * read in slices, never held whole; the encodings that must be converted (UTF-16, Windows-1252)
 * are read into memory and converted as decodeInput does.
 */
export function decodeStreamed(name: string, open: () => ByteReader, forced?: EncodingName): DecodedSource {
  const head = readHead(open, DETECT_BYTES + 3);
  const hasUtf8Bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const hasLeBom = head[0] === 0xff && head[1] === 0xfe;
  const hasBeBom = head[0] === 0xfe && head[1] === 0xff;
  const converted = () => held(decodeInput(name, readAll(open), forced));
  if (forced ? forced !== 'utf-8' : hasLeBom || hasBeBom) return converted();
  if (!forced && !hasUtf8Bom) sniffBinary(name, head);
  const skip = hasUtf8Bom ? 3 * (forced ? leadingBoms(head) : 1) : 0;
  if (!isUtf8Stream(skipping(open(), skip))) {
    if (!forced && !hasUtf8Bom) return converted();
    throw new InputError(
      `${name} is not valid UTF-8 text: open it in Excel and save it as "CSV UTF-8", or give the right --encoding.`,
    );
  }
  return {
    open: () => skipping(open(), skip),
    head: head.subarray(skip),
    encoding: !forced && hasUtf8Bom ? 'utf-8-bom' : 'utf-8',
    fallback: false,
    converted: false,
  };
}

/**
 * How many UTF-8 byte-order marks open the text, up to three: with --encoding utf-8, decodeInput
 * drops the first, the decoder the next and stripBom a third, and the streamed text must match it.
 */
function leadingBoms(head: Uint8Array): number {
  let n = 0;
  while (n < 3 && head[3 * n] === 0xef && head[3 * n + 1] === 0xbb && head[3 * n + 2] === 0xbf) n++;
  return n;
}

/** decodeInput as a DecodedSource, for bytes already in memory. */
export const decodeHeld = (name: string, bytes: Uint8Array, forced?: EncodingName): DecodedSource =>
  held(decodeInput(name, bytes, forced));

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
