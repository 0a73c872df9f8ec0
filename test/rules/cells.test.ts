/** Cell rules (src/core/rules/cells.ts): hidden characters, line breaks, formulas, look-alikes. */
import { describe, expect, it } from 'vitest';
import { found, person, planText, staffCsv } from '../helpers.js';
import { at, expectCase, HEADER, OWNER, type RuleCase, siteRow, sitesCsv } from './support.js';

const invisibleCases: RuleCase[] = [
  {
    name: 'zero-width space in an e-mail (C01)',
    staff: staffCsv([person({ ...OWNER, personal_email: 'zoe.okafor\u200B@gmail.com' })]),
    expected: [at(2, 'personal_email', { character: 'U+200B ZERO WIDTH SPACE' })],
    statuses: ['rejected'],
  },
  {
    name: 'right-to-left override in a surname (C03)',
    staff: staffCsv([person(OWNER), person({ last_name: 'O\u202EBrien' })]),
    expected: [at(3, 'last_name', { character: 'U+202E RIGHT-TO-LEFT OVERRIDE' })],
  },
  {
    name: 'left-to-right mark after a first name (C03)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Siân\u200E' })]),
    expected: [at(2, 'first_name', { character: 'U+200E LEFT-TO-RIGHT MARK' })],
  },
  {
    name: 'soft hyphen inside a job title',
    staff: staffCsv([person({ ...OWNER, job_title: 'Care\u00ADAssistant' })]),
    expected: [at(2, 'job_title', { character: 'U+00AD SOFT HYPHEN' })],
  },
  {
    name: 'NUL byte in a cell is rejected and shown as \\0 (C04)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Zo\u0000ë' }), person()]),
    expected: [at(2, 'first_name', { character: 'U+0000 NUL (shown as \\0)', shown: 'Zo\\0ë' })],
    statuses: ['rejected', 'ready'],
  },
  {
    name: 'non-breaking space is replaced, not invisible (C02)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Siân\u00A0Mair' })]),
    expected: [],
  },
  {
    name: 'accents, apostrophes and Irish names',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Zoë', last_name: 'Ní Bhriain' }),
      person({ last_name: "O'Brien" }),
    ]),
    expected: [],
  },
  {
    name: 'combining diaeresis is a visible accent (C07)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Zoe\u0308' })]),
    expected: [],
  },
  {
    name: 'a quoted line break is reported as a line break instead',
    staff: staffCsv([person({ ...OWNER, first_name: 'Siân\r\nMair' })]),
    expected: [],
  },
];

describe('cell-invisible-character', () => {
  it.each(invisibleCases)('$name', (c) => expectCase('cell-invisible-character', c));
});

const lineBreakCases: RuleCase[] = [
  {
    name: 'Alt+Enter in a first name (D04)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Siân\nMair' }), person()]),
    expected: [at(2, 'first_name', { shown: 'Siân\\nMair' })],
    statuses: ['rejected', 'ready'],
  },
  {
    name: 'CRLF inside a job title on the second row',
    staff: staffCsv([person(OWNER), person({ job_title: 'Senior Carer\r\nNights' }), person()]),
    expected: [at(3, 'job_title', { shown: 'Senior Carer\\r\\nNights' })],
  },
  {
    name: 'a row after a two-line cell keeps its physical line',
    staff: staffCsv([
      person({ ...OWNER, job_title: 'Senior\nCarer' }),
      person({ last_name: 'Smith\nJones' }),
    ]),
    expected: [
      at(2, 'job_title', { shown: 'Senior\\nCarer' }),
      at(4, 'last_name', { shown: 'Smith\\nJones' }),
    ],
  },
  {
    name: 'Unicode line separator in a surname',
    staff: staffCsv([person({ ...OWNER, last_name: 'Smith\u2028Jones' })]),
    expected: [at(2, 'last_name', {})],
  },
  {
    name: 'single-line values with spaces',
    staff: staffCsv([person({ ...OWNER, first_name: 'Mary Ann', job_title: 'Senior Carer (Nights)' })]),
    expected: [],
  },
  {
    name: 'a line break in a column we do not read',
    staff: staffCsv([[...person(OWNER), 'Prefers\nnights']], [...HEADER, 'Notes']),
    expected: [],
  },
];

describe('cell-line-break', () => {
  it.each(lineBreakCases)('$name', (c) => expectCase('cell-line-break', c));

  it('keeps later line numbers right after a quoted line break (D04)', () => {
    const result = planText(
      staffCsv([
        person({ ...OWNER, first_name: 'Siân\nMair' }),
        person(),
        person({ mobile: '01632 960123' }),
      ]),
    );
    expect(found(result, 'staff-mobile-invalid')).toEqual([at(5, 'mobile', { value: '01632 960123' })]);
  });
});

