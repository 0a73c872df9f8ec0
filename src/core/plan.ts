/**
 * The planner: inputs as bytes → every finding, every row's status, the sites, and the upload rows.
 * Pure: no file system, clock or console. Same inputs and options → the same result, in the same order.
 */
import { SITE_DETAIL_COLUMNS, type SiteDetailColumn, type StaffColumn } from './columns.js';
import type { EncodingName } from './decode.js';
import { type ExistingIndex, loadExisting, personAtSite, predictedAddress } from './existing.js';
import {
  type Access,
  type Action,
  IndexedValues,
  type RecordFacts,
  type Site,
  type StaffRow,
  type TableFacts,
  type TableRow,
} from './model.js';
import {
  cleanValue,
  detach,
  emailKey,
  hasPlainEdges,
  Interner,
  isPlain,
  isPlainLine,
  isSiteCode,
  type MobileResult,
  normaliseCode,
  parseCount,
  parseYesNo,
} from './normalise.js';
import { fetchDates, loadOds, type OdsIndex, type OdsOnline, ORD_NAME, withOnline } from './ods.js';
import { loadPrevious, type PreviousIndex, takeSent } from './previous.js';
import {
  buildRowNotes,
  DEFERRED,
  forEachRowResult,
  READY,
  REJECTED,
  type RowNotes,
  RowNotesReader,
  type RowResult,
  readRows,
  STATUS_NAMES,
  SUBMITTED,
} from './rows.js';
import { RULES, ruleByCode, selectRules } from './rules/index.js';
import type { Allocation, DatasetContext, DatasetPass, Finding, RowRef, Rule } from './rules/rule.js';
import { runSeparable, type SeparateFinding, type SeparateResult, separableContext } from './separate.js';
import { describeDelimiter } from './source.js';
import { findingAt, rowAt, StaffRecord } from './staff-record.js';
import { type CellFacts, readTable, SITES_TABLE, STAFF_TABLE, type TableVisitor } from './table.js';
import type { InputFile, InputRole, Issue, Location, RowStatus } from './types.js';

export { forEachRowResult, type RowNotes, type RowResult };

export interface PlanInputs {
  staff: InputFile;
  sites?: InputFile;
  ods?: readonly InputFile[];
  /** What the ODS ORD API said about codes the ODS files lack (`--ods-online`; fetched by the shell). */
  odsOnline?: OdsOnline;
  /** An export of current NHSmail accounts (`--existing`). */
  existing?: InputFile;
  /** The upload files of earlier runs (`--previous DIR`, repeatable). */
  previous?: readonly InputFile[];
}

export interface PlanOptions {
  /** "Today" for close dates, `YYYY-MM-DD`. The shell supplies it; the core has no clock. */
  asOf: string;
  /** Default allowance of named accounts per site (a site's `allowance` column wins). */
  allowance?: number;
  batchSize?: number;
  only?: readonly string[];
  skip?: readonly string[];
  encoding?: EncodingName;
  /** Called every PROGRESS_EVERY staff rows read, for a progress line on large inputs. */
  onProgress?: (rowsRead: number) => void;
  /**
   * The findings of the separable cross-row rules (the duplicate checks) for the same staff file and
   * options, found on a reading of their own (runSeparable), usually in another thread. Called once,
   * after the planner's own reading. Without it, or if it gives undefined (the thread died), the
   * planner runs those rules itself.
   */
  separate?: () => SeparateResult | undefined;
}

export const PROGRESS_EVERY = 10_000;

export interface InputSummary {
  role: InputRole;
  file: string;
  format: string;
  encoding: string;
  delimiter: string;
  rows: number;
  sha256: string;
  /** Workbooks only: the sheet read and all sheets. */
  sheet?: string;
  sheets?: string[];
}

export interface UploadRow {
  action: Action;
  siteCode: string;
  siteName: string;
  sharedMailbox: string;
  title: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  access: Access;
  personalEmail: string;
  mobile: string;
  nhsmailAddress: string;
}

export interface SiteSummary {
  site_ods_code: string;
  site_name: string;
  hq_ods_code: string;
  ods_parent_code: string;
  shared_mailbox: string;
  allowance: number;
  existing_accounts: number;
  requested: number;
  ready: number;
  deferred: number;
  rejected: number;
  over_by: number;
  owners: number;
  status: 'ok' | 'over-quota' | 'error';
  /** Ready leaver rows: accounts this request frees (report.json and report.html; not in sites.csv). */
  leavers: number;
  /** Rows an earlier upload already sent (`--previous`). */
  submitted: number;
}

export interface PlanSummary {
  rows: number;
  ready: number;
  deferred: number;
  rejected: number;

  errors: number;
  warnings: number;
  infos: number;
  sites: number;
  sitesOverQuota: number;
  /** Rows an earlier upload already sent (`--previous`); 0 without it. */
  submitted: number;
}

/** A reference the plan was checked against, and how recent it is (report.json and report.html). */
export interface Reference {
  kind: 'ods-file' | 'ods-online' | 'existing' | 'previous';
  source: string;
  /** YYYY-MM-DD, a range "A to B", or '' when the reference carries no date. */
  date: string;
  /** What the date means and what was used, in a few words. */
  note: string;
}

export interface PlanResult {
  asOf: string;
  inputs: InputSummary[];
  /** The staff file's header cells as written, then `extra_1`… for values some rows have past them. */
  staffHeader: string[];
  rows: RowResult[];
  upload: UploadRow[];
  /** Present only with a batch size: the upload rows split into batches, a site never split. */
  batches?: UploadRow[][];
  /** How many batches (0 without a batch size), known without reading the rows again. */
  batchCount: number;
  /**
   * Reads the staff file again and hands over every row's result in order, with its upload row and
   * batch when it is ready: how large plans are written without holding every row (`rows`,
   * `upload` and `batches` are built from this on first use).
   */
  forEachRow(visit: (row: RowResult, upload: UploadRow | undefined, batch: number | undefined) => void): void;
  /** Reads the staff file again for the ready rows' upload rows only, with their batches. */
  forEachUpload(visit: (upload: UploadRow, batch: number | undefined) => void): void;
  /**
   * Each row's status, codes and hints as plain data: with the staff file, all that review.csv needs
   * (forEachRowResult), so another thread can write it while this one writes the upload file.
   */
  rowNotes: RowNotes;
  sites: SiteSummary[];
  issues: Issue[];
  summary: PlanSummary;
  countsByCode: Record<string, number>;
  /** Names from the ODS reference of the HQs the sites are declared under or parented by. */
  hqNames: Record<string, string>;
  /** Every reference used (ODS files and service, accounts export, earlier upload), with its date. */
  references: Reference[];
  /**
   * The site a line of the staff or sites file names ('' for other files, blank codes and lines
   * that are not data rows), so a page can group findings by site without reading the files again.
   */
  siteAt(file: string, line: number | null): string;
}

