/** A staff row as the rules see it, and where a finding about one points. */
import { STAFF_COLUMNS, type StaffColumn } from './columns.js';
import type { Access, Action, StaffRow, TableRow } from './model.js';
import { type MobileResult, normaliseCode, normaliseMobile } from './normalise.js';
import type { Finding, RowRef } from './rules/rule.js';
import type { Location } from './types.js';

const ACTIONS: readonly Action[] = ['new', 'joiner', 'leaver'];
const ACCESSES: readonly Access[] = ['owner', 'member'];

function parseEnum<T extends string>(value: string, allowed: readonly T[], blank: T): T | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return blank;
  return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/**
 * A staff row as the rules see it. One is made per file and refilled for each row (`fill`): rules
 * read it during their call and copy what they keep, as they do with cells and records.
 */
export class StaffRecord implements StaffRow {
  index = 0;
  line = 0;
  cells: string[] = [];
  siteCode = '';
  action: Action | undefined = undefined;
  access: Access | undefined = undefined;
  mobile: MobileResult = { kind: 'blank' };
  sent: { file: string; line: number } | undefined = undefined;
  private values: TableRow['values'] | undefined = undefined;
  constructor(
    readonly file: string,
    private readonly columns: ReadonlySet<string>,
  ) {}
  fill(row: TableRow): this {
    this.index = row.index;
    this.line = row.line;
    this.cells = row.cells;
    this.values = row.values;
    this.siteCode = normaliseCode(this.get('site_ods_code'));
    this.action = parseEnum(this.get('action'), ACTIONS, 'new');
    this.access = parseEnum(this.get('access'), ACCESSES, 'member');
    this.mobile = normaliseMobile(this.get('mobile'));
    this.sent = undefined;
    return this;
  }
  get(column: StaffColumn): string {
    return this.values?.get(column) ?? '';
  }
  has(column: StaffColumn): boolean {
    return this.columns.has(column);
  }
}

/** Where a finding about a staff row points: its line, and the cell's value when a column is named. */
export function rowAt(row: RowRef, f: Finding): Location {
  const column = f.column ?? '';
  const known = row.get !== undefined && (STAFF_COLUMNS as readonly string[]).includes(column);
  return { file: row.file, line: row.line, column, value: known ? row.get!(column as StaffColumn) : '' };
}

const NOWHERE: Location = { file: '', line: null, column: '', value: '' };

/** Where a cross-row rule's finding points: at its row, or nowhere in particular. */
export const findingAt = (f: Finding): Location => (f.row ? rowAt(f.row, f) : NOWHERE);