const formulaCases: RuleCase[] = [
  {
    name: '=HYPERLINK(...) as a first name (C08)',
    staff: staffCsv([person({ ...OWNER, first_name: '=HYPERLINK("http://example.com","Zoë")' }), person()]),
    expected: [at(2, 'first_name', { first: '=' })],
    statuses: ['rejected', 'ready'],
  },
  {
    name: '+SUM(1) as a surname (C08)',
    staff: staffCsv([person(OWNER), person({ last_name: '+SUM(1)' })]),
    expected: [at(3, 'last_name', { first: '+' })],
  },
  {
    name: '@cmd as a job title (C08)',
    staff: staffCsv([person({ ...OWNER, job_title: '@cmd' })]),
    expected: [at(2, 'job_title', { first: '@' })],
  },
  {
    name: 'a job title starting with -',
    staff: staffCsv([person({ ...OWNER, job_title: '-2+3' })]),
    expected: [at(2, 'job_title', { first: '-' })],
  },
  {
    name: 'a formula behind a leading space',
    staff: staffCsv([person({ ...OWNER, job_title: ' =1+2' })]),
    expected: [at(2, 'job_title', { first: '=' })],
  },
  {
    name: 'a TAB at the start of a name',
    staff: staffCsv([person({ ...OWNER, first_name: '\tZoë' })]),
    expected: [at(2, 'first_name', { first: '\\t' })],
  },
  {
    name: 'a mobile starting with = (only + may start a mobile)',
    staff: staffCsv([person({ ...OWNER, mobile: '=07956 123456' })]),
    expected: [at(2, 'mobile', { first: '=' })],
  },
  {
    name: 'a site name in the sites file',
    staff: staffCsv([person(OWNER), person()]),
    extra: { sites: sitesCsv([siteRow({ site_name: '=cmd|"/c calc"!A1' })]) },
    expected: [at(2, 'site_name', { first: '=' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'an international mobile starting with +44',
    staff: staffCsv([person({ ...OWNER, mobile: '+44 7956 123456' })]),
    expected: [],
  },
  {
    name: 'a hyphenated surname and an e-mail with + inside',
    staff: staffCsv([
      person({ ...OWNER, last_name: 'Smith-Jones', personal_email: 'zoe.smith-jones+care@gmail.com' }),
    ]),
    expected: [],
  },
  {
    name: 'a lone dash meaning "none"',
    staff: staffCsv([person({ ...OWNER, title: '-' })]),
    expected: [],
  },
];

describe('cell-formula-trigger', () => {
  it.each(formulaCases)('$name', (c) => expectCase('cell-formula-trigger', c));
});

const replacedCases: RuleCase[] = [
  {
    name: 'non-breaking space in a first name (C02)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Siân\u00A0Mair' })]),
    expected: [at(2, 'first_name', { from: 'U+00A0', to: 'a space', result: 'Siân Mair' })],
    statuses: ['ready'],
  },
  {
    name: 'curly apostrophe in O’Neill (C06)',
    staff: staffCsv([person(OWNER), person({ last_name: 'O’Neill' })]),
    expected: [at(3, 'last_name', { from: 'U+2019', to: "a straight apostrophe (')", result: "O'Neill" })],
  },
  {
    name: 'left single quote in D‘Souza',
    staff: staffCsv([person({ ...OWNER, last_name: 'D‘Souza' })]),
    expected: [at(2, 'last_name', { from: 'U+2018', result: "D'Souza" })],
  },
  {
    name: 'a non-breaking space and a curly apostrophe in one cell',
    staff: staffCsv([person({ ...OWNER, job_title: 'Manager’s\u00A0Deputy' })]),
    expected: [
      at(2, 'job_title', {
        from: 'U+00A0 and U+2019',
        to: "a space and a straight apostrophe (')",
        result: "Manager's Deputy",
      }),
    ],
  },
  {
    name: 'a straight apostrophe',
    staff: staffCsv([person({ ...OWNER, last_name: "O'Neill" })]),
    expected: [],
  },
  {
    name: 'a combining accent composed by NFC (C07)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Zoe\u0308' })]),
    expected: [],
  },
  {
    name: 'double spaces are tidied without a warning',
    staff: staffCsv([person({ ...OWNER, first_name: 'Mary  Ann' })]),
    expected: [],
  },
];

