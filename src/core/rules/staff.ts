/** Staff row rules: one person's request, cell by cell (SPEC §6 "Staff rows"). */
import { STAFF_REQUIRED } from '../columns.js';
import { checkEmail, checkName, isKnownTitle, isNhsMail, isSiteCode, suggestDomain } from '../normalise.js';
import { defineRule, s } from './rule.js';

const LABELS: Record<string, string> = {
  site_ods_code: 'site ODS code',
  first_name: 'first name',
  last_name: 'last name',
  job_title: 'job title',
  personal_email: 'personal e-mail',
  mobile: 'mobile',
};

export const staffRequiredMissing = defineRule({
  code: 'staff-required-missing',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'required'],
  title: 'A required value is blank',
  description:
    'Every person needs a site ODS code, first name, last name, job title, personal e-mail and mobile. A cell that is blank, or was a formula error (#N/A) in Excel, is missing.',
  message: (p) => `The ${s(p, 'label')} is blank (or was a formula error in Excel).`,
  hint: (p) => `Fill in the ${s(p, 'label')} for this person.`,
  check(row, report) {
    for (const column of STAFF_REQUIRED) {
      if (row.has(column) && row.get(column) === '') {
        report({ params: { column, label: LABELS[column]! }, column, value: '' });
      }
    }
  },
});

export const staffNameInvalid = defineRule({
  code: 'staff-name-invalid',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'name'],
  title: 'A name has characters a name cannot have',
  description:
    'Names may hold letters (accents welcome), spaces, apostrophes, hyphens and full stops, up to 64 characters. Digits, @ and other symbols usually mean the wrong value is in the cell.',
  message: (p) =>
    p.problem === 'too-long'
      ? `The ${s(p, 'label')} "${s(p, 'value')}" is longer than 64 characters.`
      : `The ${s(p, 'label')} "${s(p, 'value')}" has characters a name cannot have.`,
  hint: (p) => `Check the ${s(p, 'label')} is the person's name and holds only letters, spaces, ' - and .`,
  check(row, report) {
    for (const column of ['first_name', 'last_name'] as const) {
      const value = row.get(column);
      if (value === '') continue;
      const problem = checkName(value);
      if (problem) report({ params: { column, label: LABELS[column]!, value, problem }, column });
    }
  },
});

export const staffEmailInvalid = defineRule({
  code: 'staff-email-invalid',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'email'],
  title: 'The personal e-mail is not a valid address',
  description:
    'The personal e-mail must be a complete address such as name@example.co.uk, at most 254 characters (64 before the @).',
  message: (p) =>
    p.problem === 'too-long'
      ? `The personal e-mail "${s(p, 'value')}" is too long to be an e-mail address.`
      : `The personal e-mail "${s(p, 'value')}" is not a valid e-mail address.`,
  hint: () =>
    'Check the address with the person: it needs one @, a name before it and a domain such as gmail.com after it.',
  check(row, report) {
    const value = row.get('personal_email');
    if (value === '') return;
    const problem = checkEmail(value);
    if (problem) report({ params: { value, problem }, column: 'personal_email' });
  },
});

export const staffEmailDomainTypo = defineRule({
  code: 'staff-email-domain-typo',
  severity: 'warning',
  scope: 'row',
  tags: ['staff', 'email'],
  title: 'The personal e-mail domain looks like a typo',
  description: 'The domain after the @ is a common misspelling (gmail.con, hotmial.com).',
  message: (p) => `"${s(p, 'value')}" ends in ${s(p, 'domain')}; did you mean ${s(p, 'suggestion')}?`,
  hint: (p) =>
    `Check the address with the person and correct the domain to ${s(p, 'suggestion')} if that was meant.`,
  check(row, report) {
    const value = row.get('personal_email');
    const suggestion = suggestDomain(value);
    if (value !== '' && suggestion && !checkEmail(value)) {
      report({
        params: { value, domain: value.slice(value.lastIndexOf('@') + 1), suggestion },
        column: 'personal_email',
      });
    }
  },
});

