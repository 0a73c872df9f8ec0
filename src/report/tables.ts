/** The CSV outputs of `plan` (SPEC §4), as text. Pure: the shells write them. */
import type { PlanResult, SiteSummary, UploadRow } from '../core/plan.js';
import { escapeFormula, toCsv } from './csv.js';
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
] as const satisfies readonly (keyof SiteSummary)[];

/**
 * The upload file goes to NAS, not to people: no apostrophe escaping here. Formula-like names and job
 * titles never reach it because `cell-formula-trigger` rejects their rows, and mobiles are `07…`.
 */
export function uploadCsv(rows: readonly UploadRow[]): string {
  return toCsv(
    UPLOAD_HEADER,
    rows.map((r) => [
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
    ]),
  );
}

export function reviewCsv(result: PlanResult): string {
  const width = result.staffHeader.length;
  const header = [...result.staffHeader, 'line', 'status', 'issues', 'fix'];
  return toCsv(
    header.map(escapeFormula),
    result.rows.map((row) => {
      const cells = Array.from({ length: width }, (_, i) => escapeFormula(row.cells[i] ?? ''));
      return [...cells, row.line, row.status, row.codes.join('; '), escapeFormula(row.hints.join(' '))];
    }),
  );
}

export function errorsCsv(result: PlanResult): string {
  return toCsv(
    ERRORS_HEADER,
    result.issues.map((i) => [
      i.severity,
      i.code,
      escapeFormula(i.file),
      i.line ?? '',
      i.column,
      escapeFormula(i.value),
      escapeFormula(i.message),
      escapeFormula(i.hint),
    ]),
  );
}

export function sitesCsv(result: PlanResult): string {
  return toCsv(
    SITES_HEADER,
    result.sites.map((s) =>
      SITES_HEADER.map((k) => (typeof s[k] === 'number' ? s[k] : escapeFormula(String(s[k])))),
    ),
  );
}

export const batchFileName = (index: number): string =>
  `batches/nas-bulk-upload-${String(index + 1).padStart(3, '0')}.csv`;

/** Every output file of `plan`, by relative path, in a fixed order. */
export function planFiles(result: PlanResult, tool: { name: string; version: string }): [string, string][] {
  const files: [string, string][] = [
    ['nas-bulk-upload.csv', uploadCsv(result.upload)],
    ['review.csv', reviewCsv(result)],
    ['errors.csv', errorsCsv(result)],
    ['sites.csv', sitesCsv(result)],
    ['report.json', reportJson(result, tool)],
    ['report.html', reportHtml(result, tool)],
  ];
  result.batches?.forEach((batch, i) => {
    files.push([batchFileName(i), uploadCsv(batch)]);
  });
  return files;
}

/** report.json with keys in the order SPEC §4 gives. */
export function reportJson(result: PlanResult, tool: { name: string; version: string }): string {
  const report = {
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
    sites: result.sites,
    issues: result.issues.map((i) => ({
      severity: i.severity,
      code: i.code,
      file: i.file,
      line: i.line,
      column: i.column,
      value: i.value,
      message: i.message,
      hint: i.hint,
      params: i.params,
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
