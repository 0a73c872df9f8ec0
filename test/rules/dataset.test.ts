/** Cross-row rules over the staff file (src/core/rules/dataset.ts): duplicates, unknown sites, no ODS. */
import { describe, expect, it } from 'vitest';
import { csv, found, odsHq, odsSite, person, planText, staffCsv } from '../helpers.js';
import {
  at,
  expectCase,
  HEADER,
  ODS_OK,
  OWNER,
  odsFiles,
  type RuleCase,
  siteRow,
  sitesCsv,
} from './support.js';

const emailCases: RuleCase[] = [
  {
    name: 'the same address in a different case names the first line (SPEC §5)',
    staff: staffCsv([
      person({ ...OWNER, personal_email: 'KowalskiFamily@btinternet.com' }),
      person(),
      person({
        first_name: 'Tomasz',
        last_name: 'Kowalski',
        personal_email: 'kowalskifamily@btinternet.com',
      }),
    ]),
    expected: [
      at(4, 'personal_email', {
        value: 'kowalskifamily@btinternet.com',
        firstLine: 2,
        name: 'Tomasz Kowalski',
        site: 'VA1B2',
      }),
    ],
    statuses: ['ready', 'ready', 'rejected'],
  },
  {
    name: 'surrounding spaces do not hide a repeat',
    staff: staffCsv([
      person({ ...OWNER, personal_email: 'zoe.okafor@gmail.com' }),
      person({ personal_email: ' zoe.okafor@gmail.com  ' }),
    ]),
    expected: [at(3, 'personal_email', { firstLine: 2 })],
  },
  {
    name: 'a third use names the first line too',
    staff: staffCsv([
      person({ ...OWNER, personal_email: 'the.evans.family@gmail.com' }),
      person({ personal_email: 'the.evans.family@gmail.com' }),
      person({ personal_email: 'The.Evans.Family@gmail.com' }),
    ]),
    expected: [at(3, 'personal_email', { firstLine: 2 }), at(4, 'personal_email', { firstLine: 2 })],
  },
  {
    name: 'across two sites',
    staff: staffCsv([
      person({ ...OWNER, personal_email: 'niamh.hughes@outlook.com' }),
      person({ ...OWNER, personal_email: 'niamh.hughes@outlook.com' }, 'VC3D4'),
    ]),
    expected: [at(3, 'personal_email', { firstLine: 2, site: 'VC3D4' })],
  },
  {
    name: 'blank e-mails never match (SPEC §5)',
    staff: staffCsv([person({ ...OWNER, personal_email: '' }), person({ personal_email: '' })]),
    expected: [],
  },
  {
    name: 'similar addresses are different people',
    staff: staffCsv([
      person({ ...OWNER, personal_email: 'zoe.okafor@gmail.com' }),
      person({ personal_email: 'zoe.okafor@googlemail.com' }),
      person({ personal_email: 'zoe.okafor1@gmail.com' }),
    ]),
    expected: [],
  },
];

describe('staff-duplicate-email', () => {
  it.each(emailCases)('$name', (c) => expectCase('staff-duplicate-email', c));
});

const mobileCases: RuleCase[] = [
  {
    name: 'the same mobile written 07… and +44 … (P06)',
    staff: staffCsv([
      person({ ...OWNER, mobile: '07912 345678' }),
      person(),
      person({ mobile: '+44 7912 345678' }),
    ]),
    expected: [at(4, 'mobile', { value: '+44 7912 345678', firstLine: 2 })],
    statuses: ['ready', 'ready', 'rejected'],
  },
  {
    name: 'a lost leading 0 matches the full number',
    staff: staffCsv([person({ ...OWNER, mobile: '07956 123456' }), person({ mobile: '7956123456' })]),
    expected: [at(3, 'mobile', { firstLine: 2 })],
  },
  {
    name: 'dashes and brackets against plain digits',
    staff: staffCsv([person({ ...OWNER, mobile: '(07824) 556-677' }), person({ mobile: '07824556677' })]),
    expected: [at(3, 'mobile', { value: '07824556677', firstLine: 2 })],
  },
  {
    name: 'two people at different sites',
    staff: staffCsv([
      person({ ...OWNER, mobile: '07583 112233' }),
      person({ ...OWNER, mobile: '0044 7583 112233' }, 'VC3D4'),
    ]),
    expected: [at(3, 'mobile', { firstLine: 2, site: 'VC3D4' })],
  },
  {
    name: 'blank mobiles never match',
    staff: staffCsv([person({ ...OWNER, mobile: '' }), person({ mobile: '' })]),
    expected: [],
  },
  {
    name: 'numbers one digit apart',
    staff: staffCsv([person({ ...OWNER, mobile: '07391 204455' }), person({ mobile: '07391 204456' })]),
    expected: [],
  },
];