export const staffEmailNhsmail = defineRule({
  code: 'staff-email-nhsmail',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'email'],
  title: 'A new account request gives an @nhs.net personal e-mail',
  description:
    "The personal e-mail must be the person's own, non-NHSmail address. Someone who already has an @nhs.net address is a joiner, not a new account.",
  message: (p) =>
    `The personal e-mail "${s(p, 'value')}" is an NHSmail address, but the request is for a new account.`,
  hint: () =>
    'If the person already has NHSmail, set action to joiner and put the @nhs.net address in nhsmail_address; otherwise give their personal e-mail.',
  check(row, report) {
    const value = row.get('personal_email');
    if (row.action === 'new' && value !== '' && isNhsMail(value))
      report({ params: { value }, column: 'personal_email' });
  },
});

export const staffMobileInvalid = defineRule({
  code: 'staff-mobile-invalid',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'mobile'],
  title: 'The mobile is not a UK mobile number',
  description:
    'NHSmail needs a personal UK mobile (07 + 9 digits, or +44 7…) for sign-in checks and password resets. Landlines, non-UK numbers, pagers (076), personal numbers (070), Ofcom\'s drama range (07700 900xxx) and extra text such as "ext 2" are refused.',
  message: (p) => {
    const why: Record<string, string> = {
      characters: 'has characters other than digits, spaces, brackets, dashes and a leading +',
      'not-uk': 'is not a UK number',
      landline: 'is a landline, not a mobile',
      'not-mobile': 'is not a mobile number',
      pager: 'is a pager number (076), not a mobile',
      drama: 'is in the range Ofcom keeps for TV and film (07700 900xxx), so it cannot be real',
      length: 'has the wrong number of digits for a UK mobile (07 + 9 digits)',
    };
    return `The mobile "${s(p, 'value')}" ${why[s(p, 'reason')] ?? 'is not valid'}.`;
  },
  hint: () =>
    "Enter the person's own UK mobile, such as 07912 345678 or +44 7912 345678, and nothing else in the cell.",
  check(row, report) {
    if (row.mobile.kind === 'invalid') {
      report({ params: { value: row.get('mobile'), reason: row.mobile.reason }, column: 'mobile' });
    }
  },
});

export const staffMobileLeadingZeroRestored = defineRule({
  code: 'staff-mobile-leading-zero-restored',
  severity: 'warning',
  scope: 'row',
  tags: ['staff', 'mobile', 'excel'],
  title: 'A mobile had lost its leading 0',
  description:
    'A mobile typed into a number cell loses its leading zero (7956123456). The 0 was put back; the number is otherwise complete.',
  message: (p) => `The mobile "${s(p, 'value')}" had lost its leading 0; it was read as ${s(p, 'restored')}.`,
  hint: () =>
    'Nothing to do if that is right; to stop it happening, format the mobile column as Text in Excel.',
  check(row, report) {
    if (row.mobile.kind === 'ok' && row.mobile.restored) {
      report({ params: { value: row.get('mobile'), restored: row.mobile.value }, column: 'mobile' });
    }
  },
});

export const staffMobileExcelDamaged = defineRule({
  code: 'staff-mobile-excel-damaged',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'mobile', 'excel'],
  title: 'Excel turned the mobile into a rounded number',
  description:
    'A long number shown as 4.47956E+11 has lost its last digits for good: the real number cannot be worked out from it.',
  message: (p) =>
    `The mobile "${s(p, 'value')}" was turned into a rounded number by Excel, and digits are lost.`,
  hint: () => 'Format the mobile column as Text in Excel and re-type the number.',
  check(row, report) {
    if (row.mobile.kind === 'excel-damaged')
      report({ params: { value: row.get('mobile') }, column: 'mobile' });
  },
});

