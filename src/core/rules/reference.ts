/**
 * Rules that compare the request with what is already true elsewhere: the export of current NHSmail
 * accounts (`--existing`), an earlier run's upload (`--previous`) and the ODS ORD API (`--ods-online`).
 * Each stays silent when its reference was not given.
 */

import { personAtSite, predictedAddress } from '../existing.js';
import { emailKey, parseCount } from '../normalise.js';
import { fetchDates, ORD_NAME } from '../ods.js';
import { defineRule, s } from './rule.js';

/** How many codes a message lists before it says "and N more". */
const LIST_AT_MOST = 10;

const listed = (codes: readonly string[]): string =>
  codes.length <= LIST_AT_MOST
    ? codes.join(', ')
    : `${codes.slice(0, LIST_AT_MOST).join(', ')} and ${codes.length - LIST_AT_MOST} more`;

export const staffExistingAccount = defineRule({
  code: 'staff-existing-account',
  severity: 'warning',
  scope: 'dataset',
  tags: ['staff', 'existing'],
  title: 'The person may already have an NHSmail account',
  description:
    'With --existing: a `new` request whose predicted address (firstname.lastname@nhs.net) is in the export, or whose name matches an account at the same site. Someone who already has NHSmail keeps it and moves as a joiner; a second account is not funded. The address is a prediction: NHSmail resolves clashes itself, so two people can share a name.',
  message: (p) =>
    s(p, 'how') === 'address'
      ? `${s(p, 'name')} may already have an NHSmail account: the predicted address ${s(p, 'address')} is on line ${s(p, 'exportLine')} of ${s(p, 'exportFile')}.`
      : `${s(p, 'name')} may already have an NHSmail account: an account with that name at ${s(p, 'site')} is on line ${s(p, 'exportLine')} of ${s(p, 'exportFile')}.`,
  hint: () =>
    'If it is the same person, ask for them as a joiner (action joiner, with their NHSmail address) instead of a new account; if it is someone else with the same name, nothing to do.',
  begin(ctx, report) {
    const existing = ctx.existing;
    if (!existing) return undefined;
    const exportFile = existing.summary.file;
    return {
      row(row) {
        if (row.action !== 'new' || row.sent) return;
        const first = row.get('first_name');
        const last = row.get('last_name');
        const name = `${first} ${last}`.trim();
        const address = predictedAddress(first, last);
        const byAddress = address ? existing.addresses.get(address) : undefined;
        if (byAddress) {
          report({
            row,
            column: 'last_name',
            params: {
              how: 'address',
              name,
              address,
              exportLine: byAddress.line,
              exportFile,
              site: row.siteCode,
            },
          });
          return;
        }
        const byName = row.siteCode
          ? existing.people.get(personAtSite(row.siteCode, first, last))
          : undefined;
        if (byName !== undefined) {
          report({
            row,
            column: 'last_name',
            params: { how: 'name', name, address: '', exportLine: byName, exportFile, site: row.siteCode },
          });
        }
      },
    };
  },
});

export const staffLeaverNotFound = defineRule({
  code: 'staff-leaver-not-found',
  severity: 'error',
  scope: 'dataset',
  tags: ['staff', 'existing'],
  title: 'A leaver has no account in the export',
  description:
    'With --existing: a `leaver` row whose NHSmail address is not in the export of current accounts. NAS cannot remove an account that does not exist, so the row would bounce; it frees no slot either.',
  message: (p) => `The leaver's NHSmail address "${s(p, 'value')}" is not in ${s(p, 'exportFile')}.`,
  hint: () =>
    "Check the address against the person's NHSmail account (a typo, or an old address?); if they have no account, delete the row.",
  begin(ctx, report) {
    const existing = ctx.existing;
    if (!existing) return undefined;
    return {
      row(row) {
        if (row.action !== 'leaver' || row.sent) return;
        const value = row.get('nhsmail_address');
        if (value === '' || existing.addresses.has(emailKey(value))) return;
        report({ row, column: 'nhsmail_address', params: { value, exportFile: existing.summary.file } });
      },
    };
  },
});

export const staffPreviouslySubmitted = defineRule({
  code: 'staff-previously-submitted',
  severity: 'info',
  scope: 'dataset',
  tags: ['staff', 'previous'],
  title: 'The row was already sent in an earlier upload',
  description:
    "With --previous: the same request (action, site and the person's e-mail, or NHSmail address for joiners and leavers) is in the earlier run's nas-bulk-upload.csv. Its status is `submitted`: it is not written again, because NAS creates a duplicate account for a row sent twice, and it still counts against the site's allowance.",
  message: (p) =>
    `Already sent on line ${s(p, 'previousLine')} of the earlier upload ${s(p, 'previousFile')}; not written again.`,
  hint: () => 'Nothing to do. To send it again on purpose, run without --previous.',
  begin(ctx, report) {
    const previous = ctx.previous;
    if (!previous) return undefined;
    return {
      row(row) {
        const sent = row.sent;
        if (sent) report({ row, params: { previousLine: sent.line, previousFile: sent.file } });
      },
    };
  },
});

