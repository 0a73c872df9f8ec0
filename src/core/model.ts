/** The facts the readers and builders establish; rules turn facts into findings. */

import type { SiteDetailColumn, StaffColumn } from './columns.js';
import type { RawRecord } from './csv.js';
import type { MobileResult } from './normalise.js';
import type { SourceInfo } from './source.js';
import type { InputRole } from './types.js';

export interface HeaderFacts {
  /** Header cells exactly as in the file. */
  cells: string[];
  line: number;
  /** Canonical column of each header cell, or undefined when it is not one of ours. */
  columns: (string | undefined)[];
  missing: { column: string; nearest?: string }[];
  duplicates: { column: string; header: string; firstIndex: number; index: number }[];
  unknown: { index: number; header: string }[];
  /** Blank header cells that have data below them. */
  blank: { index: number }[];
  mapped: { index: number; header: string; column: string }[];
  /** Lines above the header that were skipped (title rows). */
  skippedAbove: number[];
}

export interface TableFacts {
  role: InputRole;
  file: string;
  source: SourceInfo;
  header: HeaderFacts;
  required: readonly string[];
}

export interface RecordFacts extends RawRecord {
  file: string;
  role: InputRole;
  /** Header width up to its last non-blank cell. */
  headerLength: number;
  blank: boolean;
  /** Indices of cells past the header that hold something. */
  extraFilled: number[];
}

/** Cleaned values of one row by canonical column (undefined when the file has no such column). */
export interface RowValues {
  get(column: string): string | undefined;
}

/**
 * Row values as one array per row and one column index per table: far lighter than a Map per row
 * when a file has a million rows.
 */
export class IndexedValues implements RowValues {
  constructor(
    private readonly index: ReadonlyMap<string, number>,
    private readonly values: readonly string[],
  ) {}
  get(column: string): string | undefined {
    const i = this.index.get(column);
    return i === undefined ? undefined : this.values[i];
  }
  static of(entries: readonly (readonly [string, string])[]): IndexedValues {
    return new IndexedValues(
      new Map(entries.map(([c], i) => [c, i])),
      entries.map(([, v]) => v),
    );
  }
}

/**
 * A data row of any table: raw cells plus cleaned values by canonical column. The reader refills one
 * row object for each record: a visitor reads it during its call and copies what it keeps.
 */
export interface TableRow {
  index: number;
  line: number;
  cells: string[];
  values: RowValues;
}

export type Action = 'new' | 'joiner' | 'leaver';
export type Access = 'owner' | 'member';

export interface StaffRow {
  index: number;
  line: number;
  file: string;
  cells: string[];
  get(column: StaffColumn): string;
  has(column: StaffColumn): boolean;
  siteCode: string;
  /** undefined when the cell holds something that is not an action. */
  action: Action | undefined;
  access: Access | undefined;
  mobile: MobileResult;
  /** Where an earlier upload (`--previous`) sent this row's request; worked out once by the planner. */
  sent?: { file: string; line: number } | undefined;
}

export interface SiteSource {
  file: string;
  line: number;
}

export interface SiteConflict {
  column: SiteDetailColumn;
  first: { value: string; file: string; line: number };
  second: { value: string; file: string; line: number };
}

export interface Site {
  code: string;
  details: Partial<Record<SiteDetailColumn, string>>;
  /** Detail columns that some source of this site had, blank or not (a blank DSPT then means "none"). */
  columns: ReadonlySet<SiteDetailColumn>;
  /** Where the site is defined: its sites-file row, else its first staff row. */
  source: SiteSource | undefined;
  inSitesFile: boolean;
  /** Named by the sites file or by site columns riding along on staff rows. */
  listed: boolean;
  conflicts: SiteConflict[];
  duplicates: { line: number; firstLine: number; file: string }[];
  firstAppearance: number;
}
