/**
 * CSV text for every output: UTF-8 BOM, CRLF, and a quoted field for any value holding CR or LF,
 * because csv-stringify leaves a bare LF unquoted when the record delimiter is CRLF (STACK.md).
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number;

const OPTIONS = {
  record_delimiter: '\r\n',
  quoted_match: /[\r\n]/,
  cast: { number: (n: number) => String(n) },
} as const;

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${stringify([header as Cell[], ...(rows as Cell[][])], OPTIONS)}`;
}

/**
 * The same CSV as `toCsv`, handed out in pieces: rows are stringified a block at a time, so a file of
 * a million rows never exists as one string.
 */
export class CsvChunks {
  private block: Cell[][] = [];
  constructor(
    private readonly emit: (chunk: string) => void,
    header: readonly string[],
    private readonly blockSize = 2000,
  ) {
    emit(`\uFEFF${stringify([header as Cell[]], OPTIONS)}`);
  }
  row(cells: readonly Cell[]): void {
    this.block.push(cells as Cell[]);
    if (this.block.length >= this.blockSize) this.flush();
  }
  flush(): void {
    if (this.block.length === 0) return;
    this.emit(stringify(this.block, OPTIONS));
    this.block = [];
  }
}

// Leading spaces do not stop a spreadsheet from reading what follows as a formula.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/**
 * For files people open in a spreadsheet (review.csv, errors.csv): a cell that starts like a formula
 * is shown with a leading apostrophe, so it displays as text and never runs.
 */
export const escapeFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
