/** Allowance rules (src/core/rules/quota.ts), decided once valid rows take free slots (SPEC §5). */
import { describe, it } from 'vitest';
import { person, staffCsv } from '../helpers.js';
import { at, expectCase, OWNER, type RuleCase, siteRow, sitesCsv } from './support.js';

const QUOTA_HEADER = [
  'site_ods_code',
  'site_name',
  'existing_accounts',
  'allowance',
  'shared_mailbox_exists',
];
/** A sites file with one row per [code, existing, allowance, shared mailbox]. */
const quotaSites = (...rows: [string, string, string, string][]) =>
  sitesCsv(
    rows.map(([code, existing, allowance, mailbox]) => [
      code,
      'Rose Court Care Home',
      existing,
      allowance,
      mailbox,
    ]),
    QUOTA_HEADER,
  );

const members = (n: number, site = 'VA1B2') => Array.from({ length: n }, () => person({}, site));
const leaver = (address: string) => person({ action: 'leaver', nhsmail_address: address });
const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

const staffOverCases: RuleCase[] = [
  {
    name: 'the 11th request at the default allowance of 10',
    staff: staffCsv([person(OWNER), ...members(10)]),
    expected: [at(12, 'site_ods_code', { site: 'VA1B2', allowance: 10, existing: 0 })],
    statuses: [...times(10, 'ready' as const), 'deferred'],
  },
  {
    name: 'owners are served before earlier members (SPEC §5)',
    staff: staffCsv([
      person({ first_name: 'Siân' }),
      person({ first_name: 'Zoë' }),
      person({ ...OWNER, first_name: 'Kwame' }),
    ]),
    extra: { options: { allowance: 2 } },
    expected: [at(3, 'site_ods_code', { site: 'VA1B2', allowance: 2 })],
    statuses: ['ready', 'deferred', 'ready'],
  },
  {
    name: 'two late owners push two earlier members out',
    staff: staffCsv([...members(3), person(OWNER), person({ access: ' Owner ' })]),
    extra: { options: { allowance: 3 } },
    expected: [at(3, 'site_ods_code', { allowance: 3 }), at(4, 'site_ods_code', { allowance: 3 })],
    statuses: ['ready', 'deferred', 'deferred', 'ready', 'ready'],
  },
  {
    name: 'existing accounts use up the allowance',
    staff: staffCsv([person(OWNER), ...members(2)]),
    extra: { sites: quotaSites(['VA1B2', '9', '', 'yes']) },
    expected: [
      at(3, 'site_ods_code', { existing: 9, allowance: 10 }),
      at(4, 'site_ods_code', { existing: 9 }),
    ],
    statuses: ['ready', 'deferred', 'deferred'],
  },
  {
    name: "a site's allowance column beats --allowance",
    staff: staffCsv([person(OWNER), ...members(2)]),
    extra: { sites: quotaSites(['VA1B2', '0', '2', 'yes']), options: { allowance: 5 } },
    expected: [at(4, 'site_ods_code', { allowance: 2 })],
    statuses: ['ready', 'ready', 'deferred'],
  },
  {
    name: 'a joiner takes a slot like a new account',
    staff: staffCsv([
      person(OWNER),
      person({ action: 'joiner', nhsmail_address: 'kwame.mensah@nhs.net' }),
      person({ last_name: "O'Brien" }),
    ]),
    extra: { options: { allowance: 2 } },
    expected: [at(4, 'site_ods_code', { allowance: 2 })],
    statuses: ['ready', 'ready', 'deferred'],
  },
  {
    name: 'a leaver with no NHSmail address frees nothing',
    staff: staffCsv([person(OWNER), person(), person({ action: 'leaver' })]),
    extra: { sites: quotaSites(['VA1B2', '9', '', 'yes']) },
    expected: [at(3, 'site_ods_code', { existing: 9 })],
    statuses: ['ready', 'deferred', 'rejected'],
  },
  {
    name: 'a valid leaver frees a slot (SPEC §5)',
    staff: staffCsv([person(OWNER), person(), leaver('grzegorz.nowak@nhs.net')]),
    extra: { sites: quotaSites(['VA1B2', '9', '', 'yes']) },
    expected: [],
    statuses: ['ready', 'ready', 'ready'],
  },
  {
    name: 'exactly 10 requests',
    staff: staffCsv([person(OWNER), ...members(9)]),
    expected: [],
    statuses: times(10, 'ready' as const),
  },
  {
    name: 'a rejected row takes no slot',
    staff: staffCsv([person(OWNER), person({ mobile: '07700 900123' }), person()]),
    extra: { options: { allowance: 2 } },
    expected: [],
    statuses: ['ready', 'rejected', 'ready'],
  },
  {
    name: 'each site has its own allowance',
    staff: staffCsv([person(OWNER), person(), person(OWNER, 'VC3D4'), person({}, 'VC3D4')]),
    extra: { options: { allowance: 2 } },
    expected: [],
  },
  {
    name: 'rows at a site in error are rejected, not deferred',
    staff: staffCsv([person(OWNER), ...members(2)]),
    extra: {
      sites: sitesCsv([siteRow({ dspt_status: 'Not Published', existing_accounts: '0', allowance: '1' })]),
    },
    expected: [],
    statuses: ['rejected', 'rejected', 'rejected'],
  },
];

describe('staff-over-quota', () => {
  it.each(staffOverCases)('$name', (c) => expectCase('staff-over-quota', c));
});