describe('cell-character-replaced', () => {
  it.each(replacedCases)('$name', (c) => expectCase('cell-character-replaced', c));
});

const mixedCases: RuleCase[] = [
  {
    name: 'a Cyrillic о inside a Latin first name (C05)',
    staff: staffCsv([person({ ...OWNER, first_name: 'T\u043Emasz' })]),
    expected: [at(2, 'first_name', { value: 'T\u043Emasz', what: 'Latin and Cyrillic letters' })],
    statuses: ['ready'],
  },
  {
    name: 'a Greek capital alpha in an e-mail',
    staff: staffCsv([person({ ...OWNER, personal_email: '\u0391lex.evans@gmail.com' })]),
    expected: [at(2, 'personal_email', { what: 'Latin and Greek letters' })],
  },
  {
    name: 'an emoji in a job title (C05)',
    staff: staffCsv([person(OWNER), person({ job_title: 'Carer 😊' })]),
    expected: [at(3, 'job_title', { value: 'Carer 😊', what: 'text with an emoji' })],
  },
  {
    name: 'accented Latin names',
    staff: staffCsv([
      person({ ...OWNER, first_name: 'Siân', last_name: 'Lefèvre' }),
      person({ first_name: 'Chloé', last_name: 'Ní Bhriain' }),
    ]),
    expected: [],
  },
  {
    name: 'a name wholly in Cyrillic',
    staff: staffCsv([person({ ...OWNER, first_name: 'Олена', last_name: 'Коваленко' })]),
    expected: [],
  },
  {
    name: 'a name wholly in Greek',
    staff: staffCsv([person({ ...OWNER, first_name: 'Ελένη', last_name: 'Παπαδοπούλου' })]),
    expected: [],
  },
];

describe('cell-mixed-script', () => {
  it.each(mixedCases)('$name', (c) => expectCase('cell-mixed-script', c));
});

const dentalCases: RuleCase[] = [
  {
    name: 'V + 5 digits on a staff row',
    staff: staffCsv([person(OWNER, 'V12345')]),
    expected: [at(2, 'site_ods_code', { code: 'V12345' })],
    statuses: ['rejected'],
  },
  {
    name: 'lower case with spaces is normalised first',
    staff: staffCsv([person(OWNER), person({}, ' v12345 ')]),
    expected: [at(3, 'site_ods_code', { code: 'V12345' })],
  },
  {
    name: 'in the sites file',
    staff: staffCsv([person(OWNER), person()]),
    extra: { sites: sitesCsv([siteRow(), siteRow({ site_ods_code: 'V12345' })]) },
    expected: [at(3, 'site_ods_code', { code: 'V12345' })],
  },
  { name: 'V + 4 digits is a care site code', staff: staffCsv([person(OWNER, 'V1234')]), expected: [] },
  { name: 'a care site code such as VN6C2', staff: staffCsv([person(OWNER, 'VN6C2')]), expected: [] },
  { name: 'V + 6 digits is not the dental shape', staff: staffCsv([person(OWNER, 'V123456')]), expected: [] },
];

describe('site-code-dental-shape', () => {
  it.each(dentalCases)('$name', (c) => expectCase('site-code-dental-shape', c));
});

const formulaErrorCases: RuleCase[] = [
  {
    name: '#N/A as a job title (Excel saved the error text)',
    staff: staffCsv([person(OWNER), person({ job_title: '#N/A' })]),
    expected: [at(3, 'job_title', { error: '#N/A' })],
    statuses: ['ready', 'rejected'],
  },
  {
    name: '#REF! in a mobile, in lower case and padded',
    staff: staffCsv([person(OWNER), person({ mobile: ' #ref! ' })]),
    expected: [at(3, 'mobile', { error: '#REF!' })],
    statuses: ['ready', 'rejected'],
  },
  {
    name: '#VALUE! in an optional title still says why the cell is empty',
    staff: staffCsv([person(OWNER), person({ title: '#VALUE!' })]),
    expected: [at(3, 'title', { error: '#VALUE!' })],
  },
  {
    name: 'near miss: a job title that merely contains a hash',
    staff: staffCsv([person({ ...OWNER, job_title: 'Carer #2 (nights)' })]),
    expected: [],
    statuses: ['ready'],
  },
  {
    name: 'near miss: N/A typed by hand is text, not a formula error',
    staff: staffCsv([person({ ...OWNER, title: 'N/A' })]),
    expected: [],
  },
];

describe('cell-formula-error', () => {
  it.each(formulaErrorCases)('$name', (c) => expectCase('cell-formula-error', c));
});
