/** File and structure rules (src/core/rules/structure.ts): encoding, header, record shape. */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan.js';
import { AS_OF, file, found, person, planText, staffCsv } from '../helpers.js';
import { at, body, type Expected, expectCase, HEADER, headerWith, OWNER, type RuleCase } from './support.js';

/** Picks cells of a person() row by their index in the standard header. */
const pick = (row: string[], indices: readonly number[]) => indices.map((i) => row[i]!);
const without = (row: string[], index: number) => row.filter((_, i) => i !== index);

// ---------- file-encoding-fallback: needs bytes that are not UTF-8, so this one uses plan() directly ----------

const CP1252: Record<string, number> = { '’': 0x92, '‘': 0x91, '€': 0x80, '–': 0x96 };
/** Text as Windows-1252 bytes (Latin-1 plus the few 0x80–0x9F characters we use). */
const cp1252 = (text: string) =>
  Uint8Array.from([...text].map((ch) => CP1252[ch] ?? (ch.charCodeAt(0) < 0x100 ? ch.charCodeAt(0) : 0x3f)));
const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);

const accentedStaff = staffCsv([
  person({ ...OWNER, first_name: 'Siân', last_name: 'O’Brien', job_title: 'Deputy Manager' }),
  person({ first_name: 'José', last_name: 'Lefèvre', job_title: 'Carer – nights' }),
]);

interface BytesCase {
  name: string;
  bytes: Uint8Array;
  expected: Expected[];
}

const encodingCases: BytesCase[] = [
  {
    name: 'Windows-1252 export with O’Brien, Siân and José (E02)',
    bytes: cp1252(accentedStaff),
    expected: [at(1, '', { file: 'staff.csv' })],
  },
  {
    name: 'Windows-1252 and semicolon-separated (D01)',
    bytes: cp1252(accentedStaff.replace(/,/g, ';')),
    expected: [at(1, '', { file: 'staff.csv' })],
  },
  { name: 'the same names as UTF-8', bytes: utf8(accentedStaff), expected: [] },
  {
    name: 'UTF-8 with a BOM, as Excel "CSV UTF-8" saves (E01)',
    bytes: utf8(`\uFEFF${accentedStaff}`),
    expected: [],
  },
  {
    name: 'UTF-16LE with BOM, tab-separated (E03)',
    bytes: utf16le(accentedStaff.replace(/,/g, '\t')),
    expected: [],
  },
  { name: 'plain ASCII', bytes: utf8(staffCsv([person({ ...OWNER, last_name: 'Evans' })])), expected: [] },
];

describe('file-encoding-fallback', () => {
  it.each(encodingCases)('$name', ({ bytes, expected }) => {
    const result = plan({ staff: file('staff.csv', bytes) }, { asOf: AS_OF });
    expect(found(result, 'file-encoding-fallback')).toEqual(expected);
  });

  it('keeps the curly apostrophe and accents intact when falling back (E02)', () => {
    const result = plan({ staff: file('staff.csv', cp1252(accentedStaff)) }, { asOf: AS_OF });
    expect(result.rows[0]!.cells.slice(2, 4)).toEqual(['Siân', 'O’Brien']);
    expect(result.rows[1]!.cells[4]).toBe('Carer – nights');
  });
});

// ---------- header rules ----------

