/**
 * Excel workbooks (.xlsx) as rows of text, read with read-excel-file's universal build (Node and
 * browsers). Cells keep what the user sees where it matters (STACK.md "XLSX"): numbers arrive as the
 * exact text stored in the file (a mobile typed as a number keeps every digit, only its leading 0 is
 * lost), dates as YYYY-MM-DD, formula cells as their last value, formula errors (#N/A) as blanks.
 */
import { type HeldInput, InputError, type InputFile, type SheetRows } from './types.js';
import { checkWorkbookZip, isCompoundFile, isZip } from './zip.js';

type Cell = string | number | boolean | Date | null;

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}

/** Reads one sheet (the first, or `sheet` by name) and the names of all sheets. */
export async function readWorkbook(name: string, bytes: Uint8Array, sheet?: string): Promise<SheetRows> {
  checkWorkbookZip(name, bytes);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let sheets: { sheet: string; data: Cell[][] }[];
  // Loaded only when a workbook is read: most runs are CSV, and it costs a few megabytes to load.
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  try {
    sheets = (await readXlsxFile(buffer, { trim: false, parseNumber: (text: string) => text })) as never;
  } catch {
    throw new InputError(
      `${name} could not be read as an Excel workbook: open it in Excel and save it again as .xlsx or "CSV UTF-8".`,
    );
  }
  const names = sheets.map((s) => s.sheet);
  const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === sheet);
  if (!chosen) {
    throw new InputError(
      sheet === undefined
        ? `${name} has no sheets: save the staff list as .xlsx or "CSV UTF-8" again.`
        : `${name} has no sheet called "${sheet}"; its sheets are ${names.map((n) => `"${n}"`).join(', ')}: give one of those to --sheet.`,
    );
  }
  const rows = chosen.data.map((row) => row.map(cellText));
  // Excel's used range often runs past the data; trailing rows with no value are not rows of the list.
  while (rows.length > 0 && rows[rows.length - 1]!.every((c) => c === '')) rows.pop();
  return { sheet: chosen.sheet, sheets: names, rows };
}

/**
 * Makes an input ready for the synchronous planner: a workbook is read into rows (async), a text
 * file is left as bytes. Old .xls and password-protected workbooks are refused with a sentence.
 */
export async function prepareInput(input: HeldInput, options: { sheet?: string } = {}): Promise<InputFile> {
  if (isCompoundFile(input.bytes)) {
    throw new InputError(
      `${input.name} is an old .xls workbook or a password-protected one, which cannot be read: open it in Excel and save it as .xlsx without a password, or as "CSV UTF-8".`,
    );
  }
  if (!isZip(input.bytes)) {
    if (options.sheet !== undefined) {
      throw new InputError(
        `--sheet only applies to Excel workbooks, and ${input.name} is a text file: leave --sheet out.`,
      );
    }
    return input;
  }
  return { ...input, sheet: await readWorkbook(input.name, input.bytes, options.sheet) };
}
