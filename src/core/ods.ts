/**
 * The ODS reference: organisations by code, from the published headerless files (both layouts in
 * DOMAIN.md, told apart by column count) or a headed CSV as the ODS search tool exports it.
 */
import { foldHeader } from './columns.js';
import type { RawRecord } from './csv.js';
import type { EncodingName } from './decode.js';
import { detach, Interner, isSiteCode, normaliseCode } from './normalise.js';
import { describeDelimiter, openSource } from './source.js';
import { InputError, type InputFile } from './types.js';

export type OdsFormat = 'ods-site-fields' | 'ods-hq-fields' | 'ods-standard-27' | 'ods-headed';

export interface OdsOrg {
  code: string;
  name: string;
  parent: string;
  /** ISO dates (YYYY-MM-DD) or ''. */
  openDate: string;
  closeDate: string;
  status: string;
  postcode: string;
  country: string;
  kind: 'site' | 'hq';
  file: string;
  line: number;
}

export interface OdsFileSummary {
  file: string;
  format: OdsFormat;
  encoding: EncodingName | '';
  delimiter: string;
  /** 'xlsx' when the ODS file was a workbook (its layout is still `format`). */
  container: 'csv' | 'xlsx';
  sheet?: string;
  sheets?: string[];
  rows: number;
  /** The newest open or close date in the file (YYYY-MM-DD, '' if none): how recent the extract is. */
  newest: string;
  /** Records that could not be read (malformed or too short): reported, not used. */
  bad: { line: number; reason: 'malformed' | 'too-few-fields' | 'no-code'; found: number }[];
}

export interface OdsIndex {
  orgs: Map<string, OdsOrg>;
  /** The index lists sites: the files hold some, or the ODS service was asked. */
  hasSites: boolean;
  /** The ODS files themselves hold sites (a code missing from them is missing from ODS). */
  sitesInFiles: boolean;
  files: OdsFileSummary[];
  /** Answers of the ODS ORD API for codes the files did not have (`--ods-online`). */
  online?: OdsOnline;
  /** Codes nobody could say anything about (the service did not answer): not reported as missing. */
  unchecked: Set<string>;
  /** Codes the ODS service answered "not found". */
  notFound: Set<string>;
}

/** What the ODS ORD API said about codes missing from the local files; the CLI fetches, the core reads. */
export interface OdsOnline {
  /** Where the answers came from (the service's address). */
  source: string;
  found: OdsOrg[];
  /** Codes the service does not know (it answered 404). */
  notFound: string[];
  /** Codes it could not be asked about, with a plain-English reason. */
  failed: { code: string; reason: string }[];
  /** When each answer was fetched, and whether it came from the on-disk cache. */
  fetched: { code: string; fetchedOn: string; fromCache: boolean; stale: boolean }[];
}

const emptyIndex = (): OdsIndex => ({
  orgs: new Map(),
  hasSites: false,
  sitesInFiles: false,
  files: [],
  unchecked: new Set(),
  notFound: new Set(),
});

/** The name the ORD API goes by in findings and the report. */
export const ORD_NAME = 'ODS ORD API';

/**
 * The index with the service's answers added: local files keep precedence, codes that could not be
 * checked are remembered, and the service counts as a full list of sites and HQs.
 */
export function withOnline(index: OdsIndex | undefined, online: OdsOnline): OdsIndex {
  const out: OdsIndex = index ?? emptyIndex();
  for (const org of online.found) if (!out.orgs.has(org.code)) out.orgs.set(org.code, org);
  for (const f of online.failed) if (!out.orgs.has(f.code)) out.unchecked.add(f.code);
  for (const code of online.notFound) out.notFound.add(code);
  out.hasSites = true;
  out.online = online;
  return out;
}

