/**
 * Opens input files for the core, with a plain sentence for every way that can fail. A text file is
 * not read into memory: the core reads it from disk in slices, as often as it needs to (the staff
 * file twice), so a national file costs a few megabytes of buffer rather than its whole size.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type ByteReader, InputError, type InputFile } from '../core/types.js';
import { prepareInput } from '../core/workbook.js';
import { isCompoundFile, isZip } from '../core/zip.js';

/**
 * Larger inputs are refused with a sentence rather than exhausting memory (BAD-INPUTS D09). A
 * national check of 300,000 staff is about 35 MB of CSV; 1,000,000 rows about 110 MB.
 */
export const MAX_INPUT_BYTES = 160 * 1024 * 1024;

/** Reads a CSV or .xlsx input (workbooks are unpacked here, so the planner stays synchronous). */
export async function readInput(
  path: string,
  what: string,
  options: { sheet?: string } = {},
): Promise<InputFile> {
  let size: number;
  let modified: number;
  let regular: boolean;
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new InputError(`The ${what} "${path}" is a folder, not a file: give the path of the CSV file.`);
    size = info.size;
    modified = info.mtimeMs;
    regular = info.isFile();
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`Cannot find the ${what} "${path}": check the path and the file name.`);
  }
  if (size > MAX_INPUT_BYTES) {
    throw new InputError(
      `The ${what} "${basename(path)}" is larger than 160 MB: split it into smaller files (for example by region) and run each.`,
    );
  }
  const cannotRead = () =>
    new InputError(
      `Cannot read the ${what} "${path}": check that you are allowed to open it and it is not locked.`,
    );
  const name = basename(path);
  // A pipe (`<(unzip -p staff.zip)`) can be read only once: it is held in memory, as a workbook is.
  if (!regular) return heldInput(path, name, what, options, cannotRead);
  let head: Uint8Array;
  let sha256: string;
  try {
    ({ head, sha256 } = await headAndHash(path));
  } catch {
    throw cannotRead();
  }
  // A workbook is unpacked in memory (its zip directory is at the end, and read-excel-file needs it all).
  if (isZip(head) || isCompoundFile(head)) return heldInput(path, name, what, options, cannotRead);
  // Not a workbook: prepareInput only checks that no --sheet was given for it.
  await prepareInput({ name, bytes: head }, options);
  return { name, sha256, size, modified, open: () => fileReader(path, { size, modified }, name) };
}

const changedFile = (name: string) =>
  new InputError(
    `${name} changed or disappeared while it was being checked: close any program that is saving it, then run again.`,
  );

/**
 * A text file opened again for streaming, without hashing it again (a worker thread's second reading
 * of the staff file): refused, like the first reader would, if it is not the file first read.
 */
export function streamedFile(path: string, first: { size: number; modified: number }): InputFile {
  const name = basename(path);
  return { name, sha256: '', ...first, open: () => fileReader(path, first, name) };
}

/** An input read whole into memory (a workbook, or a pipe that cannot be read twice). */
async function heldInput(
  path: string,
  name: string,
  what: string,
  options: { sheet?: string },
  cannotRead: () => InputError,
): Promise<InputFile> {
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(path);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch {
    throw cannotRead();
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(
      `The ${what} "${name}" is larger than 160 MB: split it into smaller files (for example by region) and run each.`,
    );
  }
  return prepareInput({ name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }, options);
}

/** The first bytes of a file (to tell a workbook from text) and the SHA-256 of all of it, in one read. */
async function headAndHash(path: string): Promise<{ head: Uint8Array; sha256: string }> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  const slice = new Uint8Array(1 << 16);
  let head: Uint8Array | undefined;
  try {
    for (;;) {
      const { bytesRead } = await file.read(slice, 0, slice.length, null);
      if (bytesRead === 0) break;
      head ??= slice.slice(0, Math.min(bytesRead, 8));
      hash.update(slice.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return { head: head ?? new Uint8Array(0), sha256: hash.digest('hex') };
}

/**
 * Reads a file from its start in slices. A file whose size or modification time changed since it
 * was first opened is refused: the planner's two passes over the staff file must read the same rows.
 */
function fileReader(path: string, first: { size: number; modified: number }, name: string): ByteReader {
  const changed = () => changedFile(name);
  const unchanged = (fd: number) => {
    const now = fstatSync(fd);
    return now.size === first.size && now.mtimeMs === first.modified;
  };
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    if (!unchanged(fd)) throw changed();
  } catch {
    if (fd !== undefined) closeSync(fd);
    throw changed();
  }
  const open = fd;
  let closed = false;
  let total = 0;
  return {
    read(into) {
      let n: number;
      try {
        n = readSync(open, into, 0, into.length, null);
      } catch (err) {
        throw new InputError(
          `Cannot read ${name} (${(err as Error).message}): check the disk or network drive it is on, then run again.`,
        );
      }
      total += n;
      // At the end, the file must still be the one first read: same length, not saved since.
      if (n === 0 && (total !== first.size || !unchanged(open))) throw changed();
      return n;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(open);
    },
  };
}
