/** Reads input files as bytes for the core, with a plain sentence for every way that can fail. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, type InputFile } from '../core/types.js';
import { prepareInput } from '../core/workbook.js';

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
      `The ${what} "${basename(path)}" is larger than 160 MB: split it into smaller files (for example by region) and run each.`,
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
  const input = { name: basename(path), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  return prepareInput(input, options);
}
