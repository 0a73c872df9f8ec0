/** Excel input (BAD-INPUTS X01–X07) and the acceptance check: the example as .xlsx plans like the CSV. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDelimited } from '../../src/core/csv.js';
import { plan } from '../../src/core/plan.js';
import { InputError, type InputFile } from '../../src/core/types.js';
import { prepareInput, readWorkbook } from '../../src/core/workbook.js';
import { checkWorkbookZip } from '../../src/core/zip.js';
import { errorsCsv, reportJson, reviewCsv, sitesCsv, uploadCsv } from '../../src/report/tables.js';
import { found, STAFF_HEADER } from '../helpers.js';
import { type XCell, xlsx, zip } from '../xlsx.js';

const AS_OF = '2026-11-01';
const book = (rows: XCell[][], more: { name: string; rows: XCell[][] }[] = [], merges?: string[]) =>
  xlsx([{ name: 'Staff', rows, ...(merges ? { merges } : {}) }, ...more]);
const prepared = (name: string, bytes: Uint8Array, sheet?: string) =>
  prepareInput({ name, bytes }, sheet !== undefined ? { sheet } : {});

const HEAD: XCell[] = [...STAFF_HEADER];
const row = (over: Partial<Record<(typeof STAFF_HEADER)[number], XCell>> = {}): XCell[] => {
  const base: Record<string, XCell> = {
    site_ods_code: 'VA1B2',
    title: 'Mrs',
    first_name: 'Siân',
    last_name: "O'Brien",
    job_title: 'Senior Carer',
    personal_email: 'sian.obrien@gmail.com',
    mobile: '07912 345678',
    access: 'owner',
    action: null,
    nhsmail_address: null,
  };
  return STAFF_HEADER.map((k) => (k in over ? over[k]! : base[k]!));
};

describe('readWorkbook cell values', () => {
  it('keeps text as typed, numbers as stored, dates as ISO, formulas as their value, errors as blank', async () => {
    const sheet = await readWorkbook(
      'staff.xlsx',
      book([
        ['text', 'number', 'date', 'formula', 'error', 'bool'],
        [
          ' Zoë ',
          7956123450,
          { date: '2026-03-01' },
          { formula: 'A2', cached: 'VA1B2' },
          { error: '#N/A' },
          true,
        ],
        [null, 447956123456, null, { formula: '1+1', cached: 2 }, null, false],
        [],
        [],
      ]),
    );
    expect(sheet).toEqual({
      sheet: 'Staff',
      sheets: ['Staff'],
      rows: [
        ['text', 'number', 'date', 'formula', 'error', 'bool'],
        [' Zoë ', '7956123450', '2026-03-01', 'VA1B2', '', 'TRUE'],
        ['', '447956123456', '', '2', '', 'FALSE'],
      ],
    });
  });

  it('reads the sheet named by --sheet and lists the others (X01)', async () => {
    const bytes = book([['x']], [{ name: 'Sites', rows: [['site_ods_code'], ['VA1B2']] }]);
    expect((await readWorkbook('b.xlsx', bytes, 'Sites')).rows).toEqual([['site_ods_code'], ['VA1B2']]);
    await expect(readWorkbook('b.xlsx', bytes, 'Staf')).rejects.toThrow(
      /no sheet called "Staf"; its sheets are "Staff", "Sites"/,
    );
  });
});

describe('Excel inputs through the planner', () => {
  const planBook = async (bytes: Uint8Array, sheet?: string) =>
    plan({ staff: await prepared('staff.xlsx', bytes, sheet) }, { asOf: AS_OF });

  it('restores a mobile stored as a number (X05 then P01) and reads row numbers as lines', async () => {
    const r = await planBook(
      book([
        HEAD,
        row(),
        [],
        row({ first_name: 'Zoë', personal_email: 'zoe@outlook.com', mobile: 7956123450 }),
      ]),
    );
    expect(r.rows.map((x) => [x.line, x.status])).toEqual([
      [2, 'ready'],
      [4, 'ready'],
    ]);
    expect(found(r, 'staff-mobile-leading-zero-restored')).toEqual([
      { line: 4, column: 'mobile', params: { value: '7956123450', restored: '07956123450' } },
    ]);
    expect(found(r, 'row-blank').map((f) => f.line)).toEqual([3]);
    expect(r.inputs[0]).toMatchObject({
      format: 'xlsx',
      encoding: '',
      delimiter: '',
      sheet: 'Staff',
      sheets: ['Staff'],
    });
  });

  it('says a blank required cell may be a formula error (X03), and never leaves merged cells silently blank (X02)', async () => {
    const r = await planBook(
      book(
        [
          HEAD,
          row({ job_title: { error: '#N/A' } }),
          row({
            first_name: 'Zoë',
            personal_email: 'z@gmail.com',
            mobile: '07823 456789',
            site_ods_code: null,
          }),
        ],
        [],
        ['A2:A3'],
      ),
    );
    expect(found(r, 'staff-required-missing').map((f) => [f.line, f.column])).toEqual([
      [2, 'job_title'],
      [3, 'site_ods_code'],
    ]);
    expect(r.rows.map((x) => x.status)).toEqual(['rejected', 'rejected']);
  });

  it('names the other sheets it did not read (file-sheet-chosen)', async () => {
    const r = await planBook(
      book(
        [HEAD, row()],
        [
          { name: 'Notes', rows: [['x']] },
          { name: 'Lists', rows: [] },
        ],
      ),
    );
    expect(found(r, 'file-sheet-chosen')).toEqual([
      { line: 1, column: '', params: { file: 'staff.xlsx', sheet: 'Staff', others: '"Notes", "Lists"' } },
    ]);
  });

  it('reads ODS reference files given as workbooks', async () => {
    const siteRow = Array<XCell>(19).fill('');
    siteRow[0] = 'VA1B2';
    siteRow[1] = 'ROSE COURT';
    siteRow[10] = '20150101';
    siteRow[11] = '20250101';
    siteRow[12] = 'AB1C';
    siteRow[18] = 'ENGLAND';
    const ods = await prepared('ecarehomesite.xlsx', xlsx([{ name: 'Sheet1', rows: [siteRow] }]));
    const staff: InputFile = {
      name: 'staff.csv',
      bytes: new TextEncoder().encode(
        `${STAFF_HEADER.join(',')}\nVA1B2,,Siân,Evans,Cook,s@gmail.com,07912 345678,owner,,\n`,
      ),
    };
    const r = plan({ staff, ods: [ods] }, { asOf: AS_OF });
    expect(found(r, 'site-closed').map((f) => f.line)).toEqual([2]);
    expect(r.inputs.find((i) => i.role === 'ods')).toMatchObject({ format: 'ods-site-fields', encoding: '' });
  });
});

describe('workbooks that are refused with a sentence', () => {
  it.each([
    {
      name: 'old .xls (X06)',
      bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      says: /old \.xls workbook or a password-protected one.*save it as \.xlsx/,
    },
    {
      name: 'a zip that is not a workbook',
      bytes: zip([['notes.txt', new TextEncoder().encode('hello')]]),
      says: /zip archive, not an Excel workbook/,
    },
    {
      name: 'a truncated workbook',
      bytes: book([HEAD]).subarray(0, 200),
      says: /damaged or not a complete Excel workbook/,
    },
  ])('$name', async ({ bytes, says }) => {
    await expect(prepared('staff.xlsx', bytes)).rejects.toThrow(InputError);
    await expect(prepared('staff.xlsx', bytes)).rejects.toThrow(says);
  });

  it('refuses a zip bomb from its directory, before unpacking (X07)', () => {
    // 40 MB of one character deflates to about 40 KB: the ratio of a bomb.
    const huge = new Uint8Array(40 * 1024 * 1024).fill(0x41);
    const bomb = zip([
      ['xl/workbook.xml', new TextEncoder().encode('<workbook/>')],
      ['xl/worksheets/sheet1.xml', huge],
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(() => checkWorkbookZip('staff.xlsx', bomb)).toThrow(/would unpack to 40 MB.*was not opened/);
  });

  it('refuses --sheet for a CSV', async () => {
    await expect(prepared('staff.csv', new TextEncoder().encode('a,b\n'), 'Staff')).rejects.toThrow(
      /--sheet only applies/,
    );
  });
});

describe('the bundled example as a workbook (issue 3 acceptance)', () => {
  /** The example CSV as a sheet: counts as numbers, everything else as text, as a careful Excel user keeps it. */
  function sheetOf(path: string, numeric: string[] = []): XCell[][] {
    const rows: XCell[][] = [];
    let header: string[] = [];
    readDelimited(readFileSync(path), (r) => {
      if (rows.length === 0) header = r.cells;
      rows.push(
        r.cells.map((c, i) =>
          rows.length > 0 && numeric.includes(header[i]!) && /^\d+$/.test(c) ? Number(c) : c,
        ),
      );
    });
    return rows;
  }
  const dir = 'fixtures/example';
  const csvInputs = () => ({
    staff: { name: 'staff.csv', bytes: new Uint8Array(readFileSync(`${dir}/staff.csv`)) },
    sites: { name: 'sites.csv', bytes: new Uint8Array(readFileSync(`${dir}/sites.csv`)) },
    ods: ['ecarehomesite.csv', 'ecarehomehq.csv'].map((n) => ({
      name: n,
      bytes: new Uint8Array(readFileSync(`${dir}/ods/${n}`)),
    })),
  });

  it('gives the same plan and the same output files as the CSV', async () => {
    const fromCsv = plan(csvInputs(), { asOf: AS_OF });
    const staffBook = await prepared(
      'staff.xlsx',
      xlsx([{ name: 'Staff', rows: sheetOf(`${dir}/staff.csv`) }]),
    );
    const sitesBook = await prepared(
      'sites.xlsx',
      xlsx([{ name: 'Sites', rows: sheetOf(`${dir}/sites.csv`, ['existing_accounts', 'allowance']) }]),
    );
    const fromXlsx = plan({ ...csvInputs(), staff: staffBook, sites: sitesBook }, { asOf: AS_OF });

    expect(uploadCsv(fromXlsx.upload)).toBe(uploadCsv(fromCsv.upload));
    expect(reviewCsv(fromXlsx)).toBe(reviewCsv(fromCsv));
    expect(sitesCsv(fromXlsx)).toBe(sitesCsv(fromCsv));
    // Findings name the file they are in, so only the file names differ.
    const asCsv = (text: string) =>
      text.replaceAll('staff.xlsx', 'staff.csv').replaceAll('sites.xlsx', 'sites.csv');
    expect(asCsv(errorsCsv(fromXlsx))).toBe(errorsCsv(fromCsv));
    const tool = { name: 'nhsmail-bulk', version: 'test' };
    const withoutInputs = (json: string) => ({ ...JSON.parse(asCsv(json)), inputs: undefined });
    expect(withoutInputs(reportJson(fromXlsx, tool))).toEqual(withoutInputs(reportJson(fromCsv, tool)));
    expect(fromXlsx.summary).toEqual(fromCsv.summary);
  });
});