const siteOverCases: RuleCase[] = [
  {
    name: '11 requests at the default allowance, at the first staff row',
    staff: staffCsv([person(OWNER), ...members(10)]),
    expected: [
      at(2, 'site_ods_code', {
        code: 'VA1B2',
        requested: 11,
        free: 10,
        allowance: 10,
        existing: 0,
        leavers: 0,
        over: 1,
      }),
    ],
  },
  {
    name: 'more existing accounts than the allowance: no free slot, at the sites-file row',
    staff: staffCsv([person(OWNER), person()]),
    extra: { sites: quotaSites(['VA1B2', '12', '', 'yes']) },
    expected: [at(2, 'site_ods_code', { requested: 2, free: 0, existing: 12, over: 2 })],
    statuses: ['deferred', 'deferred'],
  },
  {
    name: 'a leaver counts in the free slots',
    staff: staffCsv([person(OWNER), ...members(2), leaver('renee.lefevre@nhs.net')]),
    extra: { sites: quotaSites(['VA1B2', '10', '', 'yes']) },
    expected: [at(2, 'site_ods_code', { requested: 3, free: 1, existing: 10, leavers: 1, over: 2 })],
    statuses: ['ready', 'deferred', 'deferred', 'ready'],
  },
  {
    name: 'only the site that is over',
    staff: staffCsv([person(OWNER), person(), person(OWNER, 'VC3D4'), ...members(2, 'VC3D4')]),
    extra: { options: { allowance: 2 } },
    expected: [at(4, 'site_ods_code', { code: 'VC3D4', requested: 3, free: 2, over: 1 })],
  },
  {
    name: 'exactly the free slots',
    staff: staffCsv([person(OWNER), person()]),
    extra: { sites: quotaSites(['VA1B2', '8', '', 'yes']) },
    expected: [],
  },
  {
    name: 'a valid leaver makes room',
    staff: staffCsv([person(OWNER), person(), leaver('mei.chen@nhs.net')]),
    extra: { sites: quotaSites(['VA1B2', '9', '', 'yes']) },
    expected: [],
  },
];

describe('site-over-quota', () => {
  it.each(siteOverCases)('$name', (c) => expectCase('site-over-quota', c));
});

const belowMinimumCases: RuleCase[] = [
  {
    name: 'a new site with one request (a warning; the row stays ready)',
    staff: staffCsv([person(OWNER)]),
    expected: [at(2, 'site_ods_code', { code: 'VA1B2', count: 1 })],
    statuses: ['ready'],
  },
  {
    name: 'shared mailbox "no" though the sites file counts accounts',
    staff: staffCsv([person(OWNER)]),
    extra: { sites: quotaSites(['VA1B2', '2', '', 'no']) },
    expected: [at(2, 'site_ods_code', { code: 'VA1B2', count: 1 })],
  },
  {
    name: 'only the new site of two',
    staff: staffCsv([person(OWNER), person(), person(OWNER, 'VB9C6')]),
    expected: [at(4, 'site_ods_code', { code: 'VB9C6', count: 1 })],
  },
  { name: 'two requests', staff: staffCsv([person(OWNER), person()]), expected: [] },
  {
    name: 'a joiner and a new account make two',
    staff: staffCsv([person(OWNER), person({ action: 'joiner', nhsmail_address: 'aoife.okafor@nhs.net' })]),
    expected: [],
  },
  {
    name: 'an established site with existing accounts',
    staff: staffCsv([person(OWNER)]),
    extra: { sites: quotaSites(['VA1B2', '3', '', '']) },
    expected: [],
  },
  {
    name: 'the shared mailbox already exists',
    staff: staffCsv([person(OWNER)]),
    extra: { sites: quotaSites(['VA1B2', '0', '', 'Yes']) },
    expected: [],
  },
  {
    name: 'a site with a leaver is not new',
    staff: staffCsv([person(OWNER), leaver('dylan.hughes@nhs.net')]),
    expected: [],
  },
  {
    name: 'a site in error gets its error, not this warning',
    staff: staffCsv([person(OWNER)]),
    extra: {
      sites: sitesCsv([siteRow({ existing_accounts: '0', shared_mailbox_exists: 'no', dspt_status: '' })]),
    },
    expected: [],
    statuses: ['rejected'],
  },
];

describe('site-below-minimum', () => {
  it.each(belowMinimumCases)('$name', (c) => expectCase('site-below-minimum', c));
});

const noOwnerCases: RuleCase[] = [
  {
    name: 'a new site of members only (a warning; rows stay ready)',
    staff: staffCsv([person(), person()]),
    expected: [at(2, 'site_ods_code', { code: 'VA1B2' })],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'the only owner is rejected',
    staff: staffCsv([person({ ...OWNER, mobile: '01632 960123' }), person(), person()]),
    expected: [at(2, 'site_ods_code', { code: 'VA1B2' })],
    statuses: ['rejected', 'ready', 'ready'],
  },
  {
    name: 'a new site in the sites file (no mailbox yet), at its sites row',
    staff: staffCsv([person(), person()]),
    extra: { sites: quotaSites(['VA1B2', '0', '', 'no']) },
    expected: [at(2, 'site_ods_code', { code: 'VA1B2' })],
  },
  {
    name: 'an owner last in the file',
    staff: staffCsv([person(), person(), person({ access: ' Owner ' })]),
    expected: [],
  },
  {
    name: 'an established site manages itself already',
    staff: staffCsv([person(), person()]),
    extra: { sites: quotaSites(['VA1B2', '4', '', 'yes']) },
    expected: [],
  },
  {
    name: 'nobody ready at the site',
    staff: staffCsv([person({ mobile: '01632 960124' }), person({ personal_email: 'sam.lee@gmail' })]),
    expected: [],
    statuses: ['rejected', 'rejected'],
  },
];

describe('site-no-owner', () => {
  it.each(noOwnerCases)('$name', (c) => expectCase('site-no-owner', c));
});