/** Findings that defer rather than reject: they never make a row or site `rejected`. */
export const DEFERRAL_CODES: ReadonlySet<string> = new Set(['staff-over-quota', 'site-over-quota']);

/**
 * A site's shared mailbox address. Lower-casing the whole address also makes it one flat string
 * rather than three joined pieces (a summary of each of 100,000 sites holds one).
 */
export const sharedMailbox = (code: string): string => `care.${code}@nhs.net`.toLowerCase();

/** A staff row as allocation sees it, made from StaffRefs one site at a time. */
interface StaffRef extends RowRef {
  siteCode: string;
  action: Action | undefined;
  access: Access | undefined;
  /** Sent by an earlier upload (`--previous`). */
  sent: boolean;
  /**
   * A sent request the accounts export already reflects (the new account is there, the leaver's
   * is gone): the export's count has it, so it is not counted again.
   */
  reflected: boolean;
}

const ACTION_BITS: readonly (Action | undefined)[] = ['new', 'joiner', 'leaver', undefined];
const ACCESS_BITS: readonly (Access | undefined)[] = ['owner', 'member', undefined];
const SENT = 1 << 4;
const REFLECTED = 1 << 5;

/**
 * What the planner keeps of each staff row after reading it, in columns: its line, its site (as a
 * number into a table of codes) and a byte of flags. About 9 bytes a row, where an object a row
 * took over 80; a million rows are a few megabytes.
 */
class StaffRefs {
  count = 0;
  lines = new Uint32Array(1024);
  sites = new Uint32Array(1024);
  flags = new Uint8Array(1024);
  /**
   * The mobile as pass 1 normalised it, as a number (07912 345678 → 7912345678, exact), NaN when
   * it is not a mobile: the upload file needs it and normalising again cost as much as reading it.
   */
  mobiles = new Float64Array(1024);
  readonly codes: string[] = [];
  private readonly ids = new Map<string, number>();
  constructor(readonly file: string) {}

  push(
    line: number,
    siteCode: string,
    action: Action | undefined,
    access: Access | undefined,
    sent: boolean,
    reflected: boolean,
    mobile: MobileResult,
  ): void {
    if (this.count === this.lines.length) {
      const grow = <A extends Uint32Array | Uint8Array | Float64Array>(a: A, make: (n: number) => A): A => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.lines = grow(this.lines, (n) => new Uint32Array(n));
      this.sites = grow(this.sites, (n) => new Uint32Array(n));
      this.flags = grow(this.flags, (n) => new Uint8Array(n));
      this.mobiles = grow(this.mobiles, (n) => new Float64Array(n));
    }
    let id = this.ids.get(siteCode);
    if (id === undefined) {
      id = this.codes.length;
      this.codes.push(siteCode);
      this.ids.set(siteCode, id);
    }
    const i = this.count++;
    this.lines[i] = line;
    this.sites[i] = id;
    this.flags[i] =
      ACTION_BITS.indexOf(action) |
      (ACCESS_BITS.indexOf(access) << 2) |
      (sent ? SENT : 0) |
      (reflected ? REFLECTED : 0);
    this.mobiles[i] = mobile.kind === 'ok' ? Number(mobile.value) : Number.NaN;
  }
  /** The normalised mobile (07 and nine digits), or '' when the row has none. */
  mobile(i: number): string {
    const n = this.mobiles[i]!;
    // toFixed rather than String(n): V8 keeps recent number-to-string results in a cache that
    // outlives the young generation, so a million of them would pile up as old garbage.
    return Number.isNaN(n) ? '' : `0${n.toFixed(0)}`;
  }
  siteCode(i: number): string {
    return this.codes[this.sites[i]!]!;
  }
  action(i: number): Action | undefined {
    return ACTION_BITS[this.flags[i]! & 3];
  }
  access(i: number): Access | undefined {
    return ACCESS_BITS[(this.flags[i]! >> 2) & 3];
  }
  sent(i: number): boolean {
    return (this.flags[i]! & SENT) !== 0;
  }
  reflected(i: number): boolean {
    return (this.flags[i]! & REFLECTED) !== 0;
  }
  ref(i: number): StaffRef {
    return {
      index: i,
      line: this.lines[i]!,
      file: this.file,
      siteCode: this.siteCode(i),
      action: this.action(i),
      access: this.access(i),
      sent: this.sent(i),
      reflected: this.reflected(i),
    };
  }
  /** Row numbers grouped by site, each group in file order: `rows.subarray(start[id], start[id + 1])`. */
  bySite(): { start: Uint32Array; rows: Uint32Array } {
    const start = new Uint32Array(this.codes.length + 1);
    for (let i = 0; i < this.count; i++) start[this.sites[i]! + 1]!++;
    for (let s = 0; s < this.codes.length; s++) start[s + 1]! += start[s]!;
    const next = start.slice(0, this.codes.length);
    const rows = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) rows[next[this.sites[i]!]!++] = i;
    return { start, rows };
  }
  idOf(siteCode: string): number | undefined {
    return this.ids.get(siteCode);
  }
}

/**
 * A site's allocation as the quota rules see it. Its ready and deferred rows become objects only if
 * a rule asks for them (most sites' rules only count), and one class serves a hundred thousand sites.
 */
class SiteAllocation implements Allocation {
  readonly allowance: number;
  readonly existing: number;
  readonly leavers: number;
  readonly free: number;
  readonly candidates: number;
  readonly requests: number;
  readonly submitted: number;
  readonly isNewSite: boolean;
  private readyRefs: RowRef[] | undefined;
  private deferredRefs: RowRef[] | undefined;
  constructor(
    private readonly rows: StaffRefs,
    private readonly ordered: readonly number[],
    private readonly cut: number,
    counts: Omit<Allocation, 'ready' | 'deferred'>,
  ) {
    this.allowance = counts.allowance;
    this.existing = counts.existing;
    this.leavers = counts.leavers;
    this.free = counts.free;
    this.candidates = counts.candidates;
    this.requests = counts.requests;
    this.submitted = counts.submitted;
    this.isNewSite = counts.isNewSite;
  }
  get ready(): RowRef[] {
    this.readyRefs ??= this.ordered.slice(0, this.cut).map((i) => this.rows.ref(i));
    return this.readyRefs;
  }
  get deferred(): RowRef[] {
    this.deferredRefs ??=
      this.cut >= this.ordered.length ? [] : this.ordered.slice(this.cut).map((i) => this.rows.ref(i));
    return this.deferredRefs;
  }
}

