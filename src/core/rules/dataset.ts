/** Cross-row rules over the whole staff file: duplicates and sites nobody listed. */
import type { StaffRow } from '../model.js';
import { emailKey, isSiteCode, mobileKey, personKey } from '../normalise.js';
import type { Report } from './rule.js';
import { defineRule, s } from './rule.js';

/** Reports every row whose key was already seen, naming the first row's line. Blank keys never match. */
function reportRepeats(
  rows: readonly StaffRow[],
  key: (row: StaffRow) => string | undefined,
  column: string,
  report: Report,
): void {
  const first = new Map<string, StaffRow>();
  for (const row of rows) {
    const k = key(row);
    if (k === undefined || k === '') continue;
    const seen = first.get(k);
    if (seen) {
      report({
        row,
        column,
        params: {
          value: row.get(column as 'personal_email'),
          firstLine: seen.line,
          firstValue: seen.get(column as 'personal_email'),
          name: `${row.get('first_name')} ${row.get('last_name')}`.trim(),
          site: row.siteCode,
        },
      });
    } else first.set(k, row);
  }
}

export const staffDuplicateEmail = defineRule({
  code: 'staff-duplicate-email',
  severity: 'error',
  scope: 'dataset',
  tags: ['staff', 'email', 'duplicate'],
  title: 'The same personal e-mail is given twice',
  description:
    "Each person's personal e-mail must be their own; NAS rejects forms where an address repeats. Compared ignoring case and surrounding spaces. The later row is flagged and names the first.",
  message: (p) => `The personal e-mail "${s(p, 'value')}" is already used on line ${s(p, 'firstLine')}.`,
  hint: (p) =>
    `Give each person their own e-mail; if line ${s(p, 'firstLine')} is the same person, delete one of the two rows.`,
  check(ctx, report) {
    reportRepeats(ctx.rows, (r) => emailKey(r.get('personal_email')), 'personal_email', report);
  },
});

export const staffDuplicateMobile = defineRule({
  code: 'staff-duplicate-mobile',
  severity: 'error',
  scope: 'dataset',
  tags: ['staff', 'mobile', 'duplicate'],
  title: 'The same mobile is given twice',
  description:
    "Each person's mobile must be their own (it is used for sign-in checks). Compared after normalising, so 07912 345678 and +44 7912 345678 match. The later row is flagged and names the first.",
  message: (p) =>
    `The mobile "${s(p, 'value')}" is the same number as "${s(p, 'firstValue')}" on line ${s(p, 'firstLine')}.`,
  hint: (p) =>
    `Give each person their own mobile; if line ${s(p, 'firstLine')} is the same person, delete one of the two rows.`,
  check(ctx, report) {
    reportRepeats(ctx.rows, (r) => mobileKey(r.mobile), 'mobile', report);
  },
});

export const staffDuplicatePerson = defineRule({
  code: 'staff-duplicate-person',
  severity: 'warning',
  scope: 'dataset',
  tags: ['staff', 'name', 'duplicate'],
  title: 'The same name appears twice at one site',
  description:
    'Two rows at the same site have the same first and last name (ignoring case, accents typed two ways and apostrophe style): probably one person entered twice. People who share a name at different sites are not flagged.',
  message: (p) => `${s(p, 'name')} at ${s(p, 'site')} is also on line ${s(p, 'firstLine')}.`,
  hint: (p) =>
    `If this is the same person as line ${s(p, 'firstLine')}, delete one row; if they are two people, nothing to do.`,
  check(ctx, report) {
    reportRepeats(
      ctx.rows,
      (r) =>
        r.get('first_name') && r.get('last_name') && r.siteCode
          ? `${r.siteCode}\u0002${personKey(r.get('first_name'), r.get('last_name'))}`
          : undefined,
      'first_name',
      report,
    );
  },
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
  check(ctx, report) {
    if (!ctx.siteListKnown) return;
    const fromFiles = [...ctx.sites.values()].some((site) => site.listed);
    for (const row of ctx.rows) {
      if (isSiteCode(row.siteCode) && !ctx.isListedSite(row.siteCode)) {
        report({
          row,
          column: 'site_ods_code',
          params: {
            value: row.siteCode,
            list: fromFiles ? 'the sites you listed' : 'the ODS reference',
            fix: fromFiles ? 'the sites file' : 'the ODS reference, or give a sites file',
          },
        });
      }
    }
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
  check(ctx, report) {
    if (!ctx.ods) report();
  },
});
