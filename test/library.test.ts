/** The package entry works as a library: bytes in, plan and output files out, no Node APIs needed. */
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';

describe('library API', () => {
  it('plans bytes and renders the output files', () => {
    const staff = new TextEncoder().encode(
      'site_ods_code,first_name,last_name,job_title,personal_email,mobile,access\nVA1B2,Siân,Evans,Cook,sian.evans@gmail.com,07912 345678,owner\nVA1B2,Zoë,Hughes,Carer,zoe.h@outlook.com,07823 456789,\n',
    );
    const result = lib.plan({ staff: { name: 'staff.csv', bytes: staff } }, { asOf: '2026-11-01' });
    expect(result.summary).toMatchObject({ rows: 2, ready: 2 });
    expect(
      lib.planFilesText(result, { name: 'nhsmail-bulk', version: 'test' }).map(([name]) => name),
    ).toEqual(['nas-bulk-upload.csv', 'review.csv', 'errors.csv', 'sites.csv', 'report.json', 'report.html']);
    expect(lib.RULES.length).toBeGreaterThan(50);
    expect(lib.sharedMailbox('VA1B2')).toBe('care.va1b2@nhs.net');
  });
});