/** Detail columns whose values repeat across sites (a name, a postcode or a CQC ID is mostly its own). */
const REPEATING_DETAILS: ReadonlySet<SiteDetailColumn> = new Set([
  'site_name',
  'town',
  'hq_ods_code',
  'dspt_status',
  'existing_accounts',
  'allowance',
  'shared_mailbox_exists',
]);

/** What a site's details are once its summary is made (nothing reads them after). */
const NO_DETAILS: Site['details'] = Object.freeze({});

/**
 * A site's details with every column present from the start (undefined until given), so a hundred
 * thousand sites share one object shape and keep their details inside the object.
 */
const noDetails = (): Site['details'] => ({
  site_name: undefined,
  town: undefined,
  hq_ods_code: undefined,
  cqc_location_id: undefined,
  postcode: undefined,
  dspt_status: undefined,
  existing_accounts: undefined,
  allowance: undefined,
  shared_mailbox_exists: undefined,
});

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sameDetail(column: SiteDetailColumn, a: string, b: string): boolean {
  const fold = (v: string) => {
    const t = v.toLowerCase().replace(/\s+/g, ' ').trim();
    if (column === 'postcode') return t.replace(/ /g, '');
    if (column === 'existing_accounts' || column === 'allowance') return String(parseCount(t) ?? t);
    return t;
  };
  return fold(a) === fold(b);
}

const REGISTRY_ORDER = new Map<string, number>(RULES.map((r, i) => [r.code, i]));

/** Collects issues and remembers which row, site or file each one blocks. */
class Findings {
  readonly issues: Issue[] = [];
  readonly byRow = new Map<number, Issue[]>();
  readonly bySite = new Map<string, Issue[]>();
  readonly byFile = new Map<InputRole, Issue[]>();
  /** `row:column` of staff cells that already have a cell-level error (formula, invisible, line break). */
  readonly brokenCells = new Set<string>();
  /** Hints repeat (most are a rule's fixed sentence): each distinct one is kept once. */
  private readonly hints = new Map<string, string>();
  private shared(text: string): string {
    let kept = this.hints.get(text);
    if (kept === undefined) {
      kept = detach(text);
      this.hints.set(kept, kept);
    }
    return kept;
  }

  add(
    rule: Rule,
    finding: Finding,
    at: Location,
    target: { row?: number; site?: string; file?: InputRole },
  ): Issue {
    const params = kept(finding.params);
    const issue: Issue = {
      severity: rule.severity,
      code: rule.code,
      file: finding.file ?? at.file,
      line: finding.line !== undefined ? finding.line : at.line,
      column: finding.column ?? at.column,
      value: detach(finding.value ?? at.value),
      message: detach(rule.message(params)),
      hint: this.shared(rule.hint(params)),
      params,
    };
    this.issues.push(issue);
    const push = <K>(map: Map<K, Issue[]>, key: K) => {
      const list = map.get(key);
      if (list) list.push(issue);
      else map.set(key, [issue]);
    };
    if (target.row !== undefined) push(this.byRow, target.row);
    if (rule.scope === 'cell' && rule.severity === 'error' && target.row !== undefined) {
      this.brokenCells.add(`${target.row}:${issue.column}`);
    }
    if (target.site !== undefined) push(this.bySite, target.site);
    if (target.file !== undefined) push(this.byFile, target.file);
    return issue;
  }

  /**
   * A separable rule's finding (core/separate.ts), placed among its row's findings where the
   * planner's own pass would have put it: after the cell and row rules' findings, before those of
   * cross-row rules later in the registry (a row lists its codes in the order they were found).
   */
  addSeparate(rule: Rule, f: SeparateFinding): void {
    const issue = this.add(rule, f.finding, f.at, {});
    if (f.row === undefined) return;
    const list = this.byRow.get(f.row);
    if (!list) {
      this.byRow.set(f.row, [issue]);
      return;
    }
    const order = REGISTRY_ORDER.get(rule.code)!;
    const later = (i: Issue) =>
      ruleByCode(i.code)?.scope === 'dataset' && REGISTRY_ORDER.get(i.code)! > order;
    let at = list.length;
    while (at > 0 && later(list[at - 1]!)) at--;
    list.splice(at, 0, issue);
  }

  static blocking(list: readonly Issue[] | undefined): boolean {
    return list?.some((i) => i.severity === 'error' && !DEFERRAL_CODES.has(i.code)) ?? false;
  }
}

/**
 * A finding's params as kept for the report: a value taken from a cell is a slice of its whole line
 * (or of a name built from it), so each is copied on its own and the line can go.
 */
function kept(params: Finding['params']): Issue['params'] {
  if (params === undefined) return NO_PARAMS;
  let out: Record<string, string | number> | undefined;
  for (const key in params) {
    const v = params[key]!;
    if (typeof v !== 'string' || v.length < 13) continue;
    out ??= { ...params };
    out[key] = detach(v);
  }
  return out ?? params;
}
const NO_PARAMS: Issue['params'] = {};

type ScopedRules = { [S in Rule['scope']]: Extract<Rule, { scope: S }>[] };

function byScope(rules: readonly Rule[]): ScopedRules {
  const out: ScopedRules = { file: [], record: [], cell: [], row: [], dataset: [], site: [], quota: [] };
  for (const r of rules) (out[r.scope] as Rule[]).push(r);
  return out;
}

