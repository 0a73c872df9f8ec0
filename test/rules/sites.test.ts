/** Site rules (src/core/rules/sites.ts): each site against its own details and the ODS reference. */
import { describe, it } from 'vitest';
import { odsHq, odsSite, person, staffCsv } from '../helpers.js';
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

/** Two valid staff at `site` (an owner first). */
const pair = (site = 'VA1B2') => [person(OWNER, site), person({}, site)];
const STAFF = staffCsv(pair());

const LARKSPUR = odsHq('AL3Q', { name: 'LARKSPUR CARE GROUP LIMITED' });
const BROOKVALE = odsHq('CM8T', { name: 'BROOKVALE HEALTHCARE LIMITED' });
/** A site in the standard 27-column ODS layout (DOMAIN.md): parent in field 15, close date in 12. */
function ods27(code: string, parent: string, close = ''): string {
  const f = Array<string>(27).fill('');
  f[0] = code;
  f[1] = 'ROSE COURT CARE HOME';
  f[9] = 'LS6 2AB';
  f[10] = '20150101';
  f[11] = close;
  f[13] = 'CARE HOME';
  f[14] = parent;
  return f.map((x) => `"${x}"`).join(',');
}
const HEADED_ODS_HEADER = 'ODS Code,Name,Parent ODS Code,Status,Open Date,Close Date,Postcode,Country';

const codeCases: RuleCase[] = [
  {
    name: 'an HQ code listed as a site',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'AL3Q' })]) },
    expected: [at(3, 'site_ods_code', { code: 'AL3Q' })],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'a dental-shaped code in the sites file',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'V12345' })]) },
    expected: [at(3, 'site_ods_code', { code: 'V12345' })],
  },
  {
    name: 'a sites row with no code',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow(), siteRow({ site_ods_code: '', site_name: 'Ivy House' })]) },
    expected: [at(3, 'site_ods_code', { code: '' })],
  },
  {
    name: 'lower case with spaces is trimmed and upper-cased',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ site_ods_code: ' va1b2 ' })]) },
    expected: [],
  },
  {
    name: 'a bad code only on a staff row is a staff error instead',
    staff: staffCsv([...pair(), person(OWNER, 'VM4P')]),
    extra: { sites: sitesCsv([siteRow()]) },
    expected: [],
  },
];

describe('site-code-invalid', () => {
  it.each(codeCases)('$name', (c) => expectCase('site-code-invalid', c));
});

const hqCodeCases: RuleCase[] = [
  {
    name: 'a non-NHS HQ code starting 8',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ hq_ods_code: '8HN2' })]) },
    expected: [at(2, 'hq_ods_code', { value: '8HN2' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'the site code given as the HQ',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ hq_ods_code: 'VA1B2' })]) },
    expected: [at(2, 'hq_ods_code', { value: 'VA1B2' })],
  },
  {
    name: 'three characters',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ hq_ods_code: 'AL3' })]) },
    expected: [at(2, 'hq_ods_code', { value: 'AL3' })],
  },
  {
    name: 'on staff rows carrying site columns',
    staff: staffCsv(
      [
        [...person(OWNER), '8HN2'],
        [...person(), ''],
      ],
      [...HEADER, 'HQ code'],
    ),
    expected: [at(2, 'hq_ods_code', { value: '8HN2' })],
  },
  {
    name: 'lower case with spaces is trimmed and upper-cased',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ hq_ods_code: ' al3q ' })]) },
    expected: [],
    statuses: ['ready', 'ready'],
  },
  { name: 'blank', staff: STAFF, extra: { sites: sitesCsv([siteRow({ hq_ods_code: '' })]) }, expected: [] },
];

describe('site-hq-code-invalid', () => {
  it.each(hqCodeCases)('$name', (c) => expectCase('site-hq-code-invalid', c));
});