/** When the service's answers were fetched: "YYYY-MM-DD", "A to B", or '' for none; and how many came from the cache. */
export function fetchDates(online: OdsOnline): { range: string; cached: number } {
  const dates = [...new Set(online.fetched.map((f) => f.fetchedOn))].sort();
  const range = dates.length <= 1 ? (dates[0] ?? '') : `${dates[0]} to ${dates[dates.length - 1]}`;
  return { range, cached: online.fetched.filter((f) => f.fromCache).length };
}

/** Names of every ODS source used, for messages: the files, then the service. */
export const odsSources = (index: OdsIndex): string =>
  [...index.files.map((f) => f.file), ...(index.online ? [ORD_NAME] : [])].join(', ');

// Positions (0-based) of each field in the headerless layouts (DOMAIN.md "Published files").
const LAYOUTS = {
  'ods-site-fields': { count: 19, name: 1, postcode: 9, open: 10, close: 11, parent: 12, country: 18 },
  'ods-hq-fields': { count: 12, name: 1, postcode: 7, open: 8, close: 9, parent: -1, country: 11 },
  'ods-standard-27': { count: 27, name: 1, postcode: 9, open: 10, close: 11, parent: 14, country: -1 },
} as const;

/** Folded header of a headed ODS export → our field. A Map: header text never reaches a prototype. */
const HEADED = new Map<string, keyof Omit<OdsOrg, 'kind' | 'file' | 'line'>>([
  ['odscode', 'code'],
  ['organisationcode', 'code'],
  ['orgcode', 'code'],
  ['code', 'code'],
  ['name', 'name'],
  ['organisationname', 'name'],
  ['parentodscode', 'parent'],
  ['parentorganisationcode', 'parent'],
  ['parentcode', 'parent'],
  ['parent', 'parent'],
  ['status', 'status'],
  ['opendate', 'openDate'],
  ['legalstartdate', 'openDate'],
  ['startdate', 'openDate'],
  ['closedate', 'closeDate'],
  ['legalenddate', 'closeDate'],
  ['enddate', 'closeDate'],
  ['postcode', 'postcode'],
  ['country', 'country'],
]);