/** Runs the table-level rules (file, record, cell) on one input; `targetOf` says what a row's finding blocks. */
function tableVisitor(
  rules: ScopedRules,
  findings: Findings,
  role: InputRole,
  onRow: (row: TableRow, table: TableFacts) => void,
  targetOf: (row: TableRow | undefined) => { row?: number; site?: string },
  onHeader?: (table: TableFacts) => void,
): TableVisitor & { facts(): TableFacts | undefined } {
  let table: TableFacts | undefined;
  let current: TableRow | undefined;
  let record: RecordFacts | undefined;
  let cell: CellFacts | undefined;
  // Each rule's report is made once and reads where it is from the record or cell being checked,
  // so checking a clean cell allocates nothing (a million rows have ten million cells).
  const recordRules = rules.record.map((rule) => ({
    rule,
    report: (f: Finding = {}) => {
      const at = { file: record!.file, line: record!.line, column: '', value: '' };
      findings.add(rule, f, at, targetOf(current));
    },
  }));
  const cellRule = (rule: (typeof rules.cell)[number]) => ({
    rule,
    report: (f: Finding = {}) => {
      const at = { file: cell!.file, line: cell!.line, column: cell!.column, value: cell!.raw };
      findings.add(rule, f, at, targetOf(current));
    },
  });
  const allCellRules = rules.cell.map(cellRule);
  /** Cell rules by the column they look at, worked out once per column. */
  const cellRulesOf = new Map<string, typeof allCellRules>();
  const cellRulesFor = (column: string) => {
    let list = cellRulesOf.get(column);
    if (!list) {
      list = allCellRules.filter(({ rule }) => !rule.columns || rule.columns.includes(column));
      cellRulesOf.set(column, list);
    }
    return list;
  };
  /** The same lists by the column's place in the table, so most cells need no lookup by name. */
  const cellRulesAt: (typeof allCellRules)[] = [];
  return {
    facts: () => table,
    onTable(t) {
      table = t;
      onHeader?.(t);
    },
    onRecord(r, row) {
      current = row;
      record = r;
      for (const { rule, report } of recordRules) rule.check(r, report);
    },
    onCell(c) {
      cell = c;
      let list = cellRulesAt[c.at];
      if (!list) {
        list = cellRulesFor(c.column);
        cellRulesAt[c.at] = list;
      }
      for (const { rule, report } of list) rule.check(c, report);
    },
    onRow(row) {
      onRow(row, table!);
    },
    onEnd(t) {
      const at = { file: t.file, line: t.header.line, column: '', value: '' };
      for (const rule of rules.file) rule.check(t, (f = {}) => findings.add(rule, f, at, { file: role }));
    },
  };
}

