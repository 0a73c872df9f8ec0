/** The CSV outputs of `plan` (SPEC §4), as text. Pure: the shells write them. */
import type { PlanResult, RowResult, SiteSummary, UploadRow } from '../core/plan.js';
import { type Cell, CsvChunks, csvLine, escapeFormula, startsLikeFormula, toCsv } from './csv.js';
import { reportHtml } from './html.js';

export const UPLOAD_HEADER = [
  'Action',
  'Site ODS Code',
  'Site Name',
  'Shared Mailbox',
  'Title',
  'First Name',
  'Last Name',
  'Job Title',
  'Mailbox Access',
  'Personal Email',
  'Mobile',
  'Existing NHSmail Address',
] as const;

export const ERRORS_HEADER = [
  'severity',
  'code',
  'file',
  'line',
  'column',
  'value',
  'message',
  'hint',
] as const;

export const SITES_HEADER = [
  'site_ods_code',
  'site_name',
  'hq_ods_code',
  'ods_parent_code',
  'shared_mailbox',
  'allowance',
  'existing_accounts',
  'requested',
  'ready',
  'deferred',
  'rejected',
  'over_by',
  'owners',
  'status',
  'submitted',
] as const satisfies readonly (keyof SiteSummary)[];

/**
 * The upload file goes to NAS, not to people: no apostrophe escaping here. Formula-like names and job
 * titles never reach it because `cell-formula-trigger` rejects their rows, and mobiles are `07…`.
 */
export function uploadCsv(rows: readonly UploadRow[]): string {
  return toCsv(UPLOAD_HEADER, rows.map(uploadCells));
}

const uploadCells = (r: UploadRow): Cell[] => [
  r.action,
  r.siteCode,
  r.siteName,
  r.sharedMailbox,
  r.title,
  r.firstName,
  r.lastName,
  r.jobTitle,
  r.access,
  r.personalEmail,
  r.mobile,
  r.nhsmailAddress,
];

export function reviewCsv(result: PlanResult): string {
  return toCsv(
    reviewHeader(result.staffHeader),
    result.rows.map((row) => reviewCells(result.staffHeader.length, row)),
  );
}

const reviewHeader = (staffHeader: readonly string[]) =>
  [...staffHeader, 'line', 'status', 'issues', 'fix'].map(escapeFormula);

/** A row of review.csv rebuilt cell by cell: its cells to the header's width, then our four columns. */
function reviewCells(width: number, row: RowResult): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < width; i++) cells.push(escapeFormula(row.cells[i] ?? ''));
  cells.push(...reviewTail(row));
  return cells;
}

const reviewTail = (row: RowResult): Cell[] => [
  row.line,
  row.status,
  row.codes.join('; '),
  escapeFormula(row.hints.join(' ')),
];

/**
 * A row's line of review.csv. Most rows' cells need neither quotes nor a formula guard, and their
 * line of the staff file is already those cells joined by commas: it is copied, and only the padding
 * to the header's width and the four columns of ours are written.
 */
function reviewLine(width: number, row: RowResult): string {
  const { cells, csv } = row;
  if (csv !== undefined && cells.length <= width && !cells.some(startsLikeFormula)) {
    const padding = ','.repeat(width - cells.length + 1);
    // A row with nothing to say (most): its line number and status need no quoting either.
    if (row.codes.length === 0 && row.hints.length === 0) {
      return `${csv}${padding}${row.line.toFixed(0)},${row.status},,\r\n`;
    }
    return `${csv}${padding}${csvLine(reviewTail(row))}`;
  }
  return csvLine(reviewCells(width, row));
}

/** The whole text a chunked writer emits (for the page, the library and tests). */
function collected(write: (emit: (chunk: string) => void) => void): string {
  const chunks: string[] = [];
  write((c) => chunks.push(c));
  return chunks.join('');
}

export const errorsCsv = (result: PlanResult): string => collected((emit) => errorsCsvChunks(result, emit));

function errorsCsvChunks(result: PlanResult, emit: (chunk: string) => void): void {
  const out = new CsvChunks(emit, ERRORS_HEADER);
  for (const i of result.issues) {
    out.row([
      i.severity,
      i.code,
      escapeFormula(i.file),
      i.line ?? '',
      i.column,
      escapeFormula(i.value),
      escapeFormula(i.message),
      escapeFormula(i.hint),
    ]);
  }
}

