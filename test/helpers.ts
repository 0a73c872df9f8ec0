/** Small builders shared by the tests: CSV text in, plan results and issue projections out. */

import type { OdsOnline } from '../src/core/ods.js';
import { type PlanInputs, type PlanOptions, type PlanResult, plan } from '../src/core/plan.js';
import type { InputFile, Issue } from '../src/core/types.js';

const encoder = new TextEncoder();

/** An input file from text (UTF-8) or raw bytes. */
export const file = (name: string, content: string | Uint8Array): InputFile => ({
  name,
  bytes: typeof content === 'string' ? encoder.encode(content) : content,
});

/** CSV text from rows of cells, comma-separated, LF line ends, quoting cells that need it. */
export function csv(rows: readonly (readonly string[])[]): string {
  const q = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${rows.map((r) => r.map(q).join(',')).join('\n')}\n`;
}

export const STAFF_HEADER = [
  'site_ods_code',
  'title',
  'first_name',
  'last_name',
  'job_title',
  'personal_email',
  'mobile',
  'access',
  'action',
  'nhsmail_address',
] as const;

export type StaffFields = Partial<Record<(typeof STAFF_HEADER)[number], string>>;

const FIRST = [
  'Siân',
  'Zoë',
  'José',
  'Aoife',
  'Kwame',
  'Priya',
  'Tomasz',
  'Renée',
  'Oluwaseun',
  'Mei',
  'Ana-Maria',
  'Dylan',
  'Fatima',
  'Grzegorz',
  'Niamh',
  'Rhys',
  'Chloé',
  'Imran',
  'Bogdan',
  'Ellie',
];
const LAST = [
  "O'Brien",
  'Smith-Jones',
  'Nowak',
  'Okafor',
  'Patel',
  'van der Berg',
  "D'Souza",
  'Evans',
  'Kowalski',
  'Ní Bhriain',
  'Ahmed',
  'Hughes',
  'Mensah',
  'Lefèvre',
  'Williams',
  'Chen',
  'MacLeod',
  'Rossi',
  'Begum',
  'Thompson',
];

let serial = 0;
/**
 * A valid staff row at `site` (a different person, e-mail and mobile on each call), with `over`
 * fields replaced. Mobiles are in the 07912 range, never Ofcom's 07700 900xxx drama range.
 */
export function person(over: StaffFields = {}, site = 'VA1B2'): string[] {
  serial++;
  const n = String(serial).padStart(4, '0');
  const base: Record<(typeof STAFF_HEADER)[number], string> = {
    site_ods_code: site,
    title: 'Ms',
    first_name: FIRST[serial % FIRST.length]!,
    last_name: LAST[Math.floor(serial / FIRST.length) % LAST.length]!,
    job_title: 'Care Assistant',
    personal_email: `alex.taylor${n}@gmail.com`,
    mobile: `07912 34${n}`,
    access: 'member',
    action: '',
    nhsmail_address: '',
  };
  return STAFF_HEADER.map((k) => over[k] ?? base[k]);
}

/** A staff file: the standard header then the rows. */
export const staffCsv = (
  rows: readonly (readonly string[])[],
  header: readonly string[] = STAFF_HEADER,
): string => csv([header, ...rows]);

export const AS_OF = '2026-11-01';

/** Plans a staff CSV (text), with optional sites/ODS texts and options. */
export function planText(
  staff: string,
  extra: {
    sites?: string;
    ods?: Record<string, string>;
    /** The text of an accounts export (`--existing`), read as accounts.csv. */
    existing?: string;
    /** The texts of earlier upload files (`--previous`), read as run-N/nas-bulk-upload.csv. */
    previous?: string | readonly string[];
    odsOnline?: OdsOnline;
    options?: Partial<PlanOptions>;
  } = {},
): PlanResult {
  const inputs: PlanInputs = {
    staff: file('staff.csv', staff),
    ...(extra.sites !== undefined ? { sites: file('sites.csv', extra.sites) } : {}),
    ods: Object.entries(extra.ods ?? {}).map(([name, text]) => file(name, text)),
    ...(extra.existing !== undefined ? { existing: file('accounts.csv', extra.existing) } : {}),
    ...(extra.previous !== undefined
      ? {
          previous: [extra.previous].flat().map((text, i) => file(`run-${i + 1}/nas-bulk-upload.csv`, text)),
        }
      : {}),
    ...(extra.odsOnline !== undefined ? { odsOnline: extra.odsOnline } : {}),
  };
  return plan(inputs, { asOf: AS_OF, ...extra.options });
}

/** The projection tests assert: where and which code, never the prose. */
export const where = (issues: readonly Issue[]) =>
  issues.map((i) => [i.file, i.line, i.column, i.code] as const);

/** Issues of one code, as [line, column, params]. */
export const found = (result: PlanResult, code: string) =>
  result.issues
    .filter((i) => i.code === code)
    .map((i) => ({ line: i.line, column: i.column, params: i.params }));

export const codesOf = (result: PlanResult) => [...new Set(result.issues.map((i) => i.code))].sort();

/** ODS site file (19-field layout) line for a site. */
export function odsSite(
  code: string,
  o: { name?: string; parent?: string; close?: string; country?: string; postcode?: string } = {},
): string {
  const f = Array<string>(19).fill('');
  f[0] = code;
  f[1] = o.name ?? `SITE ${code}`;
  f[9] = o.postcode ?? 'LS1 4AP';
  f[10] = '20150101';
  f[11] = o.close ?? '';
  f[12] = o.parent ?? 'AB1C';
  f[18] = o.country ?? 'ENGLAND';
  return f.map((x) => `"${x}"`).join(',');
}

/** ODS HQ file (12-field layout) line for an HQ. */
export function odsHq(code: string, o: { name?: string; close?: string; country?: string } = {}): string {
  const f = Array<string>(12).fill('');
  f[0] = code;
  f[1] = o.name ?? `PROVIDER ${code}`;
  f[7] = 'LS1 4AP';
  f[8] = '20100101';
  f[9] = o.close ?? '';
  f[11] = o.country ?? 'ENGLAND';
  return f.map((x) => `"${x}"`).join(',');
}

/** Buffers standing in for stdout and stderr, for running the CLI in-process (`run(args, c.io)`). */
export function capture() {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
    out: () => stdout,
    err: () => stderr,
  };
}