export function plan(inputs: PlanInputs, options: PlanOptions): PlanResult {
  const { rules: selected } = selectRules(options.only, options.skip);
  const rules = byScope(selected);
  const findings = new Findings();
  const inputSummaries: InputSummary[] = [];

  // ODS reference first: site rules need it, and an unreadable one stops the run before any work.
  const localOds = inputs.ods?.length ? loadOds([...inputs.ods], options.encoding) : undefined;
  /** Let go once the plan is made: writing the rows needs only the site summaries. */
  let ods: OdsIndex | undefined = inputs.odsOnline ? withOnline(localOds, inputs.odsOnline) : localOds;
  const existing = inputs.existing ? loadExisting(inputs.existing, options.encoding) : undefined;
  const previous = inputs.previous?.length ? loadPrevious(inputs.previous, options.encoding) : undefined;

  // Sites: the sites file, then the site columns riding along on staff rows.
  const sites = new Map<string, Site>();
  let appearance = 0;
  const detailSource = new Map<
    string,
    Map<SiteDetailColumn, { value: string; file: string; line: number }>
  >();
  // A hundred thousand sites share a handful of column sets and, until something goes wrong,
  // the same empty lists: a Set and two arrays each came to about 500 bytes a site.
  const columnSets = new Map<string, ReadonlySet<SiteDetailColumn>>([['', new Set()]]);
  const withColumns = (current: ReadonlySet<SiteDetailColumn>, present: ReadonlySet<string>) => {
    if (SITE_DETAIL_COLUMNS.every((c) => !present.has(c) || current.has(c))) return current;
    const columns = SITE_DETAIL_COLUMNS.filter((c) => current.has(c) || present.has(c));
    const key = columns.join(',');
    let set = columnSets.get(key);
    if (!set) {
      set = new Set(columns);
      columnSets.set(key, set);
    }
    return set;
  };
  /** Site details that repeat from site to site (towns, HQs, counts), kept once each while reading. */
  const repeated = new Interner();
  const NO_CONFLICTS: Site['conflicts'] = [];
  const NO_DUPLICATES: Site['duplicates'] = [];
  /** The site of `code`, made (with where it is from) the first time a file names it. */
  const ensureSite = (code: string, file: string, line: number): Site => {
    let site = sites.get(code);
    if (!site) {
      const source = { file, line };
      site = {
        code,
        details: noDetails(),
        columns: columnSets.get('')!,
        source,
        inSitesFile: false,
        listed: false,
        conflicts: NO_CONFLICTS,
        duplicates: NO_DUPLICATES,
        firstAppearance: appearance++,
      };
      sites.set(code, site);
    }
    return site;
  };
  /**
   * Where a site's detail was first given. A sites-file row is the site's own source line, so only
   * values riding along on staff rows are recorded (most sites never need an entry).
   */
  const firstGiven = (site: Site, column: SiteDetailColumn) => {
    const recorded = detailSource.get(site.code)?.get(column);
    if (recorded) return recorded;
    const value = site.details[column];
    return value === undefined || !site.inSitesFile || !inputs.sites
      ? undefined
      : { value, file: inputs.sites.name, line: site.source!.line };
  };
  const mergeDetails = (
    site: Site,
    row: TableRow,
    file: string,
    present: ReadonlySet<string>,
    fromSitesFile: boolean,
  ) => {
    site.columns = withColumns(site.columns, present);
    for (const column of SITE_DETAIL_COLUMNS) {
      if (!present.has(column)) continue;
      let value = row.values.get(column) ?? '';
      if (column === 'hq_ods_code') value = normaliseCode(value);
      if (value === '') continue;
      const first = firstGiven(site, column);
      if (!first) {
        site.details[column] = REPEATING_DETAILS.has(column) ? repeated.of(value) : detach(value);
        if (!fromSitesFile) {
          let sources = detailSource.get(site.code);
          if (!sources) {
            sources = new Map();
            detailSource.set(site.code, sources);
          }
          sources.set(column, { value: site.details[column]!, file, line: row.line });
        }
      } else if (!sameDetail(column, first.value, value)) {
        if (site.conflicts === NO_CONFLICTS) site.conflicts = [];
        site.conflicts.push({ column, first, second: { value, file, line: row.line } });
      }
    }
  };

  let sitesFileBlocked = false;
  let sitesFile: TableFacts | undefined;
  if (inputs.sites) {
    const sitesInput = inputs.sites;
    let rowCount = 0;
    const visitor = tableVisitor(
      rules,
      findings,
      'sites',
      (row, table) => {
        rowCount++;
        const present = new Set(table.header.columns.filter((c): c is string => c !== undefined));
        const code = normaliseCode(row.values.get('site_ods_code') ?? '');
        const existing = sites.get(code);
        if (existing?.inSitesFile) {
          if (existing.duplicates === NO_DUPLICATES) existing.duplicates = [];
          existing.duplicates.push({
            file: sitesInput.name,
            line: row.line,
            firstLine: existing.source!.line,
          });
        } else {
          const site = ensureSite(code, sitesInput.name, row.line);
          site.inSitesFile = true;
          site.listed = true;
          site.source = { file: sitesInput.name, line: row.line };
          mergeDetails(site, row, sitesInput.name, present, true);
        }
      },
      (row) => (row ? { site: normaliseCode(row.values.get('site_ods_code') ?? '') } : {}),
    );
    readTable(sitesInput, SITES_TABLE, visitor, options.encoding);
    sitesFile = visitor.facts();
    sitesFileBlocked = Findings.blocking(findings.byFile.get('sites'));
    inputSummaries.push(tableSummary('sites', sitesInput, sitesFile!, rowCount));
  }

  // Staff, pass 1: every rule, keeping only a small reference per row (no cells, no values).
  const staffRows = new StaffRefs(inputs.staff.name);
  let staffColumns = new Set<string>();
  let rideAlong = false;
  const siteList: DatasetContext['siteList'] =
    inputs.sites !== undefined ? 'files' : ods?.hasSites ? 'ods' : undefined;
  const datasetCtx: DatasetContext = {
    get siteList() {
      return rideAlong ? 'files' : siteList;
    },
    isListedSite: (code) =>
      rideAlong || inputs.sites
        ? (sites.get(code)?.listed ?? false)
        : ods?.orgs.get(code)?.kind === 'site' || (ods?.unchecked.has(code) ?? false),
    ods,
    staffFile: inputs.staff.name,
    existing,
    previous,
    expectedRows: 0,
  };
  let passes: DatasetPass[] = [];
  let widest = 0;
  // Separable rules see only what they promise to need, here as on a reading of their own.
  const separately = options.separate !== undefined;
  const startDataset = () => {
    const ownRows = separableContext(inputs.staff.name, datasetCtx.expectedRows ?? 0);
    passes = rules.dataset.flatMap((rule) => {
      if (rule.separable && separately) return [];
      const pass = rule.begin(rule.separable ? ownRows : datasetCtx, (f = {}) => {
        findings.add(rule, f, findingAt(f), f.row ? { row: f.row.index } : {});
      });
      return pass ? [pass] : [];
    });
  };
  let current: StaffRecord | undefined;
  let staffRecord: StaffRecord | undefined;
  const rowRules = rules.row.map((rule) => ({
    rule,
    report: (f: Finding = {}) => {
      const row = current!;
      // A cell already rejected for its characters needs no second finding about its content.
      if (f.column && findings.brokenCells.has(`${row.index}:${f.column}`)) return;
      findings.add(rule, f, rowAt(row, f), { row: row.index });
    },
  }));
  const staffVisitor = tableVisitor(
    rules,
    findings,
    'staff',
    (row) => {
      const staffRow = staffRecord!.fill(row);
      staffRow.sent = takeSent(previous, staffRow);
      // Values past the last header are kept for review.csv (empty trailing cells are not).
      let width = row.cells.length;
      while (width > widest && row.cells[width - 1]!.trim() === '') width--;
      widest = Math.max(widest, width);
      if (options.onProgress && (staffRows.count + 1) % PROGRESS_EVERY === 0)
        options.onProgress(staffRows.count + 1);
      current = staffRow;
      for (const { rule, report } of rowRules) rule.check(staffRow, report);
      let siteCode = staffRow.siteCode;
      if (siteCode !== '') {
        const site = ensureSite(siteCode, staffRow.file, staffRow.line);
        siteCode = site.code;
        // A row lists its site only when it says something about it (a typo'd code stays unknown).
        if (rideAlong && SITE_DETAIL_COLUMNS.some((c) => staffRow.get(c) !== '')) {
          site.listed = true;
          const values = IndexedValues.of(SITE_DETAIL_COLUMNS.map((c) => [c, staffRow.get(c)] as const));
          mergeDetails(site, { ...row, values }, staffRow.file, staffColumns, false);
        }
      }
      for (const pass of passes) pass.row?.(staffRow);
      const sent = staffRow.sent !== undefined;
      staffRows.push(
        staffRow.line,
        siteCode,
        staffRow.action,
        staffRow.access,
        sent,
        sent && existing !== undefined && reflectedIn(existing, staffRow),
        staffRow.mobile,
      );
    },
    (row) => (row ? { row: row.index } : {}),
    (table) => {
      staffColumns = new Set(table.header.columns.filter((c): c is string => c !== undefined));
      staffRecord = new StaffRecord(inputs.staff.name, staffColumns);
      rideAlong = SITE_DETAIL_COLUMNS.some((c) => staffColumns.has(c));
      datasetCtx.expectedRows = table.source.estimatedLines;
      startDataset();
    },
  );
  readTable(inputs.staff, STAFF_TABLE, staffVisitor, options.encoding);
  if (options.separate) {
    // Should the other thread have died without a word, the rules are run here after all.
    const found =
      options.separate() ??
      runSeparable(inputs.staff, { only: options.only, skip: options.skip, encoding: options.encoding });
    const expected = rules.dataset.filter((r) => r.separable).map((r) => r.code);
    if (found.codes.join() !== expected.join()) {
      throw new Error(`The separate rules ran were ${found.codes.join()}, not ${expected.join()}.`);
    }
    // Each joins its row's findings where the planner's own pass would have put it.
    for (const f of found.findings) findings.addSeparate(ruleByCode(f.code)!, f);
  }
  for (const pass of passes) pass.end?.();
  // The cross-row rules' tables are done with: let them go before the rest of the plan is built.
  passes = [];
  detailSource.clear();
  repeated.clear();
  findings.brokenCells.clear();
  const staffTable = staffVisitor.facts()!;
  inputSummaries.unshift(tableSummary('staff', inputs.staff, staffTable, staffRows.count));
  for (const [i, f] of (ods?.files ?? []).entries()) {
    const input = inputs.ods![i];
    inputSummaries.push({
      role: 'ods',
      file: f.file,
      format: f.format,
      encoding: f.encoding,
      delimiter: f.delimiter,
      rows: f.rows,
      sha256: input?.sha256 ?? '',
      ...(f.sheet !== undefined ? { sheet: f.sheet, sheets: f.sheets ?? [] } : {}),
    });
  }
  if (existing) inputSummaries.push({ role: 'existing', ...existing.summary });
  for (const f of previous?.files ?? []) inputSummaries.push({ role: 'previous', ...f });

  const siteListKnown = datasetCtx.siteList !== undefined;
  let grouped: { start: Uint32Array; rows: Uint32Array } | undefined = staffRows.bySite();
  const NO_ROWS = new Uint32Array(0);
  /** A site's rows (numbers into staffRows), in file order: no object per row. */
  const rowsOf = (code: string): Uint32Array => {
    const id = staffRows.idOf(code);
    return id === undefined || !grouped
      ? NO_ROWS
      : grouped.rows.subarray(grouped.start[id]!, grouped.start[id + 1]!);
  };

  const siteAt = (site: Site): Location => ({
    file: site.source?.file ?? '',
    line: site.source?.line ?? null,
    column: 'site_ods_code',
    value: site.code,
  });
  const orderedSites = [...sites.values()].sort((a, b) => a.firstAppearance - b.firstAppearance);
  for (const site of orderedSites) {
    const ctx = { site, ods, asOf: options.asOf, existing };
    for (const rule of rules.site)
      rule.check(ctx, (f = {}) => findings.add(rule, f, siteAt(site), { site: site.code }));
  }

  // Status before allocation: a row is out if it, its site or its file has a blocking error.
  const staffBlocked = Findings.blocking(findings.byFile.get('staff')) || sitesFileBlocked;
  const status = new Uint8Array(staffRows.count).fill(READY);
  const siteBlocked = staffRows.codes.map(
    (code) => code !== '' && Findings.blocking(findings.bySite.get(code)),
  );
  for (let i = 0; i < staffRows.count; i++) {
    if (staffBlocked || siteBlocked[staffRows.sites[i]!] || Findings.blocking(findings.byRow.get(i))) {
      status[i] = REJECTED;
    }
    // Already sent: whatever the row says now, sending it again would make a second account.
    if (staffRows.sent(i)) status[i] = SUBMITTED;
  }

  // Allocation: free slots = allowance − existing + valid leavers; owners first, then members.
  /** What the summaries need of each site's allocation (not its rows). */
  const allocations = new Map<string, { allowance: number; existing: number }>();
  for (const site of orderedSites) {
    const rows = rowsOf(site.code);
    const allowance = parseCount(site.details.allowance ?? '') ?? options.allowance ?? 10;
    // The accounts export, when given, is what NHSmail holds: it wins over the sites file.
    const existingCount = existing
      ? (existing.bySite.get(site.code) ?? 0)
      : (parseCount(site.details.existing_accounts ?? '') ?? 0);
    let leavers = 0;
    let requests = 0;
    // Requests already sent take their slots first, unless the export already counts them.
    let submitted = 0;
    const owners: number[] = [];
    const members: number[] = [];
    for (const i of rows) {
      const action = staffRows.action(i);
      const isRequest = action === 'new' || action === 'joiner';
      if (isRequest) requests++;
      if (status[i] === REJECTED) continue;
      const reflected = staffRows.reflected(i);
      if (action === 'leaver' && !reflected) leavers++;
      if (!isRequest) continue;
      if (status[i] === SUBMITTED) {
        if (!reflected) submitted++;
      } else if (staffRows.access(i) === 'owner') owners.push(i);
      else members.push(i);
    }
    const free = allowance - existingCount + leavers - submitted;
    const ordered = owners.concat(members);
    const cut = Math.max(0, free);
    for (let k = cut; k < ordered.length; k++) status[ordered[k]!] = DEFERRED;
    const sm = existing?.sharedMailboxes.has(site.code)
      ? true
      : parseYesNo(site.details.shared_mailbox_exists ?? '');
    allocations.set(site.code, { allowance, existing: existingCount });
    // Quota findings only make sense for a real site that is known and not already in error.
    const known = isSiteCode(site.code) && (!siteListKnown || datasetCtx.isListedSite(site.code));
    if (!known || Findings.blocking(findings.bySite.get(site.code)) || staffBlocked) continue;
    const allocation = new SiteAllocation(staffRows, ordered, cut, {
      allowance,
      existing: existingCount,
      leavers,
      free,
      candidates: ordered.length,
      requests,
      submitted,
      isNewSite:
        sm === false || (sm === undefined && existingCount === 0 && leavers === 0 && submitted === 0),
    });
    for (const rule of rules.quota) {
      rule.check({ site, allocation }, (f = {}) => {
        const at = f.row ? rowAt(f.row, f) : siteAt(site);
        findings.add(rule, f, at, f.row ? { row: f.row.index } : { site: site.code });
      });
    }
  }

  const siteName = (site: Site | undefined, code: string) =>
    site?.details.site_name || (ods?.orgs.get(code)?.kind === 'site' ? ods.orgs.get(code)!.name : '');

  // Each site's rows by status, counted in one pass over the rows.
  const siteCount = staffRows.codes.length;
  const byStatus = STATUS_NAMES.map(() => new Uint32Array(siteCount));
  const readyOwners = new Uint32Array(siteCount);
  const readyLeavers = new Uint32Array(siteCount);
  for (let i = 0; i < staffRows.count; i++) {
    const id = staffRows.sites[i]!;
    byStatus[status[i]!]![id]!++;
    if (status[i] !== READY) continue;
    if (staffRows.access(i) === 'owner') readyOwners[id]!++;
    if (staffRows.action(i) === 'leaver') readyLeavers[id]!++;
  }
  const siteSummaries: SiteSummary[] = orderedSites
    .filter((site) => site.code !== '')
    .map((site) => {
      const id = staffRows.idOf(site.code);
      const count = (at: number, counts: Uint32Array = byStatus[at]!) => (id === undefined ? 0 : counts[id]!);
      const a = allocations.get(site.code)!;
      const overBy = count(DEFERRED);
      return {
        site_ods_code: site.code,
        site_name: siteName(site, site.code),
        hq_ods_code: site.details.hq_ods_code ?? '',
        ods_parent_code: ods?.orgs.get(site.code)?.kind === 'site' ? ods.orgs.get(site.code)!.parent : '',
        shared_mailbox: sharedMailbox(site.code),
        allowance: a.allowance,
        existing_accounts: a.existing,
        requested: rowsOf(site.code).length,
        ready: count(READY),
        deferred: overBy,
        rejected: count(REJECTED),
        over_by: overBy,
        owners: count(READY, readyOwners),
        status: Findings.blocking(findings.bySite.get(site.code))
          ? 'error'
          : overBy > 0
            ? 'over-quota'
            : 'ok',
        leavers: count(READY, readyLeavers),
        submitted: count(SUBMITTED),
      };
    });

  // Only the summaries are needed from here on (the rows are written from them): the sites' other
  // details, their allocations and the rows grouped by site are let go before the rows are written.
  const summaryOf = new Map(siteSummaries.map((summary) => [summary.site_ods_code, summary]));
  for (const site of orderedSites) {
    site.details = NO_DETAILS;
    site.conflicts = NO_CONFLICTS;
  }
  orderedSites.length = 0;
  allocations.clear();
  grouped = undefined;
  // Which site each line of the sites file names (for siteAt), kept instead of the sites themselves.
  const sitesFileLines = new Map<number, string>();
  for (const site of inputs.sites ? sites.values() : []) {
    if (!site.inSitesFile || site.code === '') continue;
    sitesFileLines.set(site.source!.line, site.code);
    for (const d of site.duplicates) sitesFileLines.set(d.line, site.code);
  }
  sites.clear();

  // Batches: sites in order of their first ready row, packed greedily, a site never split.
  const readyBySite = new Map<string, number>();
  for (let i = 0; i < staffRows.count; i++) {
    if (status[i] !== READY) continue;
    const code = staffRows.siteCode(i);
    readyBySite.set(code, (readyBySite.get(code) ?? 0) + 1);
  }
  const batchOfSite = options.batchSize ? packSites(readyBySite, options.batchSize) : undefined;

  // What each row's line of review.csv says, as plain data another thread can take (core/rows.ts).
  const rowNotes = buildRowNotes({
    commas: staffTable.source.delimiter === ',',
    lines: staffRows.lines.subarray(0, staffRows.count),
    status,
    sites: staffRows.sites.subarray(0, staffRows.count),
    siteCount: staffRows.codes.length,
    own: findings.byRow,
    // A site's errors as its rows show them: those that reject, and those only a deferred row shows.
    siteShown: [...findings.bySite].flatMap(([code, found]) => {
      const id = staffRows.idOf(code);
      const errors = found.filter((i) => i.severity === 'error');
      if (code === '' || id === undefined || errors.length === 0) return [];
      return [[id, { always: errors.filter((i) => !DEFERRAL_CODES.has(i.code)), deferred: errors }] as const];
    }),
    // Errors of the whole staff file (or of an unreadable sites file) reject, and are named on, every row.
    file: [
      ...(findings.byFile.get('staff') ?? []),
      ...(sitesFileBlocked ? (findings.byFile.get('sites') ?? []) : []),
    ].filter((i) => i.severity === 'error'),
  });
  // The notes say all the rows need of the findings: their indexes by row, site and file can go.
  findings.byRow.clear();
  findings.bySite.clear();
  findings.byFile.clear();
  /** Each site's name and shared mailbox, from its summary. */
  const labelsOf = (code: string): Pick<SiteSummary, 'site_name' | 'shared_mailbox'> =>
    summaryOf.get(code) ?? { site_name: '', shared_mailbox: sharedMailbox(code) };
  /**
   * A ready row's upload row, from its cells and what pass 1 kept (action, access, site): only the
   * values the upload file needs are cleaned again, and only the mobile is normalised again.
   */
  const uploadAt = (
    index: number,
    cells: string[],
    siteCode: string,
    text: string | undefined,
  ): UploadRow => {
    // A line of plain ASCII (most) says at once which of its cells need no cleaning.
    const plainLine = text !== undefined && isPlainLine(text);
    const labels = labelsOf(siteCode);
    return {
      action: staffRows.action(index)!,
      siteCode,
      siteName: labels.site_name,
      sharedMailbox: labels.shared_mailbox,
      title: uploadValue(cells, plainLine, uploadCellAt.title),
      firstName: uploadValue(cells, plainLine, uploadCellAt.firstName),
      lastName: uploadValue(cells, plainLine, uploadCellAt.lastName),
      jobTitle: uploadValue(cells, plainLine, uploadCellAt.jobTitle),
      access: staffRows.access(index)!,
      personalEmail: uploadValue(cells, plainLine, uploadCellAt.personalEmail),
      mobile: staffRows.mobile(index),
      nhsmailAddress: uploadValue(cells, plainLine, uploadCellAt.nhsmailAddress),
    };
  };

  /**
   * Pass 2: reads the staff records again and hands over each row's result, with its upload row when
   * it is ready. A record is the next data row exactly when it starts on that row's line as pass 1
   * recorded it, so the two passes cannot disagree about which records are rows. Only ready rows
   * have their cells cleaned again.
   */
  /** Where each value of the upload file is among a row's cells (-1: the file has no such column). */
  const cellAt = (column: StaffColumn) => staffTable.header.columns.indexOf(column);
  const uploadCellAt = {
    title: cellAt('title'),
    firstName: cellAt('first_name'),
    lastName: cellAt('last_name'),
    jobTitle: cellAt('job_title'),
    personalEmail: cellAt('personal_email'),
    nhsmailAddress: cellAt('nhsmail_address'),
  };
  const forEachRow = (
    visit: (row: RowResult, upload: UploadRow | undefined, batch: number | undefined) => void,
  ) => {
    const notes = new RowNotesReader(rowNotes);
    readRows(rowNotes, inputs.staff, options.encoding, (index, rec) => {
      const result = notes.result(index, rec);
      if (status[index] !== READY) {
        visit(result, undefined, undefined);
      } else {
        const siteCode = staffRows.siteCode(index);
        visit(result, uploadAt(index, rec.cells, siteCode, rec.text), batchOfSite?.get(siteCode));
      }
    });
  };
  const forEachUpload = (visit: (upload: UploadRow, batch: number | undefined) => void) => {
    readRows(rowNotes, inputs.staff, options.encoding, (index, rec) => {
      if (status[index] !== READY) return;
      const siteCode = staffRows.siteCode(index);
      visit(uploadAt(index, rec.cells, siteCode, rec.text), batchOfSite?.get(siteCode));
    });
  };

  const issues = [...findings.issues].sort(
    (a, b) =>
      cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.column, b.column) || cmp(a.code, b.code),
  );
  findings.issues.length = 0;
  const countsByCode: Record<string, number> = {};
  for (const issue of issues) countsByCode[issue.code] = (countsByCode[issue.code] ?? 0) + 1;
  const sortedCounts = Object.fromEntries(Object.entries(countsByCode).sort(([a], [b]) => cmp(a, b)));
  const bySeverity = (sev: Issue['severity']) => issues.filter((i) => i.severity === sev).length;
  const statusCount = (name: RowStatus) => {
    const wanted = STATUS_NAMES.indexOf(name);
    let n = 0;
    for (let i = 0; i < staffRows.count; i++) if (status[i] === wanted) n++;
    return n;
  };

  let materialised: { rows: RowResult[]; upload: UploadRow[]; batches: UploadRow[][] } | undefined;
  const materialise = () => {
    if (!materialised) {
      const rows: RowResult[] = [];
      const upload: UploadRow[] = [];
      const batches: UploadRow[][] = [];
      forEachRow((row, up, batch) => {
        rows.push(row);
        if (!up) return;
        upload.push(up);
        if (batch !== undefined) pushAt(batches, batch, up);
      });
      materialised = { rows, upload, batches };
    }
    return materialised;
  };

  const hqNames = Object.fromEntries(
    [...new Set(siteSummaries.flatMap((x) => [x.hq_ods_code, x.ods_parent_code]).filter(Boolean))]
      .sort(cmp)
      .flatMap((code) => {
        const name = ods?.orgs.get(code)?.name;
        return name ? [[code, name]] : [];
      }),
  );
  const references = referencesOf(ods, existing, previous);
  // The ODS index is the largest thing the plan held after the sites; nothing needs it now.
  ods = undefined;
  datasetCtx.ods = undefined;

  return {
    asOf: options.asOf,
    inputs: inputSummaries,
    staffHeader: [
      ...staffTable.header.cells,
      ...Array.from(
        { length: Math.max(0, widest - staffTable.header.cells.length) },
        (_, i) => `extra_${i + 1}`,
      ),
    ],
    get rows() {
      return materialise().rows;
    },
    get upload() {
      return materialise().upload;
    },
    ...(batchOfSite
      ? {
          get batches() {
            return materialise().batches;
          },
        }
      : {}),
    batchCount: batchOfSite ? new Set(batchOfSite.values()).size : 0,
    forEachRow,
    forEachUpload,
    rowNotes,
    sites: siteSummaries,
    issues,
    summary: {
      rows: staffRows.count,
      ready: statusCount('ready'),
      deferred: statusCount('deferred'),
      rejected: statusCount('rejected'),
      errors: bySeverity('error'),
      warnings: bySeverity('warning'),
      infos: bySeverity('info'),
      sites: siteSummaries.length,
      sitesOverQuota: siteSummaries.filter((x) => x.over_by > 0).length,
      submitted: statusCount('submitted'),
    },
    countsByCode: sortedCounts,
    hqNames,
    references,
    siteAt(file, line) {
      if (line === null) return '';
      if (file === inputs.staff.name) {
        // Data rows are kept in file order, so their lines ascend.
        let lo = 0;
        let hi = staffRows.count - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const at = staffRows.lines[mid]!;
          if (at === line) return staffRows.siteCode(mid);
          if (at < line) lo = mid + 1;
          else hi = mid - 1;
        }
        return '';
      }
      if (file === inputs.sites?.name) return sitesFileLines.get(line) ?? '';
      return '';
    },
  };
}

