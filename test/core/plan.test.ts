import { describe, expect, it } from 'vitest';
import { loadOds } from '../../src/core/ods.js';
import { packBatches, type UploadRow } from '../../src/core/plan.js';
import { InputError } from '../../src/core/types.js';
import {
  codesOf,
  csv,
  file,
  found,
  odsHq,
  odsSite,
  person,
  planText,
  STAFF_HEADER,
  staffCsv,
} from '../helpers.js';

describe('statuses', () => {
  it('gives every data row exactly one status, and skips blank rows with a warning', () => {
    const rows = [
      person(),
      person({ personal_email: 'not-an-email' }),
      ['', '', '', '', '', '', '', '', '', ''],
      person(),
    ];
    const r = planText(staffCsv(rows));
    expect(r.rows.map((x) => [x.line, x.status])).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
      [5, 'ready'],
    ]);
    expect(found(r, 'row-blank')).toEqual([{ line: 4, column: '', params: {} }]);
    expect(r.summary).toMatchObject({ rows: 3, ready: 2, deferred: 0, rejected: 1 });
  });

  it('rejects every row when the staff file misses a required column', () => {
    const header = STAFF_HEADER.filter((h) => h !== 'mobile');
    const rows = [person(), person()].map((p) => p.filter((_, i) => STAFF_HEADER[i] !== 'mobile'));
    const r = planText(staffCsv(rows, header));
    expect(r.rows.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(r.rows[0]!.codes).toEqual(['header-missing-column']);
    expect(found(r, 'header-missing-column')).toEqual([
      { line: 1, column: 'mobile', params: { column: 'mobile' } },
    ]);
  });

  it('rejects the rows of a site with a site error and names the site code on the row', () => {
    const sites = csv([
      ['site_ods_code', 'site_name', 'cqc_location_id'],
      ['VA1B2', 'Rose Court', 'abc'],
      ['VC3D4', 'Ivy House', '1-112369265'],
    ]);
    const r = planText(staffCsv([person({}, 'VA1B2'), person({}, 'VC3D4')]), { sites });
    expect(r.rows.map((x) => [x.status, x.codes])).toEqual([
      ['rejected', ['site-cqc-id-invalid']],
      ['ready', []],
    ]);
  });

  it('rejects a row whose sites-file row is broken (a record error blocks that site)', () => {
    const sites = 'site_ods_code,site_name,town\nVA1B2,Rose Court\nVC3D4,Ivy House,Leeds\n';
    const r = planText(staffCsv([person({}, 'VA1B2'), person({}, 'VC3D4')]), { sites });
    expect(found(r, 'row-missing-cells')).toEqual([
      { line: 2, column: '', params: { found: 2, expected: 3 } },
    ]);
    expect(r.rows.map((x) => x.status)).toEqual(['rejected', 'ready']);
  });

  it('names over-quota only on the deferred rows, not on the ready rows of a full site', () => {
    const r = planText(staffCsv([person({ access: 'owner' }), person(), person()]), {
      options: { allowance: 2 },
    });
    expect(r.rows.map((x) => [x.status, x.codes])).toEqual([
      ['ready', []],
      ['ready', []],
      ['deferred', ['staff-over-quota', 'site-over-quota']],
    ]);
  });

  it('keeps warnings off the status: a restored mobile is still ready', () => {
    const r = planText(staffCsv([person({ mobile: '7956123450' })]));
    expect(r.rows[0]).toMatchObject({ status: 'ready', codes: ['staff-mobile-leading-zero-restored'] });
    expect(r.upload[0]!.mobile).toBe('07956123450');
  });
});

describe('upload rows', () => {
  it('carries normalised values, the site name and the shared mailbox, ready rows only, in input order', () => {
    const sites = csv([
      ['site_ods_code', 'site_name', 'town'],
      ['VA1B2', 'Rose Court', 'Leeds'],
    ]);
    const staff = staffCsv([
      person(
        { first_name: 'Zoe\u0308', last_name: 'O’Brien', mobile: '+44 (0)7956 123456', access: ' OWNER ' },
        'va1b2',
      ),
      person({ mobile: '' }),
      person({ action: 'Leaver', nhsmail_address: 'sam.ng@nhs.net', title: '' }),
    ]);
    const r = planText(staff, { sites });
    expect(r.upload).toEqual([
      expect.objectContaining({
        action: 'new',
        siteCode: 'VA1B2',
        siteName: 'Rose Court',
        sharedMailbox: 'care.va1b2@nhs.net',
        firstName: 'Zoë',
        lastName: "O'Brien",
        access: 'owner',
        mobile: '07956123456',
      }),
      expect.objectContaining({ action: 'leaver', nhsmailAddress: 'sam.ng@nhs.net', title: '' }),
    ]);
  });
});

