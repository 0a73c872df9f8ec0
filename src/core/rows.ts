/**
 * What a staff row's line of review.csv says besides its cells (its status, its codes and hints),
 * kept as plain data (RowNotes) after the plan is made, and the reading of the staff file that hands
 * each row its result. Plain data so that another thread can write review.csv from it while the
 * planner's thread writes the upload file: the notes are all it needs besides the file.
 */
import type { RawRecord } from './csv.js';
import type { EncodingName } from './decode.js';
import { openSource } from './source.js';
import type { InputFile, Issue, RowStatus } from './types.js';

export const READY = 0;
export const DEFERRED = 1;
export const REJECTED = 2;
export const SUBMITTED = 3;
export const STATUS_NAMES: readonly RowStatus[] = ['ready', 'deferred', 'rejected', 'submitted'];

export interface RowResult {
  index: number;
  line: number;
  cells: string[];
  status: RowStatus;
  codes: string[];
  hints: string[];
  /**
   * The cells as one line of comma-separated text that needs no quoting (the file is comma-delimited
   * and this line has no quote in it), when it is: review.csv copies it instead of rebuilding it.
   */
  csv?: string | undefined;
}

/**
 * Each staff row's status and what it shows, by number: a few bytes a row, and each distinct note
 * (a code and its hint) once. Structured-clonable (typed arrays, arrays and maps of numbers).
 */
export interface RowNotes {
  /** The staff file's delimiter is a comma (a plain line can then be copied into review.csv). */
  commas: boolean;
  /** Each row's line, in file order (a record is the next row exactly when it starts there). */
  lines: Uint32Array;
  /** Each row's status, an index into STATUS_NAMES. */
  status: Uint8Array;
  /** Each row's site, as a number (the planner's; rows of no site share one). */
  sites: Uint32Array;
  /** Distinct notes: `codes[k]` and `hints[k]` belong together. */
  codes: string[];
  hints: string[];
  /** A row's own findings (any severity), as notes, for the rows that have any. */
  own: Map<number, number[]>;
  /** A site's errors as its rows show them: those that reject, and all of them on a deferred row. */
  siteShown: Map<number, { always: number[]; deferred: number[] }>;
  /** Errors of the whole file (or of an unreadable sites file), shown on every row. */
  file: number[];
}

/** Builds RowNotes, numbering each distinct code-and-hint once. */
export class RowNotesBuilder {
  private readonly ids = new Map<string, number>();
  readonly notes: RowNotes;
  constructor(commas: boolean, lines: Uint32Array, status: Uint8Array, sites: Uint32Array) {
    this.notes = {
      commas,
      lines,
      status,
      sites,
      codes: [],
      hints: [],
      own: new Map(),
      siteShown: new Map(),
      file: [],
    };
  }
  idsOf(issues: readonly Issue[]): number[] {
    return issues.map((issue) => {
      const key = `${issue.code}\u0000${issue.hint}`;
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.notes.codes.length;
        this.notes.codes.push(issue.code);
        this.notes.hints.push(issue.hint);
        this.ids.set(key, id);
      }
      return id;
    });
  }
}

/** Shared by every row with nothing to say (most rows), instead of two new arrays each. */
const NONE: string[] = [];
const NO_NOTES: number[] = [];

/** Row `index`'s result, from its record (read again) and its notes. */
export function resultOf(notes: RowNotes, index: number, rec: RawRecord): RowResult {
  const code = notes.status[index]!;
  const status = STATUS_NAMES[code]!;
  const csv = notes.commas ? rec.text : undefined;
  const own = notes.own.get(index);
  // A row shows the site errors that reject it; the site's over-quota finding only if it was deferred.
  const site = notes.siteShown.get(notes.sites[index]!);
  const fromSite = site ? (code === DEFERRED ? site.deferred : site.always) : NO_NOTES;
  // Most rows: nothing of their own, nothing about their site, nothing about the file.
  if (own === undefined && fromSite.length === 0 && notes.file.length === 0) {
    return { index, line: rec.line, cells: rec.cells, status, codes: NONE, hints: NONE, csv };
  }
  const related = [...(own ?? NO_NOTES), ...fromSite, ...notes.file];
  return {
    index,
    line: rec.line,
    cells: rec.cells,
    status,
    codes: related.length === 0 ? NONE : [...new Set(related.map((k) => notes.codes[k]!))],
    hints: related.length === 0 ? NONE : [...new Set(related.map((k) => notes.hints[k]!))],
    csv,
  };
}

/**
 * Reads the staff file again and hands over each data row's number and record, in order. A record is
 * the next data row exactly when it starts on that row's line as the plan recorded it, so the two
 * readings cannot disagree about which records are rows.
 */
export function readRows(
  notes: RowNotes,
  staff: InputFile,
  encoding: EncodingName | undefined,
  visit: (index: number, rec: RawRecord) => void,
): void {
  let index = 0;
  const { lines } = notes;
  openSource(staff, encoding).read((rec) => {
    if (index >= lines.length || rec.line !== lines[index]) return;
    visit(index, rec);
    index++;
  });
}

/** Every row's result, in order, from the notes and a reading of the staff file (review.csv's rows). */
export function forEachRowResult(
  notes: RowNotes,
  staff: InputFile,
  encoding: EncodingName | undefined,
  visit: (row: RowResult) => void,
): void {
  readRows(notes, staff, encoding, (index, rec) => visit(resultOf(notes, index, rec)));
}
