/** Reads input files as bytes for the core, with a plain sentence for every way that can fail. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InputError, type InputFile } from '../core/types.js';

/** Larger inputs are refused with a sentence rather than exhausting memory. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export async function readInput(path: string, what: string): Promise<InputFile> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.xls') {
    throw new InputError(
      `${basename(path)} is an Excel workbook, which this version cannot read yet: in Excel choose File > Save As > "CSV UTF-8", then give that file as the ${what}.`,
    );
  }
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new InputError(`The ${what} "${path}" is a folder, not a file: give the path of the CSV file.`);
    size = info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`Cannot find the ${what} "${path}": check the path and the file name.`);
  }
  if (size > MAX_INPUT_BYTES) {
    throw new InputError(
      `The ${what} "${basename(path)}" is larger than 512 MB: split it into smaller files (for example by region) and run each.`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new InputError(
      `Cannot read the ${what} "${path}": check that you are allowed to open it and it is not locked.`,
    );
  }
  return { name: basename(path), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
