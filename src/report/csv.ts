/**
 * CSV text for every output: UTF-8 BOM, CRLF, and a quoted field for any value holding CR or LF,
 * because csv-stringify leaves a bare LF unquoted when the record delimiter is CRLF (STACK.md).
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number;

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const body = stringify([header as Cell[], ...(rows as Cell[][])], {
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
    cast: { number: (n) => String(n) },
  });
  return `\uFEFF${body}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * For files people open in a spreadsheet (review.csv, errors.csv): a cell that starts like a formula
 * is shown with a leading apostrophe, so it displays as text and never runs.
 */
export const escapeFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