/**
 * Whether the accounts export already reflects a sent request: a leaver's account is gone from it;
 * a new or joining person's account is at the site (by NHSmail address, predicted address or name).
 */
function reflectedIn(existing: ExistingIndex, row: StaffRow): boolean {
  if (row.action === 'leaver') return !existing.addresses.has(emailKey(row.get('nhsmail_address')));
  const first = row.get('first_name');
  const last = row.get('last_name');
  const address = row.action === 'new' ? predictedAddress(first, last) : emailKey(row.get('nhsmail_address'));
  if (address && existing.addresses.get(address)?.site === row.siteCode) return true;
  return row.action === 'new' && existing.people.has(personAtSite(row.siteCode, first, last));
}

function referencesOf(
  ods: OdsIndex | undefined,
  existing: ExistingIndex | undefined,
  previous: PreviousIndex | undefined,
): Reference[] {
  const refs: Reference[] = [];
  for (const f of ods?.files ?? []) {
    refs.push({
      kind: 'ods-file',
      source: f.file,
      date: f.newest,
      note: f.newest ? 'the newest open or close date in the file' : 'the file gives no dates',
    });
  }
  const online = ods?.online;
  if (online) {
    const { range, cached } = fetchDates(online);
    refs.push({
      kind: 'ods-online',
      source: `${ORD_NAME} (${online.source})`,
      date: range,
      note: `when the answers were fetched: ${online.fetched.length} code(s), ${cached} from the cache on disk`,
    });
  }
  if (existing) {
    refs.push({
      kind: 'existing',
      source: existing.summary.file,
      date: '',
      note: `export of current NHSmail accounts: ${existing.addresses.size} named account(s) read`,
    });
  }
  for (const f of previous?.files ?? []) {
    refs.push({ kind: 'previous', source: f.file, date: '', note: `earlier upload: ${f.rows} row(s) sent` });
  }
  return refs;
}

