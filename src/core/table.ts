/**
 * Reads one delimited input into header facts, record facts and data rows. Cleans cell text (NFC,
 * look-alike spaces and apostrophes) once, here, so every rule sees the same values.
 */
import {
  canonicalColumn,
  foldHeader,
  nearestHeader,
  SITES_COLUMNS,
  STAFF_COLUMNS,
  STAFF_REQUIRED,
} from './columns.js';
import type { RawRecord } from './csv.js';
import type { EncodingName } from './decode.js';
import {
  type HeaderFacts,
  IndexedValues,
  type RecordFacts,
  type TableFacts,
  type TableRow,
} from './model.js';
import { cleanValue, hasPlainEdges, isPlain, isPlainLine } from './normalise.js';
import { openSource } from './source.js';
import type { InputFile, InputRole } from './types.js';

export interface TableSpec {
  role: InputRole;
  columns: readonly string[];
  required: readonly string[];
}

/** How the staff and sites files are read, by the planner and by anything that maps their lines. */
export const STAFF_TABLE: TableSpec = { role: 'staff', columns: STAFF_COLUMNS, required: STAFF_REQUIRED };
export const SITES_TABLE: TableSpec = { role: 'sites', columns: SITES_COLUMNS, required: ['site_ods_code'] };

export interface CellFacts {
  file: string;
  role: InputRole;
  line: number;
  rowIndex: number;
  column: string;
  raw: string;
  value: string;
  /** The raw text is plain printable ASCII (see isPlain): no character rule has anything to find. */
  plain: boolean;
  /** The column's place among the table's mapped columns (the same column has the same place on every row). */
  at: number;
}

export interface TableVisitor {
  onTable(table: TableFacts): void;
  onRecord(record: RecordFacts, row: TableRow | undefined): void;
  onCell(cell: CellFacts): void;
  /** The row is refilled for the next record: copy anything to keep. */
  onRow(row: TableRow): void;
  /** After the last record: header facts are complete (blank header columns with data are known). */
  onEnd(table: TableFacts): void;
}

const HEADER_SEARCH_LINES = 10;
const isBlankRecord = (cells: string[]) => cells.every((c) => c.trim() === '');

function mappedCount(cells: string[], spec: TableSpec): number {
  return new Set(cells.map((c) => canonicalColumn(c, spec.columns)).filter(Boolean)).size;
}

function analyseHeader(cells: string[], line: number, spec: TableSpec, skippedAbove: number[]): HeaderFacts {
  const columns: (string | undefined)[] = [];
  const seen = new Map<string, number>();
  const facts: HeaderFacts = {
    cells,
    line,
    columns,
    missing: [],
    duplicates: [],
    unknown: [],
    blank: [],
    mapped: [],
    skippedAbove,
  };
  cells.forEach((header, index) => {
    const column = canonicalColumn(header, spec.columns);
    if (column === undefined) {
      columns.push(undefined);
      if (foldHeader(header) !== '') facts.unknown.push({ index, header });
      return;
    }
    const firstIndex = seen.get(column);
    if (firstIndex !== undefined) {
      columns.push(undefined);
      facts.duplicates.push({ column, header, firstIndex, index });
      return;
    }
    seen.set(column, index);
    columns.push(column);
    if (header !== column) facts.mapped.push({ index, header, column });
  });
  for (const column of spec.required) {
    if (!seen.has(column)) {
      const nearest = nearestHeader(
        column,
        facts.unknown.map((u) => u.header),
      );
      facts.missing.push(nearest ? { column, nearest } : { column });
    }
  }
  return facts;
}

/**
 * Reads a table and reports, in order: the table facts once, then for each record its facts,
 * its cells and its data row. Records are buffered only until the header is found.
 */
