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

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * String(n), but for whole numbers (up to 2^53, where both give the same digits) without V8's number-to-string cache, whose entries outlive the
 * young generation: review.csv writes a million line numbers, which would pile up as old garbage.
 */
const numberText = (n: number): string => (Number.isSafeInteger(n) ? n.toFixed(0) : String(n));

/**
 * One CSV line exactly as csv-stringify writes it with OPTIONS (a property test holds the two
 * together): a cell is quoted when it holds a comma, a quote, CR or LF, quotes doubled inside.
 * The streamed files are written with this, a few times faster than a stringify call per block.
 */
export function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const text = typeof cell === 'number' ? numberText(cell) : cell;
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return `${line}\r\n`;
}

/**
 * The same CSV as `toCsv`, handed out a line at a time, so a file of a million rows never exists as
 * one string and no line lives longer than it takes the writer to encode it.
 */
export class CsvChunks {
  constructor(
    private readonly emit: (chunk: string) => void,
    header: readonly string[],
  ) {
    emit(`\uFEFF${csvLine(header)}`);
  }
  row(cells: readonly Cell[]): void {
    this.emit(csvLine(cells));
  }
  /** A line already made (csvLine, or text known to need no quoting), with its CRLF. */
  line(text: string): void {
    this.emit(text);
  }
}

// Leading spaces do not stop a spreadsheet from reading what follows as a formula.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/**
 * For files people open in a spreadsheet (review.csv, errors.csv): a cell that starts like a formula
 * is shown with a leading apostrophe, so it displays as text and never runs.
 */
export function escapeFormula(value: string): string {
  return startsLikeFormula(value) ? `'${value}` : value;
}

/** Whether escapeFormula would guard the value. */
export function startsLikeFormula(value: string): boolean {
  // An ASCII character past '@' (a letter, most text) is neither a trigger nor a space before one;
  // everything else, Unicode spaces included, takes the full test.
  const first = value.charCodeAt(0);
  if (first > 64 && first < 128) return false;
  return FORMULA_START.test(value);
}