const notInOdsCases: RuleCase[] = [
  {
    name: 'a listed site missing from ecarehomesite',
    staff: staffCsv([...pair(), ...pair('VR5D3')]),
    extra: {
      sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'VR5D3', site_name: 'Hollybrook' })]),
      ods: ODS_OK,
    },
    expected: [at(3, 'site_ods_code', { code: 'VR5D3' })],
    statuses: ['ready', 'ready', 'rejected', 'rejected'],
  },
  {
    name: 'a site riding along on staff rows, missing from ODS',
    staff: staffCsv(
      [
        [...person(OWNER, 'VR5D3'), 'Hollybrook'],
        [...person({}, 'VR5D3'), 'Hollybrook'],
      ],
      [...HEADER, 'site_name'],
    ),
    extra: { ods: ODS_OK },
    expected: [at(2, 'site_ods_code', { code: 'VR5D3' })],
  },
  {
    name: 'a listed site that is in ODS',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow()]), ods: ODS_OK },
    expected: [],
  },
  {
    name: 'only the HQ file was given',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow()]), ods: odsFiles([], [LARKSPUR]) },
    expected: [],
  },
  {
    name: 'with no sites file the ODS is the list (staff-site-unknown instead)',
    staff: staffCsv([...pair(), person(OWNER, 'VR5D3')]),
    extra: { ods: ODS_OK },
    expected: [],
  },
];

describe('site-not-in-ods', () => {
  it.each(notInOdsCases)('$name', (c) => expectCase('site-not-in-ods', c));
});

const closedCases: RuleCase[] = [
  {
    name: 'closed before the as-of date',
    staff: staffCsv([...pair(), ...pair('VT2H9')]),
    extra: {
      sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'VT2H9', site_name: 'Ashcroft Court' })]),
      ods: odsFiles(
        [odsSite('VA1B2', { parent: 'AL3Q' }), odsSite('VT2H9', { parent: 'AL3Q', close: '20260630' })],
        [LARKSPUR],
      ),
    },
    expected: [at(3, 'site_ods_code', { code: 'VT2H9', closeDate: '2026-06-30' })],
    statuses: ['ready', 'ready', 'rejected', 'rejected'],
  },
  {
    name: 'closed on the as-of date itself',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q', close: '20261101' })], [LARKSPUR]),
    },
    expected: [at(2, 'site_ods_code', { code: 'VA1B2', closeDate: '2026-11-01' })],
  },
  {
    name: 'Inactive in a headed ODS export',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: {
        'ods-search.csv': `${HEADED_ODS_HEADER}\nVA1B2,ROSE COURT CARE HOME,AL3Q,Inactive,20150101,,LS6 2AB,ENGLAND\n`,
      },
    },
    expected: [at(2, 'site_ods_code', { code: 'VA1B2' })],
  },
  {
    name: 'Active but with a past legal end date (DOMAIN: check both)',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: {
        'ods-search.csv': `ODS Code,Name,Parent ODS Code,Status,Legal Start Date,Legal End Date,Postcode,Country\nVA1B2,ROSE COURT CARE HOME,AL3Q,Active,2015-01-01,2026-03-31,LS6 2AB,ENGLAND\n`,
      },
    },
    expected: [at(2, 'site_ods_code', { code: 'VA1B2', closeDate: '2026-03-31' })],
  },
  {
    name: 'closed in the standard 27-column ODS layout',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: { 'ecarehomesite.csv': `${ods27('VA1B2', 'AL3Q', '20260901')}\n` },
    },
    expected: [at(2, 'site_ods_code', { code: 'VA1B2', closeDate: '2026-09-01' })],
  },
  {
    name: 'with no sites file, at the first staff row',
    staff: STAFF,
    extra: { ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q', close: '20250101' })], [LARKSPUR]) },
    expected: [at(2, 'site_ods_code', { code: 'VA1B2', closeDate: '2025-01-01' })],
  },
  {
    name: 'closing the day after the as-of date',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q', close: '20261102' })], [LARKSPUR]),
    },
    expected: [],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'an earlier --as-of makes a later closure open',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q', close: '20260630' })], [LARKSPUR]),
      options: { asOf: '2026-06-29' },
    },
    expected: [],
  },
  {
    name: 'an unrelated closed ODS site nobody names',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: odsFiles(
        [odsSite('VA1B2', { parent: 'AL3Q' }), odsSite('VG2M5', { parent: 'AL3Q', close: '20240131' })],
        [LARKSPUR],
      ),
    },
    expected: [],
  },
];

describe('site-closed', () => {
  it.each(closedCases)('$name', (c) => expectCase('site-closed', c));
});