describe('packBatches', () => {
  const row = (site: string): UploadRow => ({ siteCode: site }) as UploadRow;
  const sites = (batches: UploadRow[][]) => batches.map((b) => b.map((x) => x.siteCode).join(''));
  it.each([
    { name: 'fits in one', rows: 'AABBC', size: 5, expected: ['AABBC'] },
    { name: 'never splits a site', rows: 'AABBBC', size: 4, expected: ['AA', 'BBBC'] },
    {
      name: 'a site larger than the batch gets its own',
      rows: 'ABBBBBC',
      size: 3,
      expected: ['A', 'BBBBB', 'C'],
    },
    { name: 'sites in order of first ready row', rows: 'ABAB', size: 2, expected: ['AA', 'BB'] },
    { name: 'empty', rows: '', size: 3, expected: [] },
  ])('$name', ({ rows, size, expected }) => {
    expect(sites(packBatches([...rows].map(row), size))).toEqual(expected);
  });

  it('is used by plan with a batch size', () => {
    const staff = staffCsv([
      person({}, 'VA1B2'),
      person({}, 'VC3D4'),
      person({}, 'VA1B2'),
      person({}, 'VE5F6'),
    ]);
    const r = planText(staff, { options: { batchSize: 2 } });
    expect(r.batches?.map((b) => b.map((x) => x.siteCode))).toEqual([
      ['VA1B2', 'VA1B2'],
      ['VC3D4', 'VE5F6'],
    ]);
  });
});

describe('headers', () => {
  it('finds the header below title rows and says which lines were skipped (H04)', () => {
    const text = `Larkspur Care Group staff list\nPrepared for NAS\n${staffCsv([person()])}`;
    const r = planText(text);
    expect(found(r, 'header-not-first-line')).toEqual([
      { line: 1, column: '', params: { headerLine: 3, lines: '1, 2' } },
    ]);
    expect(r.rows.map((x) => [x.line, x.status])).toEqual([[4, 'ready']]);
  });

  it('reports a duplicate column by position and never lets the later one win (H02)', () => {
    const header = [...STAFF_HEADER, 'Email'];
    const r = planText(staffCsv([[...person(), 'other@gmail.com']], header));
    expect(found(r, 'header-duplicate-column')).toEqual([
      {
        line: 1,
        column: 'personal_email',
        params: { column: 'personal_email', header: 'Email', first: 'F', second: 'K' },
      },
    ]);
    expect(r.rows[0]!.status).toBe('rejected');
  });

  it('treats __proto__ and constructor headers as unknown columns (H05)', () => {
    const header = [...STAFF_HEADER, '__proto__', 'constructor'];
    const r = planText(staffCsv([[...person(), 'x', 'y']], header));
    expect(found(r, 'header-unknown-column').map((f) => f.params.header)).toEqual([
      '__proto__',
      'constructor',
    ]);
    expect(r.rows[0]!.status).toBe('ready');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports a blank header over data but ignores empty trailing columns (H04, D07)', () => {
    const text = `${[...STAFF_HEADER, '', ''].join(',')}\n${[...person(), 'stray', ''].join(',')}\n${[...person(), '', ''].join(',')}\n`;
    const r = planText(text);
    expect(found(r, 'header-blank-column')).toEqual([{ line: 1, column: '', params: { letter: 'K' } }]);
    expect(r.rows.map((x) => x.status)).toEqual(['ready', 'ready']);
  });
});

