/**
 * Shared pieces of the rule tables: a case runs the real engine on CSV text (planText) and compares
 * the `found` projection of one code — line, column and the params that matter, never prose.
 */
import { expect } from 'vitest';
import { SITES_COLUMNS } from '../../src/core/columns.js';
import type { RowStatus } from '../../src/core/types.js';
import { csv, found, odsHq, odsSite, planText, STAFF_HEADER, staffCsv } from '../helpers.js';

export type Extra = NonNullable<Parameters<typeof planText>[1]>;

export interface Expected {
  line: number | null;
  column: string;
  params: unknown;
}

export interface RuleCase {
  name: string;
  staff: string;
  extra?: Extra;
  /** `found(result, code)`; empty for a near miss that must not fire. */
  expected: Expected[];
  /** Every row's status in input order, when the case is about status. */
  statuses?: RowStatus[];
}

/** One expected finding: where, and the params that matter (others may ride along). */
export const at = (
  line: number | null,
  column: string,
  params: Record<string, string | number> = {},
): Expected => ({
  line,
  column,
  params: expect.objectContaining(params),
});

export function expectCase(code: string, c: RuleCase): void {
  const result = planText(c.staff, c.extra);
  expect(found(result, code)).toEqual(c.expected);
  if (c.statuses) expect(result.rows.map((r) => r.status)).toEqual(c.statuses);
}

export const OWNER = { access: 'owner' } as const;

/** The standard staff header as a mutable list (indices: A=0 site … J=9 nhsmail_address). */
export const HEADER: string[] = [...STAFF_HEADER];

/** The standard header with some cells replaced, by index. */
export const headerWith = (over: Record<number, string>): string[] => HEADER.map((h, i) => over[i] ?? h);

/** Data lines of a staff file without its header, for building files by hand. */
export const body = (rows: readonly (readonly string[])[]): string =>
  staffCsv(rows).split('\n').slice(1).join('\n');

export const SITES_HEADER = SITES_COLUMNS;

type SiteField = (typeof SITES_HEADER)[number];

/** A sites-file row for an established site (mailbox exists, 3 accounts) with `over` fields replaced. */
export function siteRow(over: Partial<Record<SiteField, string>> = {}): string[] {
  const base: Record<SiteField, string> = {
    site_ods_code: 'VA1B2',
    site_name: 'Rose Court Care Home',
    town: 'Leeds',
    hq_ods_code: 'AL3Q',
    cqc_location_id: '1-112369265',
    postcode: 'LS6 2AB',
    dspt_status: 'Standards Met',
    existing_accounts: '3',
    allowance: '',
    shared_mailbox_exists: 'yes',
  };
  return SITES_HEADER.map((k) => over[k] ?? base[k]);
}

export const sitesCsv = (
  rows: readonly (readonly string[])[],
  header: readonly string[] = SITES_HEADER,
): string => csv([header, ...rows]);

/** The two published ODS files from odsSite()/odsHq() lines; a file with no lines is left out. */
export function odsFiles(sites: readonly string[], hqs: readonly string[] = []): Record<string, string> {
  return {
    ...(sites.length > 0 ? { 'ecarehomesite.csv': `${sites.join('\n')}\n` } : {}),
    ...(hqs.length > 0 ? { 'ecarehomehq.csv': `${hqs.join('\n')}\n` } : {}),
  };
}

/** ODS reference in which VA1B2 is an open English site under the open HQ AL3Q. */
export const ODS_OK = odsFiles(
  [odsSite('VA1B2', { name: 'ROSE COURT CARE HOME', parent: 'AL3Q', postcode: 'LS6 2AB' })],
  [odsHq('AL3Q', { name: 'LARKSPUR CARE GROUP LIMITED' })],
);