const mismatchCases: RuleCase[] = [
  {
    name: 'the file says AL3Q, ODS says CM8T: both HQs named',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow({ hq_ods_code: 'AL3Q' })]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'CM8T' })], [BROOKVALE, LARKSPUR]),
    },
    expected: [
      at(2, 'hq_ods_code', {
        code: 'VA1B2',
        declaredCode: 'AL3Q',
        parentCode: 'CM8T',
        declared: 'AL3Q (LARKSPUR CARE GROUP LIMITED)',
        parent: 'CM8T (BROOKVALE HEALTHCARE LIMITED)',
      }),
    ],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'the declared HQ is not in the HQ file',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow({ hq_ods_code: 'AX7K' })]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q' })], [LARKSPUR]),
    },
    expected: [at(2, 'hq_ods_code', { declaredCode: 'AX7K', parentCode: 'AL3Q', declared: 'AX7K' })],
  },
  {
    name: 'HQ riding along on staff rows',
    staff: staffCsv(
      [
        [...person(OWNER), 'AL3Q'],
        [...person(), 'AL3Q'],
      ],
      [...HEADER, 'hq_ods_code'],
    ),
    extra: { ods: odsFiles([odsSite('VA1B2', { parent: 'CM8T' })], [BROOKVALE, LARKSPUR]) },
    expected: [at(2, 'hq_ods_code', { declaredCode: 'AL3Q', parentCode: 'CM8T' })],
  },
  {
    name: 'the same HQ, typed in lower case',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ hq_ods_code: 'al3q' })]), ods: ODS_OK },
    expected: [],
  },
  {
    name: 'no HQ given',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow({ hq_ods_code: '' })]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'CM8T' })], [BROOKVALE]),
    },
    expected: [],
  },
  {
    name: 'ODS gives no parent',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow()]), ods: odsFiles([odsSite('VA1B2', { parent: '' })], [LARKSPUR]) },
    expected: [],
  },
  {
    name: 'the parent read from the standard 27-column layout',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow({ hq_ods_code: 'AL3Q' })]),
      ods: { 'ecarehomesite.csv': `${ods27('VA1B2', 'CM8T')}\n` },
    },
    expected: [at(2, 'hq_ods_code', { declaredCode: 'AL3Q', parentCode: 'CM8T' })],
  },
  {
    name: 'an invalid declared HQ is a different error',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow({ hq_ods_code: '8HN2' })]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q' })], [LARKSPUR]),
    },
    expected: [],
  },
  {
    name: 'no ODS reference',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ hq_ods_code: 'CM8T' })]) },
    expected: [],
  },
];

describe('site-hq-mismatch', () => {
  it.each(mismatchCases)('$name', (c) => expectCase('site-hq-mismatch', c));
});

const hqClosedCases: RuleCase[] = [
  {
    name: 'the ODS parent is closed',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: odsFiles(
        [odsSite('VA1B2', { parent: 'AL3Q' })],
        [odsHq('AL3Q', { name: 'LARKSPUR CARE GROUP LIMITED', close: '20250331' })],
      ),
    },
    expected: [
      at(2, 'hq_ods_code', {
        code: 'VA1B2',
        hq: 'AL3Q (LARKSPUR CARE GROUP LIMITED)',
        closeDate: '2025-03-31',
      }),
    ],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'the declared HQ is closed and ODS has no site file',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow()]), ods: odsFiles([], [odsHq('AL3Q', { close: '20261101' })]) },
    expected: [at(2, 'hq_ods_code', { code: 'VA1B2', closeDate: '2026-11-01' })],
  },
  {
    name: 'the HQ closes after the as-of date',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow()]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q' })], [odsHq('AL3Q', { close: '20270101' })]),
    },
    expected: [],
  },
  {
    name: 'the HQ is not in the ODS reference',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow()]), ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q' })]) },
    expected: [],
  },
  {
    name: 'open HQ and site',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow()]), ods: ODS_OK },
    expected: [],
  },
];

describe('site-hq-closed', () => {
  it.each(hqClosedCases)('$name', (c) => expectCase('site-hq-closed', c));
});