export function readTable(
  input: InputFile,
  spec: TableSpec,
  visitor: TableVisitor,
  forcedEncoding?: EncodingName,
): void {
  const source = openSource(input, forcedEncoding);
  const pending: { cells: string[]; line: number; malformed?: RawRecord['malformed'] }[] = [];
  let header: HeaderFacts | undefined;
  /** Canonical column → its position among the row's values (the order of mapped header cells). */
  let columnIndex: Map<string, number> | undefined;
  /** Positions of the header cells that map to one of our columns, in order. */
  let mappedAt: number[] = [];
  /** The canonical column of each of those cells. */
  let mappedColumns: string[] = [];
  /** Whether each mapped cell of the current row is plain (see isPlain). */
  let plain = new Uint8Array(0);
  /** Header cells that are blank (data under them is reported once per column). */
  let blankHeaderAt: number[] = [];
  /** Header width up to its last non-blank cell. */
  let headerWidth = 0;
  const cell: CellFacts = {
    file: input.name,
    role: spec.role,
    line: 0,
    rowIndex: 0,
    column: '',
    raw: '',
    value: '',
    plain: true,
    at: 0,
  };
  let index = 0;
  let table: TableFacts | undefined;
  const blankHeaderWithData = new Set<number>();

  const emitTable = () => {
    table = {
      role: spec.role,
      file: input.name,
      source: source.info,
      header: header!,
      required: spec.required,
    };
    visitor.onTable(table);
  };

  /** One record-facts object, refilled for each record: rules read it and never keep it. */
  const facts: RecordFacts = {
    cells: [],
    line: 0,
    file: input.name,
    role: spec.role,
    headerLength: 0,
    blank: false,
    extraFilled: [],
    malformed: undefined,
  };
  const NO_EXTRA: number[] = [];
  /**
   * One data row, refilled for each record like the facts and the cell: visitors read it during
   * the call and copy what they keep (a million rows made three objects each).
   */
  let rowValues: string[] = [];
  let tableRow: TableRow | undefined;

  const dataRecord = (rec: RawRecord) => {
    const cells = rec.cells;
    // Trailing blank header cells (Excel's `,,,`) are not columns a row must fill (D07).
    const blank = isBlankRecord(cells);
    let extraFilled = NO_EXTRA;
    for (let i = header!.cells.length; i < cells.length; i++) {
      if (cells[i]!.trim() !== '') {
        if (extraFilled === NO_EXTRA) extraFilled = [];
        extraFilled.push(i);
      }
    }
    for (const i of blankHeaderAt) if ((cells[i] ?? '').trim() !== '') blankHeaderWithData.add(i);
    facts.cells = cells;
    facts.line = rec.line;
    facts.headerLength = headerWidth;
    facts.blank = blank;
    facts.extraFilled = extraFilled;
    facts.malformed = rec.malformed;
    if (blank && !rec.malformed) {
      visitor.onRecord(facts, undefined);
      return;
    }
    const values = rowValues;
    const plainLine = rec.text !== undefined && isPlainLine(rec.text);
    for (let k = 0; k < mappedAt.length; k++) {
      const raw = cells[mappedAt[k]!] ?? '';
      const p = plainLine ? hasPlainEdges(raw) : isPlain(raw);
      plain[k] = p ? 1 : 0;
      values[k] = cleanValue(raw, p);
    }
    const row = tableRow!;
    row.index = index++;
    row.line = rec.line;
    row.cells = rec.cells;
    visitor.onRecord(facts, row);
    // One cell object, refilled for each cell: rules read it and never keep it.
    cell.line = rec.line;
    cell.rowIndex = row.index;
    for (let k = 0; k < mappedAt.length; k++) {
      const i = mappedAt[k]!;
      cell.column = mappedColumns[k]!;
      cell.at = k;
      cell.raw = cells[i] ?? '';
      cell.value = values[k]!;
      cell.plain = plain[k] === 1;
      visitor.onCell(cell);
    }
    visitor.onRow(row);
  };

  const chooseHeader = (force: boolean) => {
    const candidates = pending.filter((r) => !isBlankRecord(r.cells));
    let chosen = candidates[0];
    if (chosen && mappedCount(chosen.cells, spec) < Math.min(2, spec.required.length)) {
      let best = chosen;
      for (const c of candidates.slice(1))
        if (mappedCount(c.cells, spec) > mappedCount(best.cells, spec)) best = c;
      chosen = best;
    }
    if (!chosen && !force) return;
    const at = chosen ? pending.indexOf(chosen) : pending.length;
    const skipped = pending
      .slice(0, at)
      .filter((r) => !isBlankRecord(r.cells))
      .map((r) => r.line);
    header = analyseHeader(chosen?.cells ?? [], chosen?.line ?? 1, spec, skipped);
    columnIndex = new Map(header.columns.filter((c): c is string => c !== undefined).map((c, i) => [c, i]));
    mappedAt = header.columns.flatMap((c, i) => (c === undefined ? [] : [i]));
    mappedColumns = mappedAt.map((i) => header!.columns[i]!);
    plain = new Uint8Array(mappedAt.length);
    rowValues = new Array<string>(mappedAt.length).fill('');
    tableRow = { index: 0, line: 0, cells: [], values: new IndexedValues(columnIndex, rowValues) };
    blankHeaderAt = header.cells.flatMap((c, i) => (c.trim() === '' ? [i] : []));
    // Trailing blank header cells (Excel's `,,,`) are not columns a row must fill (D07).
    headerWidth = header.cells.length;
    while (headerWidth > 0 && header.cells[headerWidth - 1]!.trim() === '') headerWidth--;
    const rest = pending.slice(at + 1);
    pending.length = 0;
    emitTable();
    for (const r of rest) dataRecord(r);
  };

  source.read((rec) => {
    if (header) {
      dataRecord(rec);
      return;
    }
    pending.push(rec);
    if (pending.filter((r) => !isBlankRecord(r.cells)).length >= HEADER_SEARCH_LINES) chooseHeader(true);
  });
  if (!header) chooseHeader(true);
  header!.blank = [...blankHeaderWithData].sort((a, b) => a - b).map((i) => ({ index: i }));
  visitor.onEnd(table!);
}
