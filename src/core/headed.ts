/**
 * Reference tables with a header row whose columns we find by aliases: the existing-accounts export
 * (`--existing`) and an earlier run's upload file (`--previous`). They are read, not checked: what
 * they say is trusted, and a file whose columns cannot be found stops the run with a sentence.
 */
import { foldHeader } from './columns.js';
import type { EncodingName } from './decode.js';
import { describeDelimiter, openSource } from './source.js';
import { InputError, type InputFile } from './types.js';

/** How far down a title row or two may push the header. */
const HEADER_SEARCH = 10;

export interface HeadedRow<F extends string> {
  line: number;
  get(field: F): string;
}

export interface HeadedSummary {
  file: string;
  format: 'csv' | 'xlsx';
  encoding: EncodingName | '';
  delimiter: string;
  rows: number;
  sha256: string;
  sheet?: string;
  sheets?: string[];
}

/**
 * Reads `input`, taking as header the first of its first lines that names every `required` field
 * (by alias), then hands over each non-blank data row. `aliases` maps folded header text to a field
 * (or is a function of the header text); the first column of a field wins.
 */
export function readHeaded<F extends string>(
  input: InputFile,
  aliases: ReadonlyMap<string, F> | ((header: string) => F | undefined),
  required: readonly { field: F; names: string }[],
  what: string,
  onRow: (row: HeadedRow<F>) => void,
  forcedEncoding?: EncodingName,
): HeadedSummary {
  const fieldOf =
    typeof aliases === 'function' ? aliases : (header: string) => aliases.get(foldHeader(header));
  const source = openSource(input, forcedEncoding);
  let at: Map<F, number> | undefined;
  let seen = 0;
  let rows = 0;
  let firstCells: string[] | undefined;
  source.read((rec) => {
    if (rec.cells.every((c) => c.trim() === '')) return;
    if (!at) {
      seen++;
      firstCells ??= rec.cells;
      const found = new Map<F, number>();
      rec.cells.forEach((cell, i) => {
        const field = fieldOf(cell);
        if (field !== undefined && !found.has(field)) found.set(field, i);
      });
      if (required.every((r) => found.has(r.field))) at = found;
      else if (seen >= HEADER_SEARCH) throw missing(input.name, what, required, firstCells);
      return;
    }
    rows++;
    const cells = rec.cells;
    const columns = at;
    onRow({
      line: rec.line,
      get: (field) => {
        const i = columns.get(field);
        return i === undefined ? '' : (cells[i] ?? '').trim();
      },
    });
  });
  if (!at) throw missing(input.name, what, required, firstCells ?? []);
  return {
    file: input.name,
    format: source.info.format,
    encoding: source.info.encoding,
    delimiter: describeDelimiter(source.info.delimiter),
    rows,
    sha256: input.sha256 ?? '',
    ...(source.info.sheet !== undefined
      ? { sheet: source.info.sheet, sheets: source.info.sheets ?? [] }
      : {}),
  };
}

function missing(
  name: string,
  what: string,
  required: readonly { field: string; names: string }[],
  firstCells: readonly string[],
): InputError {
  const first = firstCells
    .map((c) => c.trim())
    .filter(Boolean)
    .slice(0, 8)
    .map((c) => `"${c}"`)
    .join(', ');
  const needs = required.map((r) => r.names).join('; and ');
  return new InputError(
    `${name} does not look like ${what}: no header row in its first ${HEADER_SEARCH} lines names ${needs}${first ? ` (its first line has ${first})` : ''}. Check you gave the right file, or rename its columns.`,
  );
}