/** `YYYYMMDD` or `YYYY-MM-DD` → `YYYY-MM-DD`; anything else → ''. */
export function isoDate(value: string): string {
  const v = value.trim();
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

export function isClosed(org: OdsOrg, asOf: string): boolean {
  return org.status.toLowerCase() === 'inactive' || (org.closeDate !== '' && org.closeDate <= asOf);
}

export const isEngland = (org: OdsOrg): boolean => org.country === '' || org.country === 'ENGLAND';

function detectFormat(first: RawRecord, name: string): OdsFormat {
  const folded = first.cells.map(foldHeader);
  if (folded.some((f) => HEADED.get(f) === 'code')) return 'ods-headed';
  const n = first.cells.length;
  for (const [format, layout] of Object.entries(LAYOUTS)) if (layout.count === n) return format as OdsFormat;
  throw new InputError(
    `${name} is not an ODS file we recognise (its first line has ${n} fields; we read the published ecarehomesite (19 fields) and ecarehomehq (12 fields) files, the 27-field standard layout, or a CSV with an "ODS code" header): check you gave the right file to --ods.`,
  );
}

/** Reads every `--ods` file into one index. Later files do not override a code already read. */
export function loadOds(inputs: InputFile[], forcedEncoding?: EncodingName): OdsIndex {
  const index = emptyIndex();
  // HQ codes, dates, statuses and countries repeat across a national file's 140,000 organisations.
  const repeated = new Interner();
  for (const input of inputs) {
    const source = openSource(input, forcedEncoding);
    let format: OdsFormat | undefined;
    let headed: (keyof Omit<OdsOrg, 'kind' | 'file' | 'line'> | undefined)[] = [];
    const summary: Omit<OdsFileSummary, 'format' | 'delimiter' | 'container'> = {
      file: input.name,
      encoding: source.info.encoding,
      rows: 0,
      newest: '',
      bad: [],
    };
    const add = (org: OdsOrg) => {
      if (!index.orgs.has(org.code)) index.orgs.set(org.code, org);
      if (org.kind === 'site') {
        index.hasSites = true;
        index.sitesInFiles = true;
      }
    };
    source.read((rec) => {
      if (rec.cells.every((c) => c.trim() === '')) return;
      if (!format) {
        format = detectFormat(rec, input.name);
        if (format === 'ods-headed') {
          headed = rec.cells.map((c) => HEADED.get(foldHeader(c)));
          return;
        }
      }
      summary.rows++;
      if (rec.malformed) {
        summary.bad.push({ line: rec.line, reason: 'malformed', found: rec.cells.length });
        return;
      }
      const org = format === 'ods-headed' ? headedOrg(rec, headed) : positionalOrg(rec, format);
      if (org === 'too-few') {
        summary.bad.push({ line: rec.line, reason: 'too-few-fields', found: rec.cells.length });
        return;
      }
      if (!org.code) {
        summary.bad.push({ line: rec.line, reason: 'no-code', found: rec.cells.length });
        return;
      }
      if (org.openDate > summary.newest) summary.newest = org.openDate;
      if (org.closeDate > summary.newest) summary.newest = org.closeDate;
      // One literal with every field in a fixed order: spreading gave each organisation a hidden
      // class of its own (about 350 bytes each on a national file).
      add({
        code: org.code,
        name: detach(org.name),
        parent: repeated.of(org.parent),
        openDate: repeated.of(org.openDate),
        closeDate: repeated.of(org.closeDate),
        status: repeated.of(org.status),
        postcode: detach(org.postcode),
        country: repeated.of(org.country),
        kind: org.kind,
        file: input.name,
        line: rec.line,
      });
    });
    index.files.push({
      ...summary,
      format: format ?? 'ods-headed',
      delimiter: describeDelimiter(source.info.delimiter),
      container: source.info.format,
      ...(source.info.sheet !== undefined
        ? { sheet: source.info.sheet, sheets: source.info.sheets ?? [] }
        : {}),
    });
  }
  return index;
}

type OrgFields = Omit<OdsOrg, 'file' | 'line'>;

function positionalOrg(rec: RawRecord, format: Exclude<OdsFormat, 'ods-headed'>): OrgFields | 'too-few' {
  const layout = LAYOUTS[format];
  const cells = rec.cells;
  if (cells.length < Math.max(layout.close, layout.parent, layout.country) + 1) return 'too-few';
  const at = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
  const code = normaliseCode(at(0));
  const kind =
    format === 'ods-hq-fields' ? 'hq' : format === 'ods-site-fields' || isSiteCode(code) ? 'site' : 'hq';
  return {
    code,
    name: at(layout.name),
    parent: normaliseCode(at(layout.parent)),
    openDate: isoDate(at(layout.open)),
    closeDate: isoDate(at(layout.close)),
    status: '',
    postcode: at(layout.postcode).toUpperCase(),
    country: at(layout.country).toUpperCase(),
    kind,
  };
}

function headedOrg(rec: RawRecord, headed: (keyof OrgFields | undefined)[]): OrgFields {
  const org: OrgFields = {
    code: '',
    name: '',
    parent: '',
    openDate: '',
    closeDate: '',
    status: '',
    postcode: '',
    country: '',
    kind: 'hq',
  };
  headed.forEach((field, i) => {
    if (!field || field === 'kind') return;
    const v = (rec.cells[i] ?? '').trim();
    if (field === 'code' || field === 'parent') org[field] = normaliseCode(v);
    else if (field === 'openDate' || field === 'closeDate') org[field] = isoDate(v);
    else if (field === 'postcode' || field === 'country') org[field] = v.toUpperCase();
    else org[field] = v;
  });
  org.kind = isSiteCode(org.code) ? 'site' : 'hq';
  return org;
}