const englandCases: RuleCase[] = [
  {
    name: 'a Welsh site (CIW) in ODS',
    staff: staffCsv([...pair(), ...pair('VW6N4')]),
    extra: {
      sites: sitesCsv([
        siteRow(),
        siteRow({
          site_ods_code: 'VW6N4',
          site_name: 'Plas Derwen',
          postcode: 'LL13 7YP',
          cqc_location_id: '',
        }),
      ]),
      ods: odsFiles(
        [
          odsSite('VA1B2', { parent: 'AL3Q' }),
          odsSite('VW6N4', { parent: 'AL3Q', country: 'WALES', postcode: 'LL13 7YP' }),
        ],
        [LARKSPUR],
      ),
    },
    expected: [at(3, 'site_ods_code', { code: 'VW6N4', country: 'WALES' })],
    statuses: ['ready', 'ready', 'rejected', 'rejected'],
  },
  {
    name: 'a Scottish site',
    staff: STAFF,
    extra: {
      ods: odsFiles(
        [odsSite('VA1B2', { parent: 'AL3Q', country: 'SCOTLAND', postcode: 'EH1 1YZ' })],
        [LARKSPUR],
      ),
    },
    expected: [at(2, 'site_ods_code', { country: 'SCOTLAND' })],
  },
  { name: 'England', staff: STAFF, extra: { ods: ODS_OK }, expected: [] },
  {
    name: 'ODS gives no country',
    staff: STAFF,
    extra: { ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q', country: '' })], [LARKSPUR]) },
    expected: [],
  },
  {
    name: 'an unrelated Welsh ODS site nobody names',
    staff: STAFF,
    extra: {
      ods: odsFiles(
        [odsSite('VA1B2', { parent: 'AL3Q' }), odsSite('VJ8W3', { parent: 'CM8T', country: 'WALES' })],
        [LARKSPUR],
      ),
    },
    expected: [],
  },
];

describe('site-not-england', () => {
  it.each(englandCases)('$name', (c) => expectCase('site-not-england', c));
});

/** Sites-file rows for VA1B2 (English) and one more site with `postcode`; staff at both. */
const postcodeCase = (name: string, postcode: string, expected: RuleCase['expected']): RuleCase => ({
  name,
  staff: staffCsv([...pair(), ...pair('VC3D4')]),
  extra: { sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'VC3D4', postcode })]) },
  expected,
});

const postcodeCases: RuleCase[] = [
  {
    ...postcodeCase('Cardiff (Wales)', 'CF10 1EP', [
      at(3, 'postcode', { code: 'VC3D4', postcode: 'CF10 1EP', nation: 'wales' }),
    ]),
    statuses: ['ready', 'ready', 'ready', 'ready'],
  },
  postcodeCase('Glasgow: a one-letter area (Scotland)', 'G1 1XQ', [
    at(3, 'postcode', { nation: 'scotland' }),
  ]),
  postcodeCase('Belfast (Northern Ireland)', 'BT1 5GS', [at(3, 'postcode', { nation: 'northern-ireland' })]),
  postcodeCase('Douglas, Isle of Man', 'IM1 2RZ', [at(3, 'postcode', { nation: 'crown-dependency' })]),
  postcodeCase('Deeside CH5: cross-border, confirm', 'CH5 3AB', [at(3, 'postcode', { nation: 'border' })]),
  postcodeCase('Berwick TD15: mostly Northumberland, confirm', 'TD15 1BT', [
    at(3, 'postcode', { nation: 'border' }),
  ]),
  postcodeCase('Knighton LD7: cross-border, confirm', 'LD7 1DR', [at(3, 'postcode', { nation: 'border' })]),
  postcodeCase('Gloucester GL starts with G but is England', 'GL1 2EH', []),
  postcodeCase('Leeds', 'LS6 2AB', []),
  {
    name: 'from the ODS postcode when the sites file has none and ODS no country',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow({ postcode: '' })]),
      ods: odsFiles([odsSite('VA1B2', { parent: 'AL3Q', country: '', postcode: 'SA1 3SN' })], [LARKSPUR]),
    },
    expected: [at(2, 'postcode', { postcode: 'SA1 3SN', nation: 'wales' })],
  },
  {
    name: 'ODS says England: its country is preferred to the postcode',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow({ postcode: 'NP16 5AA' })]),
      ods: odsFiles(
        [odsSite('VA1B2', { parent: 'AL3Q', country: 'ENGLAND', postcode: 'NP16 5AA' })],
        [LARKSPUR],
      ),
    },
    expected: [],
  },
];

describe('site-postcode-outside-england', () => {
  it.each(postcodeCases)('$name', (c) => expectCase('site-postcode-outside-england', c));
});

