/**
 * A rule is one self-describing unit: its code, default severity, scope, tags and docs, the
 * sentences it says (built from params, never stored in the issue data), and a check.
 * The engine gives each check the context of its scope and a `report` bound to that place.
 */

import type { ExistingIndex } from '../existing.js';
import type { Access, RecordFacts, Site, StaffRow, TableFacts } from '../model.js';
import type { OdsIndex } from '../ods.js';
import type { PreviousIndex } from '../previous.js';
import type { CellFacts } from '../table.js';
import type { Params, Severity } from '../types.js';

export type Scope = 'file' | 'record' | 'cell' | 'row' | 'dataset' | 'site' | 'quota';

/** What a check reports: its params and, where the scope's default place is not right, where. */
export interface Finding {
  params?: Params;
  column?: string;
  value?: string;
  line?: number | null;
  file?: string;
  /** The staff row the finding is about (sets file, line and status impact). */
  row?: RowRef;
  /** The site the finding is about (sets its location and status impact). */
  site?: Site;
}
export type Report = (finding?: Finding) => void;

/** What a finding needs of a staff row; full rows (with `get`) exist only while they are read. */
export interface RowRef {
  index: number;
  line: number;
  file: string;
  access?: Access | undefined;
  get?: StaffRow['get'];
}

/**
 * For rules across rows. Rows stream past once, in file order: a rule keeps what it needs of them
 * (compact keys, not rows), so a million rows fit in memory.
 */
export interface DatasetContext {
  /** Where the list of sites comes from, if anywhere: your files (sites file or site columns) or ODS. */
  siteList: 'files' | 'ods' | undefined;
  /** Whether a site is in that list (sites riding along are listed as their rows arrive). */
  isListedSite(code: string): boolean;
  ods: OdsIndex | undefined;
  staffFile: string;
  /** The export of current NHSmail accounts (`--existing`), if given. */
  existing?: ExistingIndex | undefined;
  /** An earlier run's upload file (`--previous`), if given. */
  previous?: PreviousIndex | undefined;
  /** About how many rows the staff file has (0 when unknown), to size tables once. */
  expectedRows?: number;
}

/** A cross-row rule's work over one streaming read of the staff rows. */
export interface DatasetPass {
  row?(row: StaffRow): void;
  /** After the last row, when everything the rows say is known. */
  end?(): void;
}

export interface SiteContext {
  site: Site;
  ods: OdsIndex | undefined;
  asOf: string;
  existing?: ExistingIndex | undefined;
}

export interface Allocation {
  allowance: number;
  existing: number;
  leavers: number;
  free: number;
  ready: RowRef[];
  deferred: RowRef[];
  /** Rows of the site that are `new` or `joiner` and valid before allocation. */
  candidates: number;
  /** Rows of the site asking for an account (`new` or `joiner`), valid or not. */
  requests: number;
  /** Requests sent by an earlier run (`--previous`) that take a slot now. */
  submitted: number;
  isNewSite: boolean;
}

export interface QuotaContext {
  site: Site;
  allocation: Allocation;
}

interface RuleDocs {
  code: string;
  severity: Severity;
  /**
   * Protects the upload file itself (no formula, hidden character or broken row can reach NAS), so
   * it runs whatever --only and --skip say.
   */
  essential?: boolean;
  tags: readonly string[];
  title: string;
  description: string;
  message(params: Params): string;
  hint(params: Params): string;
}

export type Rule =
  | (RuleDocs & { scope: 'file'; check(table: TableFacts, report: Report): void })
  | (RuleDocs & { scope: 'record'; check(record: RecordFacts, report: Report): void })
  | (RuleDocs & {
      scope: 'cell';
      /** Canonical columns this rule looks at; all of ours when absent. */
      columns?: readonly string[];
      check(cell: CellFacts, report: Report): void;
    })
  | (RuleDocs & { scope: 'row'; check(row: StaffRow, report: Report): void })
  | (RuleDocs & {
      scope: 'dataset';
      /**
       * The rule looks at nothing but each row's own values, in file order, and `expectedRows` of its
       * context (no site list, ODS, export or earlier upload), and reports only about rows: so it can
       * run on a reading of the staff file of its own, in another thread (core/separate.ts).
       */
      separable?: true;
      /** Called once before the staff rows; says what to do with each row and after the last, if anything. */
      begin(ctx: DatasetContext, report: Report): DatasetPass | undefined;
    })
  | (RuleDocs & { scope: 'site'; check(ctx: SiteContext, report: Report): void })
  | (RuleDocs & { scope: 'quota'; check(ctx: QuotaContext, report: Report): void });

/** Keeps each rule's code as a literal type, so the registry can derive the union of codes. */
export const defineRule = <const R extends Rule>(rule: R): R => rule;

/** `p.name` as text, for templates. */
export const s = (params: Params, key: string): string => String(params[key] ?? '');

/** Column number → Excel letter (1 → A, 27 → AA), so people can find a column in Excel. */
export function columnLetter(index0: number): string {
  let n = index0 + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
