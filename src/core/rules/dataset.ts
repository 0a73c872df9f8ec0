/** Cross-row rules over the whole staff file: duplicates and sites nobody listed. */
import type { StaffColumn } from '../columns.js';
import type { StaffRow } from '../model.js';
import { emailKey, isSiteCode, mobileKey, personKey } from '../normalise.js';
import { FirstSeen } from '../seen.js';
import type { DatasetPass, Report } from './rule.js';
import { defineRule, s } from './rule.js';

/**
 * Per row: reports a row whose key was already seen, naming the first row's line. Blank keys never
 * match. Keys are kept as 64-bit hashes (FirstSeen), not strings.
 */
function repeats(
  key: (row: StaffRow) => string | undefined,
  column: StaffColumn,
  report: Report,
  expectedRows = 0,
): DatasetPass {
  const seen = new FirstSeen(expectedRows);
  const row = (row: StaffRow): void => {
    const k = key(row);
    if (k === undefined || k === '') return;
    const firstLine = seen.firstOrAdd(k, row.line);
    if (firstLine === undefined) return;
    report({
      row,
      column,
      params: {
        value: row.get(column),
        firstLine,
        name: `${row.get('first_name')} ${row.get('last_name')}`.trim(),
        site: row.siteCode,
      },
    });
  };
  return { row };
}

export const staffDuplicateEmail = defineRule({
  code: 'staff-duplicate-email',
  separable: true,
  severity: 'error',
  scope: 'dataset',
  tags: ['staff', 'email', 'duplicate'],
  title: 'The same personal e-mail is given twice',
  description:
    "Each person's personal e-mail must be their own; NAS rejects forms where an address repeats. Compared ignoring case and surrounding spaces. The later row is flagged and names the first.",
  message: (p) => `The personal e-mail "${s(p, 'value')}" is already used on line ${s(p, 'firstLine')}.`,
  hint: (p) =>
    `Give each person their own e-mail; if line ${s(p, 'firstLine')} is the same person, delete one of the two rows.`,
  begin: (ctx, report) =>
    repeats((r) => emailKey(r.get('personal_email')), 'personal_email', report, ctx.expectedRows),
});

export const staffDuplicateMobile = defineRule({
  code: 'staff-duplicate-mobile',
  separable: true,
  severity: 'error',
  scope: 'dataset',
  tags: ['staff', 'mobile', 'duplicate'],
  title: 'The same mobile is given twice',
  description:
    "Each person's mobile must be their own (it is used for sign-in checks). Compared after normalising, so 07912 345678 and +44 7912 345678 match. The later row is flagged and names the first.",
  message: (p) =>
    `The mobile "${s(p, 'value')}" is the same number as the mobile on line ${s(p, 'firstLine')}.`,
  hint: (p) =>
    `Give each person their own mobile; if line ${s(p, 'firstLine')} is the same person, delete one of the two rows.`,
  begin: (ctx, report) => repeats((r) => mobileKey(r.mobile), 'mobile', report, ctx.expectedRows),
});

export const staffDuplicatePerson = defineRule({
  code: 'staff-duplicate-person',
  separable: true,
  severity: 'warning',
  scope: 'dataset',
  tags: ['staff', 'name', 'duplicate'],
  title: 'The same name appears twice at one site',
  description:
    'Two rows at the same site have the same first and last name (ignoring case, accents typed two ways and apostrophe style): probably one person entered twice. People who share a name at different sites are not flagged.',
  message: (p) => `${s(p, 'name')} at ${s(p, 'site')} is also on line ${s(p, 'firstLine')}.`,
  hint: (p) =>
    `If this is the same person as line ${s(p, 'firstLine')}, delete one row; if they are two people, nothing to do.`,
  begin: (ctx, report) =>
    repeats(
      (r) =>
        r.get('first_name') && r.get('last_name') && r.siteCode
          ? `${r.siteCode}\u0002${personKey(r.get('first_name'), r.get('last_name'))}`
          : undefined,
      'first_name',
      report,
      ctx.expectedRows,
    ),
});

export const staffSiteUnknown = defineRule({
  code: 'staff-site-unknown',
  severity: 'error',
  scope: 'dataset',
  tags: ['staff', 'site'],
  title: "The person's site is not in the list of sites",
  description:
    'The site ODS code on this row is not in the sites file, not among the site columns of the staff file and (when those give no sites) not in the ODS reference.',
  message: (p) => `The site ${s(p, 'value')} is not in the list of sites (${s(p, 'list')}).`,
  hint: (p) => `Check the code for a typo, or add site ${s(p, 'value')} to ${s(p, 'fix')}.`,
  begin(ctx, report) {
    if (!ctx.siteList) return undefined;
    // A site's details may ride along on a later row than its first mention: decide at the end.
    const unlisted: { index: number; line: number; file: string; code: string }[] = [];
    return {
      row(row) {
        if (isSiteCode(row.siteCode) && !ctx.isListedSite(row.siteCode)) {
          unlisted.push({ index: row.index, line: row.line, file: row.file, code: row.siteCode });
        }
      },
      end() {
        const params =
          ctx.siteList === 'files'
            ? { list: 'the sites you listed', fix: 'the sites file' }
            : { list: 'the ODS reference', fix: 'the ODS reference, or give a sites file' };
        for (const u of unlisted) {
          if (ctx.isListedSite(u.code)) continue;
          report({ row: u, column: 'site_ods_code', value: u.code, params: { value: u.code, ...params } });
        }
      },
    };
  },
});

export const odsReferenceMissing = defineRule({
  code: 'ods-reference-missing',
  severity: 'info',
  scope: 'dataset',
  tags: ['ods'],
  title: 'No ODS reference was given',
  description:
    'Without --ods files, sites are not checked against the ODS HQ/site hierarchy: closed sites, wrong HQs and Welsh sites will not be found.',
  message: () => 'No ODS reference was given, so sites were not checked against ODS.',
  hint: () =>
    'Download the ODS social care files (ecarehomesite, ecarehomehq) and pass them with --ods to check sites and HQs.',
  begin(ctx, report) {
    if (!ctx.ods) report();
    return undefined;
  },
});
