/**
 * Reads a zip's central directory without unpacking anything, so a workbook that would inflate to
 * far more than it weighs (a zip bomb, BAD-INPUTS X07) is refused before any work is done.
 */
import { InputError } from './types.js';

export interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
}

/** Limits for a workbook: what it may inflate to in all, and how far one entry may expand. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;
const MAX_RATIO = 500;

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

export const isZip = (b: Uint8Array): boolean =>
  b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** OLE compound file: an old .xls, or an .xlsx saved with a password (Excel encrypts it into one). */
export const isCompoundFile = (b: Uint8Array): boolean =>
  b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

export function zipEntries(name: string, bytes: Uint8Array): ZipEntry[] {
  const unreadable = () =>
    new InputError(
      `${name} is damaged or not a complete Excel workbook: open it in Excel and save it again as .xlsx or "CSV UTF-8".`,
    );
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const count = u16(bytes, end + 10);
  const dirOffset = u32(bytes, end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff || count > MAX_ENTRIES) {
    throw new InputError(
      `${name} is too large a workbook to read safely: save the staff sheet as "CSV UTF-8" instead.`,
    );
  }
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw unreadable();
    const nameLength = u16(bytes, at + 28);
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      compressed: u32(bytes, at + 20),
      uncompressed: u32(bytes, at + 24),
    });
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return entries;
}

/** Throws unless the zip is a plausible workbook that unpacks to a sane size. */
export function checkWorkbookZip(name: string, bytes: Uint8Array): void {
  const entries = zipEntries(name, bytes);
  const total = entries.reduce((n, e) => n + e.uncompressed, 0);
  const bomb = entries.some(
    (e) => e.uncompressed > 10 * 1024 * 1024 && e.uncompressed > e.compressed * MAX_RATIO,
  );
  if (total > MAX_UNPACKED_BYTES || bomb) {
    throw new InputError(
      `${name} would unpack to ${Math.round(total / 1024 / 1024)} MB, far more than a staff list needs, so it was not opened: save the sheet as "CSV UTF-8" and use that.`,
    );
  }
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    throw new InputError(
      `${name} is a zip archive, not an Excel workbook: give the .csv or .xlsx file itself.`,
    );
  }
}