describe('staff-duplicate-mobile', () => {
  it.each(mobileCases)('$name', (c) => expectCase('staff-duplicate-mobile', c));
});

const personCases: RuleCase[] = [
  {
    name: 'the same name twice at one site: a warning naming the first line',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Olena', last_name: 'Kovalenko' }),
      person(),
      person({ first_name: 'Olena', last_name: 'Kovalenko' }),
    ]),
    expected: [at(4, 'first_name', { firstLine: 2, name: 'Olena Kovalenko', site: 'VA1B2' })],
    statuses: ['ready', 'ready', 'ready'],
  },
  {
    name: 'different case',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Siân', last_name: "O'Brien" }),
      person({ first_name: 'SIÂN', last_name: "o'brien" }),
    ]),
    expected: [at(3, 'first_name', { firstLine: 2 })],
  },
  {
    name: 'an accent typed two ways (C07)',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Zoë', last_name: 'Lefèvre' }),
      person({ first_name: 'Zoe\u0308', last_name: 'Lefe\u0300vre' }),
    ]),
    expected: [at(3, 'first_name', { firstLine: 2 })],
  },
  {
    name: 'a curly and a straight apostrophe',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Aoife', last_name: 'O’Neill' }),
      person({ first_name: 'Aoife', last_name: "O'Neill" }),
    ]),
    expected: [at(3, 'first_name', { firstLine: 2 })],
  },
  {
    name: 'extra spaces inside the name',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Mary Ann', last_name: 'Smith-Jones' }),
      person({ first_name: 'Mary  Ann', last_name: ' Smith-Jones' }),
    ]),
    expected: [at(3, 'first_name', { firstLine: 2 })],
  },
  {
    name: 'the same name at two sites is two people (SPEC §5)',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Kwame', last_name: 'Mensah' }),
      person({ ...OWNER, first_name: 'Kwame', last_name: 'Mensah' }, 'VC3D4'),
    ]),
    expected: [],
  },
  {
    name: 'the same first name, different surnames',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Priya', last_name: 'Patel' }),
      person({ first_name: 'Priya', last_name: 'Begum' }),
    ]),
    expected: [],
  },
  {
    name: 'Zoe and Zoë are different names',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Zoë', last_name: 'Evans' }),
      person({ first_name: 'Zoe', last_name: 'Evans' }),
    ]),
    expected: [],
  },
  {
    name: 'blank names never match',
    staff: staffCsv([
      person({ ...OWNER, first_name: '', last_name: '' }),
      person({ first_name: '', last_name: '' }),
    ]),
    expected: [],
  },
];

describe('staff-duplicate-person', () => {
  it.each(personCases)('$name', (c) => expectCase('staff-duplicate-person', c));
});

const RIDE_HEADER = [...HEADER, 'site_name'];