export const siteExistingAccountsMismatch = defineRule({
  code: 'site-existing-accounts-mismatch',
  severity: 'warning',
  scope: 'site',
  tags: ['site', 'existing', 'quota'],
  title: 'The existing accounts given differ from the export',
  description:
    "With --existing: the site's existing_accounts column says one number and the export of current accounts counts another. The export is used, since it is what NHSmail holds.",
  message: (p) =>
    `Site ${s(p, 'code')} says ${s(p, 'given')} existing account(s), but ${s(p, 'exportFile')} has ${s(p, 'counted')}; ${s(p, 'counted')} is used.`,
  hint: () => 'Correct existing_accounts in the sites file, or leave it blank when you give --existing.',
  check({ site, existing }, report) {
    if (!existing) return;
    const value = site.details.existing_accounts ?? '';
    const given = parseCount(value);
    const counted = existing.bySite.get(site.code) ?? 0;
    if (given === undefined || given === counted) return;
    report({
      column: 'existing_accounts',
      value,
      params: { code: site.code, given, counted, exportFile: existing.summary.file },
    });
  },
});

export const odsOnlineLookup = defineRule({
  code: 'ods-online-lookup',
  severity: 'info',
  scope: 'dataset',
  tags: ['ods', 'online'],
  title: 'Codes were looked up in the ODS ORD API',
  description:
    'With --ods-online: codes missing from the local ODS files were looked up in the ODS ORD API (only the codes were sent). Says how many, and when the answers were fetched: answers are cached on disk, so some may be older than today.',
  message: (p) =>
    `Looked up ${s(p, 'asked')} code(s) in the ${ORD_NAME}: ${s(p, 'found')} found, ${s(p, 'notFound')} unknown to ODS, ${s(p, 'failed')} not answered; answers fetched ${s(p, 'dates')}.`,
  hint: (p) =>
    Number(p.stale ?? 0) > 0
      ? `${s(p, 'stale')} answer(s) are from an older cache because the service did not answer: run again later for fresh ones.`
      : 'Nothing to do.',
  begin(ctx, report) {
    const online = ctx.ods?.online;
    if (!online) return undefined;
    const { range, cached } = fetchDates(online);
    report({
      params: {
        asked: online.found.length + online.notFound.length + online.failed.length,
        found: online.found.length,
        notFound: online.notFound.length,
        failed: online.failed.length,
        dates: range === '' ? '(none)' : `${range}${cached > 0 ? ` (${cached} from the cache)` : ''}`,
        stale: online.fetched.filter((f) => f.stale).length,
      },
    });
    return undefined;
  },
});

export const odsOnlineUnavailable = defineRule({
  code: 'ods-online-unavailable',
  severity: 'warning',
  scope: 'dataset',
  tags: ['ods', 'online'],
  title: 'The ODS ORD API did not answer for some codes',
  description:
    'With --ods-online: the service could not be asked about some codes (no answer in time, a server error, no connection). The run goes on; those sites are not checked against ODS (missing, closed, HQ, country) and are not reported as missing.',
  message: (p) =>
    `The ${ORD_NAME} did not answer for ${s(p, 'count')} code(s): ${s(p, 'codes')} (${s(p, 'reason')}); those sites were not checked against ODS.`,
  hint: () =>
    'Run again later, or download the ODS social care files (ecarehomesite, ecarehomehq) and pass them with --ods.',
  begin(ctx, report) {
    const failed = ctx.ods?.online?.failed ?? [];
    if (failed.length === 0) return undefined;
    const reasons = [...new Set(failed.map((f) => f.reason))];
    report({
      params: {
        count: failed.length,
        codes: listed(failed.map((f) => f.code)),
        reason: reasons.length === 1 ? reasons[0]! : `${reasons[0]}, and other reasons`,
      },
    });
    return undefined;
  },
});

export const existingAccountsUnplaced = defineRule({
  code: 'existing-accounts-unplaced',
  severity: 'warning',
  scope: 'dataset',
  tags: ['existing', 'quota'],
  title: 'Some accounts in the export have no readable site',
  description:
    "With --existing: accounts whose site column holds no ODS code we can read (a blank cell, or an OU name without its code). They are counted at no site, so those sites' existing counts, and so their free accounts, may be too high.",
  message: (p) =>
    `${s(p, 'count')} account(s) in ${s(p, 'exportFile')} have no site code we can read (lines ${s(p, 'lines')}), so they are not counted at any site.`,
  hint: () =>
    "Put each account's site ODS code in the export's site column (or an OU with the code in brackets), or check those sites' allowances by hand.",
  begin(ctx, report) {
    const existing = ctx.existing;
    if (!existing || existing.unplaced.length === 0) return undefined;
    const lines = existing.unplaced;
    report({
      file: existing.summary.file,
      params: {
        count: lines.length,
        exportFile: existing.summary.file,
        lines: listed(lines.map(String)),
      },
    });
    return undefined;
  },
});
