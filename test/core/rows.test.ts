/**
 * RowNotes (core/rows.ts): the plain data review.csv is written from in another thread. Read with
 * the staff file, they must give every row's result exactly as the plan's own reading does, and
 * forEachUpload the upload rows forEachRow gives, in the same order and batches.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  forEachRowResult,
  type PlanInputs,
  type PlanResult,
  plan,
  type RowResult,
  type UploadRow,
} from '../../src/core/plan.js';
import { readInput } from '../../src/io/read.js';
import { AS_OF, file, person, planText, STAFF_HEADER, staffCsv } from '../helpers.js';

function expectNotesAgree(result: PlanResult, inputs: PlanInputs) {
  const own: RowResult[] = [];
  const uploads: [UploadRow, number | undefined][] = [];
  result.forEachRow((row, up, batch) => {
    own.push(row);
    if (up) uploads.push([up, batch]);
  });
  const fromNotes: RowResult[] = [];
  // Through a structured clone, as a worker thread gets them.
  forEachRowResult(structuredClone(result.rowNotes), inputs.staff, undefined, (row) => fromNotes.push(row));
  expect(fromNotes).toEqual(own);
  const uploadsOnly: [UploadRow, number | undefined][] = [];
  result.forEachUpload((up, batch) => uploadsOnly.push([up, batch]));
  expect(uploadsOnly).toEqual(uploads);
  return own;
}

describe('RowNotes', () => {
  it.each(readdirSync('fixtures/scenarios').map((name) => [name]))(
    'give every row of scenario %s the result the plan gives it',
    async (name) => {
      const dir = join('fixtures/scenarios', name);
      const here = readdirSync(dir);
      const inputs: PlanInputs = {
        staff: await readInput(join(dir, 'staff.csv'), 'staff file'),
        ...(here.includes('sites.csv')
          ? { sites: await readInput(join(dir, 'sites.csv'), 'sites file') }
          : {}),
        ods: here.includes('ods')
          ? await Promise.all(
              readdirSync(join(dir, 'ods')).map((f) => readInput(join(dir, 'ods', f), 'ODS file')),
            )
          : [],
      };
      const rows = expectNotesAgree(plan(inputs, { asOf: AS_OF, batchSize: 5 }), inputs);
      expect(rows.length).toBeGreaterThan(0);
    },
  );

  it('show file errors on every row, site errors on the site’s rows, over-quota only where deferred', () => {
    // Eleven requests at one site (one deferred), a bad e-mail, and a site with a bad code.
    const rows = Array.from({ length: 11 }, () => person());
    rows.push(person({ personal_email: 'not an e-mail' }), person({}, 'V1'));
    const staff = staffCsv(rows);
    const result = planText(staff);
    const all = expectNotesAgree(result, { staff: file('staff.csv', staff) });
    expect(all.map((r) => r.status)).toContain('deferred');
    expect(all.find((r) => r.status === 'deferred')!.codes).toContain('staff-over-quota');
    expect(all.filter((r) => r.codes.length === 0).length).toBeGreaterThan(0);

    // A staff file with an error of its own (a required column missing): every row shows it.
    const noMobile = staffCsv(
      rows.map((r) => r.filter((_, i) => i !== 6)),
      STAFF_HEADER.filter((column) => column !== 'mobile'),
    );
    const blocked = expectNotesAgree(planText(noMobile), { staff: file('staff.csv', noMobile) });
    for (const row of blocked) expect(row.codes).toContain('header-missing-column');
  });

  it('number each distinct code and hint once', () => {
    const rows = Array.from({ length: 30 }, () => person({ personal_email: 'not an e-mail' }));
    const { rowNotes } = planText(staffCsv(rows));
    expect(rowNotes.codes.length).toBe(
      new Set(rowNotes.codes.map((c, i) => `${c}|${rowNotes.hints[i]}`)).size,
    );
    expect(rowNotes.own.rows).toHaveLength(30);
    // Thirty rows with the same finding share its note (a few more notes say the site is over quota).
    expect(rowNotes.codes.length).toBeLessThan(6);
    expect(rowNotes.codes.filter((c) => c === 'staff-email-invalid')).toHaveLength(1);
  });
});