/** A cell of a ready row, cleaned for the upload file ('' where the file has no such column). */
function uploadValue(cells: readonly string[], plainLine: boolean, at: number): string {
  if (at < 0) return '';
  const raw = cells[at] ?? '';
  return cleanValue(raw, plainLine ? hasPlainEdges(raw) : isPlain(raw));
}

function tableSummary(role: InputRole, input: InputFile, table: TableFacts, rows: number): InputSummary {
  const { source } = table;
  return {
    role,
    file: input.name,
    format: source.format,
    encoding: source.encoding,
    delimiter: describeDelimiter(source.delimiter),
    rows,
    sha256: input.sha256 ?? '',
    ...(source.sheet !== undefined ? { sheet: source.sheet, sheets: source.sheets ?? [] } : {}),
  };
}

/**
 * Batch number of each site: sites in order of their first ready row (the map's order), taken
 * greedily, a site never split; a site with more than `size` rows gets a batch of its own.
 */
export function packSites(readyBySite: ReadonlyMap<string, number>, size: number): Map<string, number> {
  const batchOf = new Map<string, number>();
  let batch = -1;
  let filled = 0;
  for (const [site, count] of readyBySite) {
    if (batch < 0 || (filled > 0 && filled + count > size)) {
      batch++;
      filled = 0;
    }
    batchOf.set(site, batch);
    filled += count;
  }
  return batchOf;
}

function pushAt<T>(lists: T[][], at: number, item: T): void {
  const list = lists[at];
  if (list) list.push(item);
  else lists[at] = [item];
}

/** Upload rows split into batches (see packSites). */
export function packBatches(upload: readonly UploadRow[], size: number): UploadRow[][] {
  const counts = new Map<string, number>();
  for (const row of upload) counts.set(row.siteCode, (counts.get(row.siteCode) ?? 0) + 1);
  const batchOf = packSites(counts, size);
  const batches: UploadRow[][] = [];
  for (const row of upload) pushAt(batches, batchOf.get(row.siteCode)!, row);
  return batches;
}