export const sitesCsv = (result: PlanResult): string => collected((emit) => sitesCsvChunks(result, emit));

function sitesCsvChunks(result: PlanResult, emit: (chunk: string) => void): void {
  const out = new CsvChunks(emit, SITES_HEADER);
  for (const s of result.sites) {
    out.row(SITES_HEADER.map((k) => (typeof s[k] === 'number' ? s[k] : escapeFormula(String(s[k])))));
  }
}

export const batchFileName = (index: number): string =>
  `batches/nas-bulk-upload-${String(index + 1).padStart(3, '0')}.csv`;

/** Files written as one streaming pass over the staff rows: the upload file, review.csv, batches. */
export interface RowFiles {
  paths: string[];
  write(emit: (path: string, chunk: string) => void): void;
}

/**
 * Files that write their own temp files, elsewhere (review.csv in another thread): `writeTo` is
 * given each file's temp path and settles when they are written and synced.
 */
export interface OwnFiles {
  paths: string[];
  writeTo(tempOf: (path: string) => string): Promise<void>;
}

export type OutputFile = readonly [path: string, text: string] | RowFiles | OwnFiles;

/** Starts review.csv (its header) and gives what writes each row's line. */
function reviewTo(emit: (path: string, chunk: string) => void, staffHeader: readonly string[]) {
  const review = new CsvChunks((c) => emit('review.csv', c), reviewHeader(staffHeader));
  const width = staffHeader.length;
  return (row: RowResult) => review.line(reviewLine(width, row));
}

/** review.csv from any reading of the rows' results: the plan's, or RowNotes read in another thread. */
export function reviewFile(
  staffHeader: readonly string[],
  forEachRow: (visit: (row: RowResult) => void) => void,
): RowFiles {
  return { paths: ['review.csv'], write: (emit) => forEachRow(reviewTo(emit, staffHeader)) };
}

/**
 * Every output file of `plan`, in a fixed order. The row files are produced by reading the staff
 * rows once more and streaming them out, so a million-row plan is never one string in memory.
 * `review`, when given, is review.csv written elsewhere: the upload file and batches are then
 * written from the ready rows alone.
 */
export function planFiles(
  result: PlanResult,
  tool: { name: string; version: string },
  options: { review?: OwnFiles } = {},
): OutputFile[] {
  const batchPaths = Array.from({ length: result.batchCount }, (_, i) => batchFileName(i));
  const uploadTo = (emit: (path: string, chunk: string) => void) => {
    const upload = new CsvChunks((c) => emit('nas-bulk-upload.csv', c), UPLOAD_HEADER);
    const batches = batchPaths.map((path) => new CsvChunks((c) => emit(path, c), UPLOAD_HEADER));
    return (up: UploadRow, batch: number | undefined) => {
      const cells = uploadCells(up);
      upload.row(cells);
      if (batch !== undefined) batches[batch]!.row(cells);
    };
  };
  const rowFiles: OutputFile[] = options.review
    ? [
        {
          paths: ['nas-bulk-upload.csv', ...batchPaths],
          write: (emit) => result.forEachUpload(uploadTo(emit)),
        },
        options.review,
      ]
    : [
        {
          paths: ['nas-bulk-upload.csv', 'review.csv', ...batchPaths],
          write(emit) {
            const upload = uploadTo(emit);
            const review = reviewTo(emit, result.staffHeader);
            result.forEachRow((row, up, batch) => {
              review(row);
              if (up) upload(up, batch);
            });
          },
        },
      ];
  const streamed = (path: string, write: (emit: (chunk: string) => void) => void): RowFiles => ({
    paths: [path],
    write: (emit) => write((chunk) => emit(path, chunk)),
  });
  return [
    ...rowFiles,
    streamed('errors.csv', (emit) => errorsCsvChunks(result, emit)),
    streamed('sites.csv', (emit) => sitesCsvChunks(result, emit)),
    streamed('report.json', (emit) => reportJsonChunks(result, tool, emit)),
    ['report.html', reportHtml(result, tool)],
  ];
}