describe('ODS reference formats', () => {
  it('detects the field-schema site and HQ layouts by column count', () => {
    const ods = loadOds([
      file('ecarehomesite.csv', `${odsSite('VA1B2', { parent: 'AB1C' })}\n`),
      file('ecarehomehq.csv', `${odsHq('AB1C')}\n`),
    ]);
    expect(ods.files.map((f) => [f.file, f.format, f.rows])).toEqual([
      ['ecarehomesite.csv', 'ods-site-fields', 1],
      ['ecarehomehq.csv', 'ods-hq-fields', 1],
    ]);
    expect(ods.orgs.get('VA1B2')).toMatchObject({
      kind: 'site',
      parent: 'AB1C',
      openDate: '2015-01-01',
      country: 'ENGLAND',
    });
    expect(ods.orgs.get('AB1C')).toMatchObject({ kind: 'hq' });
  });

  it('reads the 27-column standard layout and a headed export', () => {
    const f27 = Array<string>(27).fill('');
    f27[0] = 'VA1B2';
    f27[1] = 'ROSE COURT';
    f27[10] = '20150101';
    f27[11] = '20250101';
    f27[14] = 'AB1C';
    const headed =
      'Organisation Code,Name,Parent Organisation Code,Status,Open Date,Close Date,Postcode,Country\nAB1C,ACME CARE,,Inactive,2010-01-01,,LS1 4AP,England\n';
    const ods = loadOds([file('std.csv', `${f27.join(',')}\n`), file('hq.csv', headed)]);
    expect(ods.files.map((f) => f.format)).toEqual(['ods-standard-27', 'ods-headed']);
    expect(ods.orgs.get('VA1B2')).toMatchObject({ kind: 'site', parent: 'AB1C', closeDate: '2025-01-01' });
    expect(ods.orgs.get('AB1C')).toMatchObject({ kind: 'hq', status: 'Inactive', country: 'ENGLAND' });
  });

  it('refuses a file it cannot recognise with a sentence', () => {
    expect(() => loadOds([file('sites.csv', 'a,b,c\n1,2,3\n')])).toThrowError(InputError);
    expect(() => loadOds([file('sites.csv', 'a,b,c\n1,2,3\n')])).toThrowError(
      /sites\.csv is not an ODS file/,
    );
  });

  it('uses the ODS sites as the list of sites when no file lists any', () => {
    const r = planText(staffCsv([person({}, 'VA1B2'), person({}, 'VZ9Z9')]), {
      ods: { 'ecarehomesite.csv': odsSite('VA1B2') },
    });
    expect(found(r, 'staff-site-unknown').map((f) => f.line)).toEqual([3]);
    expect(codesOf(r)).not.toContain('ods-reference-missing');
  });
});

describe('rule selection', () => {
  it('--skip by tag drops those findings; --only keeps just them', () => {
    const staff = staffCsv([person({ mobile: '7956123450', title: 'Sgt' })]);
    expect(codesOf(planText(staff, { options: { skip: ['mobile'] } }))).not.toContain(
      'staff-mobile-leading-zero-restored',
    );
    expect(codesOf(planText(staff, { options: { only: ['staff-title-unknown'] } }))).toEqual([
      'staff-title-unknown',
    ]);
  });
});

describe('pass 2 agrees with pass 1 about which records are rows', () => {
  it.each([
    { name: 'no header at all, then a record over 1 MB', text: `\n\n"${'x'.repeat((1 << 20) + 100)}",a\n` },
    {
      name: 'title rows and a broken quote above the header',
      text: `Staff list\n"unclosed,title\n${staffCsv([person()])}`,
    },
    { name: 'only blank lines', text: '\n\n,,,\n' },
  ])('$name', ({ text }) => {
    const r = planText(text);
    expect(r.rows.map((x) => x.line)).toEqual(r.rows.map((x) => x.line).sort((a, b) => a - b));
    expect(r.rows).toHaveLength(r.summary.rows);
  });
});

describe('a headed ODS export with prototype-named headers', () => {
  it('ignores them and still reads its codes', () => {
    const headed =
      'ODS code,constructor,__proto__,Name,Parent Organisation Code\nVA1B2,x,y,ROSE COURT,AB1C\n';
    const ods = loadOds([file('hq.csv', headed)]);
    expect(ods.orgs.get('VA1B2')).toMatchObject({ name: 'ROSE COURT', parent: 'AB1C', kind: 'site' });
  });
});

describe('siteAt: the site a finding is about, from its file and line', () => {
  it('maps staff rows and sites-file rows to their sites, and everything else to nothing', () => {
    const staff = staffCsv([person({ access: 'owner' }), person({}, 'VC3D4'), person({}, '')]);
    const sites = csv([
      ['site_ods_code', 'site_name'],
      ['VA1B2', 'Rose Court'],
      ['VC3D4', 'Oak House'],
      ['VA1B2', 'Rose Court again'],
    ]);
    const r = planText(staff, { sites });
    expect([2, 3, 4, 1, 5, null].map((line) => r.siteAt('staff.csv', line))).toEqual([
      'VA1B2',
      'VC3D4',
      '',
      '',
      '',
      '',
    ]);
    expect([2, 3, 4, 1].map((line) => r.siteAt('sites.csv', line))).toEqual(['VA1B2', 'VC3D4', 'VA1B2', '']);
    expect(r.siteAt('ecarehomesite.csv', 2)).toBe('');
  });
});
