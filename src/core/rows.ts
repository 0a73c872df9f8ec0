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
 * Each staff row's status and what it shows, by number: a few bytes a row, each distinct note (a
 * code and its hint) once, and the lists of notes packed into typed arrays, so that handing them to
 * another thread copies a few megabytes and makes no object per row.
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
  /** A row's own findings (any severity): the rows that have any, ascending, and their notes. */
  own: Packed & { rows: Uint32Array };
  /**
   * A site's errors as its rows show them: each site's place among the lists below (-1: none), then
   * the errors that reject its rows…
   */
  siteSlot: Int32Array;
  always: Packed;
  /** …and all of them, on a deferred row (over quota). */
  deferred: Packed;
  /** Errors of the whole file (or of an unreadable sites file), shown on every row. */
  file: number[];
}

/** Lists of note numbers end to end: list k is `ids.subarray(start[k], start[k + 1])`. */
export interface Packed {
  start: Uint32Array;
  ids: Uint32Array;
}

function pack(lists: readonly (readonly number[])[]): Packed {
  const start = new Uint32Array(lists.length + 1);
  for (let k = 0; k < lists.length; k++) start[k + 1] = start[k]! + lists[k]!.length;
  const ids = new Uint32Array(start[lists.length]!);
  for (let k = 0; k < lists.length; k++) ids.set(lists[k]!, start[k]!);
  return { start, ids };
}

const listAt = (packed: Packed, k: number): Uint32Array =>
  packed.ids.subarray(packed.start[k]!, packed.start[k + 1]!);

/** What RowNotes are made from: the rows' facts and the findings that rows show. */
export interface RowNotesInput {
  commas: boolean;
  lines: Uint32Array;
  status: Uint8Array;
  sites: Uint32Array;
  siteCount: number;
  /** Each row's own findings, by row number (in any order). */
  own: Iterable<readonly [number, readonly Issue[]]>;
  /** Each site's errors as its rows show them, by site number. */
  siteShown: Iterable<readonly [number, { always: readonly Issue[]; deferred: readonly Issue[] }]>;
  file: readonly Issue[];
}

export function buildRowNotes(input: RowNotesInput): RowNotes {
  const codes: string[] = [];
  const hints: string[] = [];
  const known = new Map<string, number>();
  const idsOf = (issues: readonly Issue[]) =>
    issues.map((issue) => {
      const key = `${issue.code}\u0000${issue.hint}`;
      let id = known.get(key);
      if (id === undefined) {
        id = codes.length;
        codes.push(issue.code);
        hints.push(issue.hint);
        known.set(key, id);
      }
      return id;
    });
  const own = [...input.own].sort((a, b) => a[0] - b[0]);
  const siteSlot = new Int32Array(input.siteCount).fill(-1);
  const always: number[][] = [];
  const deferred: number[][] = [];
  for (const [site, shown] of input.siteShown) {
    siteSlot[site] = always.length;
    always.push(idsOf(shown.always));
    deferred.push(idsOf(shown.deferred));
  }
  return {
    commas: input.commas,
    lines: input.lines,
    status: input.status,
    sites: input.sites,
    codes,
    hints,
    own: { rows: Uint32Array.from(own, ([row]) => row), ...pack(own.map(([, issues]) => idsOf(issues))) },
    siteSlot,
    always: pack(always),
    deferred: pack(deferred),
    file: idsOf(input.file),
  };
}

/** Shared by every row with nothing to say (most rows), instead of two new arrays each. */
const NONE: string[] = [];
const NO_NOTES = new Uint32Array(0);

/**
 * Rows' results from their notes, asked for in ascending row order (as the file is read): a row's
 * own notes are found by walking along the rows that have any, not by a search.
 */
export class RowNotesReader {
  private next = 0;
  constructor(readonly notes: RowNotes) {}

  /** Row `index`'s result, from its record (read again) and its notes. */
  result(index: number, rec: RawRecord): RowResult {
    const notes = this.notes;
    const code = notes.status[index]!;
    const status = STATUS_NAMES[code]!;
    const csv = notes.commas ? rec.text : undefined;
    const rows = notes.own.rows;
    while (this.next < rows.length && rows[this.next]! < index) this.next++;
    const own = rows[this.next] === index ? listAt(notes.own, this.next) : NO_NOTES;
    // A row shows the site errors that reject it; the site's over-quota finding only if it was deferred.
    const slot = notes.siteSlot[notes.sites[index]!]!;
    const fromSite = slot < 0 ? NO_NOTES : listAt(code === DEFERRED ? notes.deferred : notes.always, slot);
    // Most rows: nothing of their own, nothing about their site, nothing about the file.
    if (own.length === 0 && fromSite.length === 0 && notes.file.length === 0) {
      return { index, line: rec.line, cells: rec.cells, status, codes: NONE, hints: NONE, csv };
    }
    const related = [...own, ...fromSite, ...notes.file];
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
  const reader = new RowNotesReader(notes);
  readRows(notes, staff, encoding, (index, rec) => visit(reader.result(index, rec)));
}