const postcodeInvalidCases: RuleCase[] = [
  {
    name: 'only the outward code',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ postcode: 'LS6' })]) },
    expected: [at(2, 'postcode', { value: 'LS6', code: 'VA1B2' })],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'a US ZIP code',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ postcode: '10001' })]) },
    expected: [at(2, 'postcode', { value: '10001' })],
  },
  {
    name: 'lower case, no space',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ postcode: 'ls62ab' })]) },
    expected: [],
  },
  {
    name: 'SW1A 1AA',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ postcode: 'SW1A 1AA' })]) },
    expected: [],
  },
  { name: 'blank', staff: STAFF, extra: { sites: sitesCsv([siteRow({ postcode: '' })]) }, expected: [] },
];

describe('site-postcode-invalid', () => {
  it.each(postcodeInvalidCases)('$name', (c) => expectCase('site-postcode-invalid', c));
});

const cqcCases: RuleCase[] = [
  {
    name: "the registered manager's contact ID",
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ cqc_location_id: 'CON1-123456789' })]) },
    expected: [at(2, 'cqc_location_id', { value: 'CON1-123456789' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'too few digits',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ cqc_location_id: '1-12345' })]) },
    expected: [at(2, 'cqc_location_id', { value: '1-12345' })],
  },
  {
    name: 'the 1- left off',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ cqc_location_id: '112369265' })]) },
    expected: [at(2, 'cqc_location_id', { value: '112369265' })],
  },
  {
    name: 'nine and ten digits',
    staff: staffCsv([...pair(), ...pair('VC3D4')]),
    extra: {
      sites: sitesCsv([
        siteRow({ cqc_location_id: '1-112369265' }),
        siteRow({ site_ods_code: 'VC3D4', cqc_location_id: '1-1212502498' }),
      ]),
    },
    expected: [],
  },
  {
    name: 'blank (CQC does not register Welsh homes)',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ cqc_location_id: '' })]) },
    expected: [],
  },
];

describe('site-cqc-id-invalid', () => {
  it.each(cqcCases)('$name', (c) => expectCase('site-cqc-id-invalid', c));
});

const dsptCases: RuleCase[] = [
  {
    name: 'Not Published',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ dspt_status: 'Not Published' })]) },
    expected: [at(2, 'dspt_status', { code: 'VA1B2', value: 'Not Published' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'blank when the column is given',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ dspt_status: '' })]) },
    expected: [at(2, 'dspt_status', { code: 'VA1B2', value: '' })],
  },
  {
    name: 'Standards Not Met',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ dspt_status: 'Standards Not Met' })]) },
    expected: [at(2, 'dspt_status', { value: 'Standards Not Met' })],
  },
  {
    name: 'Approaching Standards, standards met, STANDARDS EXCEEDED',
    staff: staffCsv([...pair(), ...pair('VC3D4'), ...pair('VE5F6')]),
    extra: {
      sites: sitesCsv([
        siteRow({ dspt_status: 'Approaching Standards' }),
        siteRow({ site_ods_code: 'VC3D4', dspt_status: 'standards met' }),
        siteRow({ site_ods_code: 'VE5F6', dspt_status: ' STANDARDS  EXCEEDED ' }),
      ]),
    },
    expected: [],
  },
  {
    name: 'no dspt_status column at all',
    staff: STAFF,
    extra: { sites: sitesCsv([['VA1B2', 'Rose Court Care Home']], ['site_ods_code', 'site_name']) },
    expected: [],
  },
];

describe('site-dspt-insufficient', () => {
  it.each(dsptCases)('$name', (c) => expectCase('site-dspt-insufficient', c));
});

