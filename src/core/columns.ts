/**
 * The canonical columns of each input and the header aliases people actually use (SPEC.md §3).
 * Header text is folded before matching: case, BOM, NBSP, `_` `-` `.` and repeated spaces do not count.
 */

export const SITE_DETAIL_COLUMNS = [
  'site_name',
  'town',
  'hq_ods_code',
  'cqc_location_id',
  'postcode',
  'dspt_status',
  'existing_accounts',
  'allowance',
  'shared_mailbox_exists',
] as const;

export const STAFF_REQUIRED = [
  'site_ods_code',
  'first_name',
  'last_name',
  'job_title',
  'personal_email',
  'mobile',
] as const;

export const STAFF_OPTIONAL = ['title', 'access', 'action', 'nhsmail_address'] as const;

export const STAFF_COLUMNS = [...STAFF_REQUIRED, ...STAFF_OPTIONAL, ...SITE_DETAIL_COLUMNS] as const;
export const SITES_COLUMNS = ['site_ods_code', ...SITE_DETAIL_COLUMNS] as const;

export type SiteDetailColumn = (typeof SITE_DETAIL_COLUMNS)[number];
export type StaffColumn = (typeof STAFF_COLUMNS)[number];
export type SitesColumn = (typeof SITES_COLUMNS)[number];
export type Column = StaffColumn;

/** Folded header text → canonical name. Canonical names map to themselves automatically. */
const ALIASES: Record<string, Column> = {
  odscode: 'site_ods_code',
  sitecode: 'site_ods_code',
  siteodscode: 'site_ods_code',
  siteods: 'site_ods_code',
  odssitecode: 'site_ods_code',
  forename: 'first_name',
  forenames: 'first_name',
  firstname: 'first_name',
  givenname: 'first_name',
  surname: 'last_name',
  lastname: 'last_name',
  familyname: 'last_name',
  jobtitle: 'job_title',
  role: 'job_title',
  jobrole: 'job_title',
  email: 'personal_email',
  emailaddress: 'personal_email',
  personalemail: 'personal_email',
  personalemailaddress: 'personal_email',
  mobile: 'mobile',
  mobilenumber: 'mobile',
  mobilephone: 'mobile',
  mobilephonenumber: 'mobile',
  personalmobile: 'mobile',
  mobileno: 'mobile',
  mailboxaccess: 'access',
  access: 'access',
  ownermember: 'access',
  sharedmailboxaccess: 'access',
  nhsmailaddress: 'nhsmail_address',
  nhsmail: 'nhsmail_address',
  existingnhsmailaddress: 'nhsmail_address',
  nhsmailemail: 'nhsmail_address',
  requesttype: 'action',
  sitename: 'site_name',
  locationname: 'site_name',
  hqodscode: 'hq_ods_code',
  hqcode: 'hq_ods_code',
  hq: 'hq_ods_code',
  providerodscode: 'hq_ods_code',
  cqclocationid: 'cqc_location_id',
  cqcid: 'cqc_location_id',
  locationid: 'cqc_location_id',
  dspt: 'dspt_status',
  dsptstatus: 'dspt_status',
  existingaccounts: 'existing_accounts',
  sharedmailboxexists: 'shared_mailbox_exists',
};

/** Folds header text for matching: `First  Name `, `FIRST_NAME` and `first-name` all become `firstname`. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-./]+/g, '');
}

/** Canonical column for a header cell among `allowed`, or undefined if it is not one of ours. */
export function canonicalColumn<C extends string>(header: string, allowed: readonly C[]): C | undefined {
  const folded = foldHeader(header);
  if (folded === '') return undefined;
  const direct = allowed.find((c) => foldHeader(c) === folded);
  if (direct) return direct;
  const alias = Object.hasOwn(ALIASES, folded) ? ALIASES[folded] : undefined;
  return alias && (allowed as readonly string[]).includes(alias) ? (alias as C) : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The header present in the file that looks most like the missing column, for "did you mean". */
export function nearestHeader(missing: string, headers: readonly string[]): string | undefined {
  const target = foldHeader(missing);
  let best: { header: string; d: number } | undefined;
  for (const h of headers) {
    const folded = foldHeader(h);
    if (!folded) continue;
    const d = editDistance(target, folded);
    if (d <= Math.max(2, Math.floor(target.length / 3)) && (!best || d < best.d)) best = { header: h, d };
  }
  return best?.header;
}