const missingCases: RuleCase[] = [
  {
    name: 'surname header misspelt "Last nme": names the nearest header (H01)',
    staff: staffCsv([person(OWNER), person()], headerWith({ 3: 'Last nme' })),
    expected: [at(1, 'last_name', { column: 'last_name', nearest: 'Last nme' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'mobile column left out',
    staff: staffCsv([without(person(OWNER), 6), without(person(), 6)], without(HEADER, 6)),
    expected: [at(1, 'mobile', { column: 'mobile' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'job title and personal e-mail both left out',
    staff: staffCsv([pick(person(OWNER), [0, 1, 2, 3, 6, 7])], pick(HEADER, [0, 1, 2, 3, 6, 7])),
    expected: [
      at(1, 'job_title', { column: 'job_title' }),
      at(1, 'personal_email', { column: 'personal_email' }),
    ],
    statuses: ['rejected'],
  },
  {
    name: 'header under a title row: reported on the header line',
    staff: `Larkspur Care Group staff\n${staffCsv([without(person(OWNER), 6)], without(HEADER, 6))}`,
    expected: [at(2, 'mobile', { column: 'mobile' })],
  },
  {
    name: 'aliases people use (Forename, Surname, Email, Mobile number, ODS code)',
    staff: staffCsv(
      [person(OWNER), person()],
      headerWith({
        0: 'ODS code',
        2: 'Forename',
        3: 'Surname',
        4: 'Job title',
        5: 'Personal email',
        6: 'Mobile number',
      }),
    ),
    expected: [],
  },
  {
    name: 'case, extra spaces, underscores, dashes and NBSP in headers (H03)',
    staff: staffCsv(
      [person(OWNER)],
      headerWith({ 2: 'First  Name ', 3: 'LAST_NAME', 4: 'job-title', 5: 'Personal\u00A0Email' }),
    ),
    expected: [],
  },
  {
    name: 'BOM before the first header (E01)',
    staff: `\uFEFF${staffCsv([person(OWNER)])}`,
    expected: [],
  },
  {
    name: 'a sites file with no site code column',
    staff: staffCsv([person(OWNER), person()]),
    extra: { sites: 'Site name,Town\nRose Court Care Home,Leeds\n' },
    expected: [at(1, 'site_ods_code', { column: 'site_ods_code' })],
    statuses: ['rejected', 'rejected'],
  },
  {
    name: 'only the required columns; optional ones absent',
    staff: staffCsv([pick(person(OWNER), [0, 2, 3, 4, 5, 6])], pick(HEADER, [0, 2, 3, 4, 5, 6])),
    expected: [],
  },
];

describe('header-missing-column', () => {
  it.each(missingCases)('$name', (c) => expectCase('header-missing-column', c));
});

const duplicateCases: RuleCase[] = [
  {
    name: '"Email" next to personal_email names both positions (H02)',
    staff: staffCsv([[...person(OWNER), 'zoe.okafor@gmail.com']], [...HEADER, 'Email']),
    expected: [
      at(1, 'personal_email', { column: 'personal_email', header: 'Email', first: 'F', second: 'K' }),
    ],
    statuses: ['rejected'],
  },
  {
    name: '"First name" and "Forename"',
    staff: staffCsv([[...person(OWNER), 'Zoë']], [...headerWith({ 2: 'First name' }), 'Forename']),
    expected: [at(1, 'first_name', { column: 'first_name', header: 'Forename', first: 'C', second: 'K' })],
  },
  {
    name: 'the same header twice in different case',
    staff: staffCsv([[...person(OWNER), '07956 123456']], [...HEADER, 'MOBILE']),
    expected: [at(1, 'mobile', { column: 'mobile', header: 'MOBILE', first: 'G', second: 'K' })],
  },
  {
    name: 'personal e-mail and NHSmail address are different columns',
    staff: staffCsv([person(OWNER)], headerWith({ 5: 'Email', 9: 'NHSmail address' })),
    expected: [],
  },
  {
    name: 'an unknown header repeated is not a duplicate of ours',
    staff: staffCsv([[...person(OWNER), 'days', 'nights']], [...HEADER, 'Notes', 'Notes']),
    expected: [],
  },
];

describe('header-duplicate-column', () => {
  it.each(duplicateCases)('$name', (c) => expectCase('header-duplicate-column', c));
});

const unknownCases: RuleCase[] = [
  {
    name: 'a Notes column is kept but reported; rows stay ready',
    staff: staffCsv(
      [
        [...person(OWNER), 'Night shifts only'],
        [...person(), ''],
      ],
      [...HEADER, 'Notes'],
    ),
    expected: [at(1, '', { header: 'Notes', letter: 'K' })],
    statuses: ['ready', 'ready'],
  },
  {
    name: '__proto__ and constructor headers (H05)',
    staff: staffCsv([[...person(OWNER), 'x', 'y']], [...HEADER, '__proto__', 'constructor']),
    expected: [
      at(1, '', { header: '__proto__', letter: 'K' }),
      at(1, '', { header: 'constructor', letter: 'L' }),
    ],
  },
  {
    name: 'a misspelt required header is unknown as well as missing',
    staff: staffCsv([person(OWNER)], headerWith({ 3: 'Last nme' })),
    expected: [at(1, '', { header: 'Last nme', letter: 'D' })],
  },
  {
    name: 'aliases are known columns',
    staff: staffCsv([person(OWNER)], headerWith({ 2: 'Forename', 3: 'Surname', 7: 'Mailbox access' })),
    expected: [],
  },
  {
    name: 'site columns riding along on staff rows are known',
    staff: staffCsv([[...person(OWNER), 'Rose Court Care Home', 'Leeds']], [...HEADER, 'Site name', 'Town']),
    expected: [],
  },
  {
    name: 'trailing empty header cells (D07)',
    staff: staffCsv([[...person(OWNER), '', '']], [...HEADER, '', '']),
    expected: [],
  },
];

describe('header-unknown-column', () => {
  it.each(unknownCases)('$name', (c) => expectCase('header-unknown-column', c));
});

const blankCases: RuleCase[] = [
  {
    name: 'values under a blank header cell',
    staff: staffCsv(
      [
        [...person(OWNER), 'Room 4'],
        [...person(), ''],
      ],
      [...HEADER, ''],
    ),
    expected: [at(1, '', { letter: 'K' })],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'a value under a blank header only on a later row',
    staff: staffCsv(
      [
        [...person(OWNER), 'bank staff', ''],
        [...person(), '', 'agency'],
      ],
      [...HEADER, 'Notes', ''],
    ),
    expected: [at(1, '', { letter: 'L' })],
  },
  {
    name: 'trailing commas with nothing below (D07)',
    staff: staffCsv([[...person(OWNER), '', '']], [...HEADER, '', '']),
    expected: [],
  },
  {
    name: 'a blank header over cells holding only spaces',
    staff: staffCsv([[...person(OWNER), '  ']], [...HEADER, '']),
    expected: [],
  },
];

describe('header-blank-column', () => {
  it.each(blankCases)('$name', (c) => expectCase('header-blank-column', c));
});

const mappedCases: RuleCase[] = [
  {
    name: 'Forename and Surname',
    staff: staffCsv([person(OWNER)], headerWith({ 2: 'Forename', 3: 'Surname' })),
    expected: [
      at(1, 'first_name', { header: 'Forename', column: 'first_name' }),
      at(1, 'last_name', { header: 'Surname', column: 'last_name' }),
    ],
  },
  {
    name: 'Mobile number and ODS code',
    staff: staffCsv([person(OWNER)], headerWith({ 0: 'ODS code', 6: 'Mobile number' })),
    expected: [
      at(1, 'mobile', { header: 'Mobile number', column: 'mobile' }),
      at(1, 'site_ods_code', { header: 'ODS code', column: 'site_ods_code' }),
    ],
  },
  {
    name: 'Owner/Member read as access',
    staff: staffCsv([person(OWNER)], headerWith({ 7: 'Owner/Member' })),
    expected: [at(1, 'access', { header: 'Owner/Member', column: 'access' })],
  },
  { name: 'canonical headers need no mapping', staff: staffCsv([person(OWNER)]), expected: [] },
  {
    name: 'an unknown header is not mapped',
    staff: staffCsv([[...person(OWNER), 'x']], [...HEADER, 'Date of birth']),
    expected: [],
  },
];

describe('header-column-mapped', () => {
  it.each(mappedCases)('$name', (c) => expectCase('header-column-mapped', c));
});

const notFirstCases: RuleCase[] = [
  {
    name: 'two title rows above the header',
    staff: `Larkspur Care Group - staff for NHSmail\nExported 01/10/2026\n${staffCsv([person(OWNER), person()])}`,
    expected: [at(1, '', { headerLine: 3, lines: '1, 2' })],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'a title row, then a blank line, then the header',
    staff: `Staff list\n\n${staffCsv([person(OWNER)])}`,
    expected: [at(1, '', { headerLine: 3, lines: '1' })],
  },
  { name: 'header on line 1', staff: staffCsv([person(OWNER)]), expected: [] },
  { name: 'only a blank line above the header', staff: `\n${staffCsv([person(OWNER)])}`, expected: [] },
];

describe('header-not-first-line', () => {
  it.each(notFirstCases)('$name', (c) => expectCase('header-not-first-line', c));

  it('keeps data line numbers physical below skipped title rows', () => {
    const result = planText(
      `Larkspur Care Group\nExported 01/10/2026\n${staffCsv([person(OWNER), person({ mobile: '01632 960123' })])}`,
    );
    expect(found(result, 'staff-mobile-invalid')).toEqual([at(5, 'mobile', { value: '01632 960123' })]);
  });
});

// ---------- record rules ----------

const BIG = 'x'.repeat(1_100_000);

const malformedCases: RuleCase[] = [
  {
    name: 'unclosed quote on line 3 is reported there, and reading carries on (D05)',
    staff: `${staffCsv([person(OWNER)])}VA1B2,Ms,"Zoë,Okafor,Carer,zoe.okafor@gmail.com,07956 111222,member,,\n${body([person()])}`,
    expected: [at(3, '', { reason: 'unclosed-quote' })],
    statuses: ['ready', 'rejected', 'ready'],
  },
  {
    name: 'a record larger than 1 MB (D09)',
    staff: `${staffCsv([person(OWNER)])}VA1B2,Ms,"${BIG}",Okafor,Carer,zoe.okafor@gmail.com,07956 111223,,,\n${body([person()])}`,
    expected: [at(3, '', { reason: 'too-large' })],
    statuses: ['ready', 'rejected', 'ready'],
  },
  {
    name: 'a quoted comma in a job title',
    staff: staffCsv([person({ ...OWNER, job_title: 'Deputy Manager, Nights' })]),
    expected: [],
  },
  {
    name: 'a quoted line break in a name (D04)',
    staff: staffCsv([person({ ...OWNER, first_name: 'Siân\nMair' }), person()]),
    expected: [],
  },
  {
    name: 'a stray quote inside an unquoted surname, O"Brien (D06)',
    staff: `${staffCsv([person(OWNER)])}VA1B2,Mr,Seán,O"Brien,Carer,sean.obrien@gmail.com,07956 111224,member,,\n`,
    expected: [],
  },
  {
    name: 'doubled quotes inside a quoted value',
    staff: staffCsv([person({ ...OWNER, job_title: 'Carer ("bank")' })]),
    expected: [],
  },
];

describe('csv-malformed', () => {
  it.each(malformedCases)('$name', (c) => expectCase('csv-malformed', c));
});

const missingCellsCases: RuleCase[] = [
  {
    name: 'a row that stops after the mobile (D08)',
    staff: staffCsv([person(OWNER), person().slice(0, 7)]),
    expected: [at(3, '', { found: 7, expected: 10 })],
    statuses: ['ready', 'rejected'],
  },
  {
    name: 'a row with only the site code',
    staff: `${staffCsv([person(OWNER)])}VA1B2\n`,
    expected: [at(3, '', { found: 1, expected: 10 })],
  },
  { name: 'a full row', staff: staffCsv([person(OWNER), person()]), expected: [] },
  {
    name: 'a row of only commas is blank, not short',
    staff: `${staffCsv([person(OWNER)])},,,,,\n`,
    expected: [],
  },
  {
    name: 'header with trailing empty cells, rows without them (D07: empty columns ignored)',
    staff: `${HEADER.join(',')},,\n${body([person(OWNER), person()])}`,
    expected: [],
    statuses: ['ready', 'ready'],
  },
];

describe('row-missing-cells', () => {
  it.each(missingCellsCases)('$name', (c) => expectCase('row-missing-cells', c));
});

const extraCellsCases: RuleCase[] = [
  {
    name: "unquoted comma in a joiner's job title (D08)",
    staff: `${staffCsv([person(OWNER)])}VA1B2,Mr,Seán,Murphy,Deputy Manager, Nights,sean.murphy@gmail.com,07956 111225,member,joiner,sean.murphy@nhs.net\n`,
    expected: [at(3, '', { found: 11, expected: 10, extra: 'sean.murphy@nhs.net' })],
    statuses: ['ready', 'rejected'],
  },
  {
    name: 'a value beyond the last column',
    staff: staffCsv([person(OWNER), [...person(), 'Night shifts']]),
    expected: [at(3, '', { found: 11, expected: 10, extra: 'Night shifts' })],
  },
  {
    name: 'trailing empty cells (D07)',
    staff: staffCsv([
      [...person(OWNER), '', ''],
      [...person(), '', ''],
    ]),
    expected: [],
    statuses: ['ready', 'ready'],
  },
  { name: 'trailing cells holding only spaces', staff: staffCsv([[...person(OWNER), ' ']]), expected: [] },
  {
    name: 'a quoted comma stays in its cell',
    staff: staffCsv([person({ ...OWNER, job_title: 'Manager, Nights' })]),
    expected: [],
  },
];

describe('row-extra-cells', () => {
  it.each(extraCellsCases)('$name', (c) => expectCase('row-extra-cells', c));
});

const blankRowCases: RuleCase[] = [
  {
    name: 'a row of only commas (D07)',
    staff: `${staffCsv([person(OWNER)])},,,,,,,,,\n${body([person()])}`,
    expected: [at(3, '', {})],
    statuses: ['ready', 'ready'],
  },
  {
    name: 'an empty line between rows',
    staff: `${staffCsv([person(OWNER)])}\n${body([person()])}`,
    expected: [at(3, '', {})],
  },
  {
    name: 'cells holding only spaces',
    staff: `${staffCsv([person(OWNER)])}  ,  , ,,,,,,,\n`,
    expected: [at(3, '', {})],
  },
  { name: 'the final line break of the file', staff: staffCsv([person(OWNER), person()]), expected: [] },
  {
    name: 'a row with one value is not blank',
    staff: `${staffCsv([person(OWNER)])}VA1B2,,,,,,,,,\n`,
    expected: [],
    statuses: ['ready', 'rejected'],
  },
];

describe('row-blank', () => {
  it.each(blankRowCases)('$name', (c) => expectCase('row-blank', c));
});

const sheetCases: { name: string; sheets: string[]; pick?: string; expected: Expected[] }[] = [
  {
    name: 'a workbook with other sheets names them',
    sheets: ['Staff', 'Notes', 'Lists'],
    expected: [at(1, '', { sheet: 'Staff', others: '"Notes", "Lists"' })],
  },
  {
    name: 'with --sheet, the first sheet is among the others',
    sheets: ['Cover', 'Staff'],
    pick: 'Staff',
    expected: [at(1, '', { sheet: 'Staff', others: '"Cover"' })],
  },
  { name: 'near miss: a workbook with one sheet', sheets: ['Staff'], expected: [] },
];

describe('file-sheet-chosen', () => {
  it.each(sheetCases)('$name', async ({ sheets, pick, expected }) => {
    const { prepareInput } = await import('../../src/core/workbook.js');
    const { xlsx } = await import('../xlsx.js');
    const rows = staffCsv([person(OWNER)])
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const bytes = xlsx(
      sheets.map((name) => ({ name, rows: name === (pick ?? sheets[0]) ? rows : [['other']] })),
    );
    const staff = await prepareInput({ name: 'staff.xlsx', bytes }, pick ? { sheet: pick } : {});
    expect(found(plan({ staff }, { asOf: AS_OF }), 'file-sheet-chosen')).toEqual(expected);
  });
});

const sepCases: RuleCase[] = [
  {
    name: "Excel's sep=; line is noted on line 1 and the header is read from line 2",
    staff: `sep=;\n${staffCsv([person(OWNER)]).replace(/,/g, ';')}`,
    expected: [at(1, '', { delimiter: ';', name: 'semicolon' })],
    statuses: ['ready'],
  },
  {
    name: 'near miss: a plain semicolon file has no sep line',
    staff: staffCsv([person(OWNER)]).replace(/,/g, ';'),
    expected: [],
    statuses: ['ready'],
  },
];

describe('file-sep-line', () => {
  it.each(sepCases)('$name', (c) => expectCase('file-sep-line', c));
});