const valueCases: RuleCase[] = [
  {
    name: 'existing accounts in words',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ existing_accounts: 'three' })]) },
    expected: [at(2, 'existing_accounts', { column: 'existing_accounts', value: 'three', code: 'VA1B2' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'a fractional allowance',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ allowance: '10.5' })]) },
    expected: [at(2, 'allowance', { column: 'allowance', value: '10.5' })],
  },
  {
    name: 'shared mailbox "maybe"',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow({ shared_mailbox_exists: 'maybe' })]) },
    expected: [at(2, 'shared_mailbox_exists', { column: 'shared_mailbox_exists', value: 'maybe' })],
  },
  {
    name: 'all three wrong on one row',
    staff: STAFF,
    extra: {
      sites: sitesCsv([
        siteRow({ existing_accounts: '-1', allowance: 'ten', shared_mailbox_exists: 'unsure' }),
      ]),
    },
    expected: [
      at(2, 'allowance', { value: 'ten' }),
      at(2, 'existing_accounts', { value: '-1' }),
      at(2, 'shared_mailbox_exists', { value: 'unsure' }),
    ],
  },
  {
    name: 'Yes, N, 0 and a padded number',
    staff: staffCsv([...pair(), ...pair('VC3D4')]),
    extra: {
      sites: sitesCsv([
        siteRow({ existing_accounts: '0', allowance: ' 12 ', shared_mailbox_exists: 'Yes' }),
        siteRow({ site_ods_code: 'VC3D4', existing_accounts: '', shared_mailbox_exists: 'N' }),
      ]),
    },
    expected: [],
  },
];

describe('site-value-invalid', () => {
  it.each(valueCases)('$name', (c) => expectCase('site-value-invalid', c));
});

const RIDE = [...HEADER, 'site_name', 'hq_ods_code', 'postcode'];

const conflictCases: RuleCase[] = [
  {
    name: 'two staff rows give different site names',
    staff: staffCsv(
      [
        [...person(OWNER), 'Rose Court Care Home', 'AL3Q', 'LS6 2AB'],
        [...person(), 'Rose Court Nursing Home', 'AL3Q', 'LS6 2AB'],
      ],
      RIDE,
    ),
    expected: [
      at(3, 'site_name', {
        code: 'VA1B2',
        column: 'site_name',
        first: 'Rose Court Care Home',
        second: 'Rose Court Nursing Home',
        firstFile: 'staff.csv',
        firstLine: 2,
      }),
    ],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'the sites file and a staff row give different HQs',
    staff: staffCsv(
      [
        [...person(OWNER), '', 'CM8T', ''],
        [...person(), '', '', ''],
      ],
      RIDE,
    ),
    extra: { sites: sitesCsv([siteRow({ hq_ods_code: 'AL3Q' })]) },
    expected: [at(2, 'hq_ods_code', { first: 'AL3Q', second: 'CM8T', firstFile: 'sites.csv', firstLine: 2 })],
  },
  {
    name: 'case, spacing and postcode spaces do not count',
    staff: staffCsv(
      [
        [...person(OWNER), 'Rose Court Care Home', 'AL3Q', 'LS6 2AB'],
        [...person(), 'rose court  care home', 'al3q', 'ls62ab'],
      ],
      RIDE,
    ),
    expected: [],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'details given once and left blank on later rows',
    staff: staffCsv(
      [
        [...person(OWNER), 'Rose Court Care Home', 'AL3Q', 'LS6 2AB'],
        [...person(), '', '', ''],
      ],
      RIDE,
    ),
    expected: [],
  },
  {
    name: 'different details at different sites',
    staff: staffCsv(
      [
        [...person(OWNER), 'Rose Court Care Home', 'AL3Q', 'LS6 2AB'],
        [...person(OWNER, 'VC3D4'), 'Hawthorn House', 'AL3Q', 'LS7 3EF'],
      ],
      RIDE,
    ),
    expected: [],
  },
];

describe('site-conflicting-details', () => {
  it.each(conflictCases)('$name', (c) => expectCase('site-conflicting-details', c));
});

const duplicateCases: RuleCase[] = [
  {
    name: 'the same site twice in the sites file',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow(), siteRow({ site_name: 'Rose Court' })]) },
    expected: [at(3, 'site_ods_code', { code: 'VA1B2', firstLine: 2 })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'again in lower case, further down',
    staff: STAFF,
    extra: {
      sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'VC3D4' }), siteRow({ site_ods_code: 'va1b2 ' })]),
    },
    expected: [at(4, 'site_ods_code', { code: 'VA1B2', firstLine: 2 })],
  },
  {
    name: 'two different sites',
    staff: STAFF,
    extra: { sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'VC3D4' })]) },
    expected: [],
  },
  {
    name: 'many staff rows naming one site',
    staff: staffCsv([...pair(), ...pair()]),
    extra: { sites: sitesCsv([siteRow()]) },
    expected: [],
  },
];

describe('site-duplicate', () => {
  it.each(duplicateCases)('$name', (c) => expectCase('site-duplicate', c));
});