const unknownCases: RuleCase[] = [
  {
    name: 'a site missing from the sites file',
    staff: staffCsv([person(OWNER), person(), person(OWNER, 'VZ9Q4')]),
    extra: { sites: sitesCsv([siteRow()]) },
    expected: [at(4, 'site_ods_code', { value: 'VZ9Q4', list: 'the sites you listed' })],
    statuses: ['ready', 'ready', 'rejected'],
  },
  {
    name: 'no sites file: a site missing from the ODS reference',
    staff: staffCsv([person(OWNER), person(), person(OWNER, 'VZ9Q4')]),
    extra: { ods: ODS_OK },
    expected: [at(4, 'site_ods_code', { value: 'VZ9Q4', list: 'the ODS reference' })],
  },
  {
    name: 'a site code typed in lower case is still the listed site',
    staff: staffCsv([person(OWNER), person({}, ' va1b2')]),
    extra: { sites: sitesCsv([siteRow()]) },
    expected: [],
  },
  {
    name: 'no sites file and no ODS: nothing to check against',
    staff: staffCsv([person(OWNER), person({}, 'VZ9Q4')]),
    expected: [],
  },
  {
    name: 'only an ODS HQ file: no list of sites',
    staff: staffCsv([person(OWNER), person({}, 'VZ9Q4')]),
    extra: { ods: odsFiles([], [odsHq('AL3Q')]) },
    expected: [],
  },
  {
    name: 'site columns riding along on staff rows list their sites',
    staff: staffCsv(
      [
        [...person(OWNER), 'Rose Court Care Home'],
        [...person(OWNER, 'VZ9Q4'), 'Hawthorn House'],
      ],
      RIDE_HEADER,
    ),
    expected: [],
  },
  {
    name: 'a malformed code is a different error',
    staff: staffCsv([person(OWNER), person({}, 'VZ9Q')]),
    extra: { sites: sitesCsv([siteRow()]) },
    expected: [],
  },
  {
    name: 'an ODS site the sites file does not list, when a sites file is given',
    staff: staffCsv([person(OWNER), person(OWNER, 'VC3D4')]),
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: odsFiles(
        [odsSite('VA1B2', { parent: 'AL3Q' }), odsSite('VC3D4', { parent: 'AL3Q' })],
        [odsHq('AL3Q')],
      ),
    },
    expected: [at(3, 'site_ods_code', { value: 'VC3D4', list: 'the sites you listed' })],
  },
];

describe('staff-site-unknown', () => {
  it.each(unknownCases)('$name', (c) => expectCase('staff-site-unknown', c));
});

const odsMissingCases: RuleCase[] = [
  {
    name: 'no --ods: one info finding with no line or column',
    staff: staffCsv([person(OWNER), person()]),
    expected: [at(null, '', {})],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'with a sites file but no ODS',
    staff: staffCsv([person(OWNER)]),
    extra: { sites: sitesCsv([siteRow()]) },
    expected: [at(null, '', {})],
  },
  { name: 'both ODS files given', staff: staffCsv([person(OWNER)]), extra: { ods: ODS_OK }, expected: [] },
  {
    name: 'only the HQ file given',
    staff: staffCsv([person(OWNER)]),
    extra: { ods: odsFiles([], [odsHq('AL3Q')]) },
    expected: [],
  },
];

describe('ods-reference-missing', () => {
  it.each(odsMissingCases)('$name', (c) => expectCase('ods-reference-missing', c));
});

describe('staff-site-unknown with site columns riding along', () => {
  const header = [
    'site_ods_code',
    'site_name',
    'first_name',
    'last_name',
    'job_title',
    'personal_email',
    'mobile',
    'access',
  ];
  const row = (site: string, name: string, n: number) => [
    site,
    name,
    'Siân',
    `Evans-${'abcdefghij'[n]}`,
    'Carer',
    `sian${n}@gmail.com`,
    `07912 34567${n}`,
    'owner',
  ];

  it('a typo’d site whose site columns are blank is not listed by its own row', () => {
    const sites = 'site_ods_code,site_name\nVAB12,Rose Court\n';
    const r = planText(csv([header, row('VAB12', '', 1), row('VAB13', '', 2)]), { sites });
    expect(found(r, 'staff-site-unknown').map((f) => [f.line, f.params.value])).toEqual([[3, 'VAB13']]);
    expect(r.rows.map((x) => x.status)).toEqual(['ready', 'rejected']);
  });

  it('a site whose details come on a later row is known from its first row on', () => {
    const r = planText(csv([header, row('VAB12', '', 1), row('VAB12', 'Rose Court', 2)]));
    expect(found(r, 'staff-site-unknown')).toEqual([]);
    expect(r.sites.map((s) => [s.site_ods_code, s.site_name])).toEqual([['VAB12', 'Rose Court']]);
  });
});