/** The output files as text, by path, in a fixed order (for the browser page and for tests). */
export function planFilesText(
  result: PlanResult,
  tool: { name: string; version: string },
): [string, string][] {
  const out: [string, string][] = [];
  for (const file of planFiles(result, tool)) {
    // Without a review written elsewhere, every group writes here.
    if ('writeTo' in file) throw new Error('planFiles gave a group written elsewhere');
    if ('paths' in file) {
      const parts = new Map<string, string[]>(file.paths.map((p) => [p, []]));
      file.write((path, chunk) => parts.get(path)!.push(chunk));
      for (const [path, chunks] of parts) out.push([path, chunks.join('')]);
    } else out.push([file[0], file[1]]);
  }
  return out;
}

/**
 * `JSON.stringify(value, null, 2)` of plain data, as if nested at `pad`: what report.json's items
 * need, without an indenting pass over every item's text (a property test holds the two together).
 */
export function prettyJson(value: unknown, pad = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) =>
      v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : prettyJson(v, inner),
    );
    return `[\n${inner}${items.join(`,\n${inner}`)}\n${pad}]`;
  }
  let out = '';
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    const text = typeof v === 'string' ? JSON.stringify(v) : prettyJson(v, inner);
    out += out === '' ? `${keyPrefix(inner, key)}${text}` : `,${keyPrefix(inner, key)}${text}`;
  }
  return out === '' ? '{}' : `{${out}\n${pad}}`;
}

/**
 * `\n<indent>"key": `, made once for each indent and key: report.json repeats the same few keys for
 * every site and finding (a hundred thousand times each). Only the first keys met are kept.
 */
const keyPrefixes = new Map<string, Map<string, string>>();
function keyPrefix(indent: string, key: string): string {
  let byKey = keyPrefixes.get(indent);
  if (!byKey) {
    byKey = new Map();
    keyPrefixes.set(indent, byKey);
  }
  let prefix = byKey.get(key);
  if (prefix === undefined) {
    prefix = `\n${indent}${JSON.stringify(key)}: `;
    if (byKey.size < 256) byKey.set(key, prefix);
  }
  return prefix;
}

/**
 * report.json with keys in the order SPEC §4 gives, handed out in pieces: the head as one object,
 * then the sites and issues a block at a time. The bytes are those of JSON.stringify(report, null, 2).
 */
export function reportJsonChunks(
  result: PlanResult,
  tool: { name: string; version: string },
  emit: (chunk: string) => void,
): void {
  const head = {
    schemaVersion: 1,
    tool: { name: tool.name, version: tool.version },
    asOf: result.asOf,
    inputs: result.inputs.map((i) => ({
      role: i.role,
      file: i.file,
      format: i.format,
      encoding: i.encoding,
      delimiter: i.delimiter,
      rows: i.rows,
      sha256: i.sha256,
      ...(i.sheet !== undefined ? { sheet: i.sheet, sheets: i.sheets } : {}),
    })),
    summary: result.summary,
    countsByCode: result.countsByCode,
  };
  const headText = JSON.stringify(head, null, 2);
  emit(headText.slice(0, -2));
  const array = <T>(key: string, items: readonly T[], shape: (item: T) => unknown) => {
    if (items.length === 0) {
      emit(`,\n  "${key}": []`);
      return;
    }
    emit(`,\n  "${key}": [`);
    for (let at = 0; at < items.length; at += 1000) {
      const block = items.slice(at, at + 1000).map((item, k) => {
        return `${at + k === 0 ? '' : ','}\n    ${prettyJson(shape(item), '    ')}`;
      });
      emit(block.join(''));
    }
    emit('\n  ]');
  };
  array('sites', result.sites, (site) => site);
  array('issues', result.issues, (i) => ({
    severity: i.severity,
    code: i.code,
    file: i.file,
    line: i.line,
    column: i.column,
    value: i.value,
    message: i.message,
    hint: i.hint,
    params: i.params,
  }));
  array('references', result.references, (r) => r);
  emit('\n}\n');
}

export const reportJson = (result: PlanResult, tool: { name: string; version: string }): string =>
  collected((emit) => reportJsonChunks(result, tool, emit));