export const staffAccessInvalid = defineRule({
  code: 'staff-access-invalid',
  severity: 'error',
  essential: true,
  scope: 'row',
  tags: ['staff', 'access'],
  title: 'Mailbox access is not owner or member',
  description:
    'Shared mailbox access is "owner" (manages membership, joiners and leavers) or "member". Blank means member.',
  message: (p) => `Mailbox access "${s(p, 'value')}" is not owner or member.`,
  hint: () => 'Write owner or member (or leave it blank for member).',
  check(row, report) {
    if (row.access === undefined) report({ params: { value: row.get('access') }, column: 'access' });
  },
});

export const staffActionInvalid = defineRule({
  code: 'staff-action-invalid',
  severity: 'error',
  essential: true,
  scope: 'row',
  tags: ['staff', 'action'],
  title: 'Action is not new, joiner or leaver',
  description:
    'Each row asks for one thing: "new" (a new account; the default when blank), "joiner" (someone who already has NHSmail joins this site) or "leaver".',
  message: (p) => `Action "${s(p, 'value')}" is not new, joiner or leaver.`,
  hint: () => 'Write new, joiner or leaver (or leave it blank for new).',
  check(row, report) {
    if (row.action === undefined) report({ params: { value: row.get('action') }, column: 'action' });
  },
});

export const staffNhsmailAddressRequired = defineRule({
  code: 'staff-nhsmail-address-required',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'action'],
  title: 'A joiner or leaver has no NHSmail address',
  description: 'Joiners and leavers already have NHSmail, so NAS needs their existing @nhs.net address.',
  message: (p) => `This ${s(p, 'action')} has no NHSmail address.`,
  hint: () => "Put the person's existing @nhs.net address in the nhsmail_address column.",
  check(row, report) {
    if ((row.action === 'joiner' || row.action === 'leaver') && row.get('nhsmail_address') === '') {
      report({ params: { action: row.action }, column: 'nhsmail_address', value: '' });
    }
  },
});

export const staffNhsmailAddressInvalid = defineRule({
  code: 'staff-nhsmail-address-invalid',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'action'],
  title: 'The NHSmail address is not an @nhs.net address',
  description:
    "The nhsmail_address column holds the person's existing NHSmail address, which ends in @nhs.net.",
  message: (p) => `The NHSmail address "${s(p, 'value')}" is not a valid @nhs.net address.`,
  hint: () => 'Check the address: it looks like firstname.lastname@nhs.net.',
  check(row, report) {
    const value = row.get('nhsmail_address');
    if (value !== '' && (checkEmail(value) !== undefined || !isNhsMail(value))) {
      report({ params: { value }, column: 'nhsmail_address' });
    }
  },
});

export const staffTitleUnknown = defineRule({
  code: 'staff-title-unknown',
  severity: 'warning',
  scope: 'row',
  tags: ['staff', 'name'],
  title: 'The title is not a usual one',
  description: 'Titles are usually Mr, Mrs, Miss, Ms, Mx, Dr, Prof or Rev. An unusual one is sent as typed.',
  message: (p) => `The title "${s(p, 'value')}" is not one we know.`,
  hint: () => 'Check the title, or leave it blank; titles are optional.',
  check(row, report) {
    const value = row.get('title');
    if (value !== '' && !isKnownTitle(value)) report({ params: { value }, column: 'title' });
  },
});

export const staffSiteCodeInvalid = defineRule({
  code: 'staff-site-code-invalid',
  severity: 'error',
  scope: 'row',
  tags: ['staff', 'site', 'ods'],
  title: "The person's site ODS code is not a care site code",
  description:
    'A care site ODS code is V followed by 4 letters or digits (e.g. VN6C2). HQ codes (4 characters) and codes starting 8 cannot be used for a person.',
  message: (p) => `The site ODS code "${s(p, 'value')}" is not a care site code (V + 4 letters or digits).`,
  hint: () => "Use the site's own ODS code (V + 4 characters) from the ODS portal or CQC, not the HQ code.",
  check(row, report) {
    if (row.siteCode !== '' && !isSiteCode(row.siteCode)) {
      report({ params: { value: row.get('site_ods_code') }, column: 'site_ods_code' });
    }
  },
});
