/**
 * The separable cross-row rules (core/separate.ts) run on a reading of their own must give exactly
 * the plan the planner gives running them itself: the same issues, the same codes on each row in the
 * same order, the same files. Checked on every fixture scenario, on rows built to put a duplicate and
 * a later cross-row rule on one row, and on random files full of repeats.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlanInputs, type PlanOptions, plan } from '../../src/core/plan.js';
import { runSeparable, separableRules } from '../../src/core/separate.js';
import { readInput } from '../../src/io/read.js';
import { planFilesText, uploadCsv } from '../../src/report/tables.js';
import { AS_OF, file, person, staffCsv } from '../helpers.js';

const TOOL = { name: 'nhsmail-bulk', version: 'test' };

/** Every output file of a plan, with and without the separable rules run on their own. */
function bothWays(inputs: PlanInputs, options: Partial<PlanOptions> = {}) {
  const base = { asOf: AS_OF, ...options };
  const itself = plan(inputs, base);
  let calls = 0;
  const apart = plan(inputs, {
    ...base,
    separate: () => {
      calls++;
      return runSeparable(inputs.staff, options);
    },
  });
  expect(calls).toBe(1);
  return { itself, apart, files: [planFilesText(itself, TOOL), planFilesText(apart, TOOL)] as const };
}

function expectSame(inputs: PlanInputs, options: Partial<PlanOptions> = {}) {
  const { itself, apart, files } = bothWays(inputs, options);
  expect(apart.issues).toEqual(itself.issues);
  expect(apart.rows).toEqual(itself.rows);
  expect(files[1]).toEqual(files[0]);
  return itself;
}

describe('separable rules', () => {
  it('are the three duplicate checks, and follow --only and --skip', () => {
    expect(separableRules().map((r) => r.code)).toEqual([
      'staff-duplicate-email',
      'staff-duplicate-mobile',
      'staff-duplicate-person',
    ]);
    expect(separableRules(['duplicate'], ['staff-duplicate-mobile']).map((r) => r.code)).toEqual([
      'staff-duplicate-email',
      'staff-duplicate-person',
    ]);
    expect(separableRules(['staff-site-unknown'])).toEqual([]);
  });

  it.each(readdirSync('fixtures/scenarios').map((name) => [name]))(
    'give the same plan on their own reading: scenario %s',
    async (name) => {
      const dir = join('fixtures/scenarios', name);
      const here = readdirSync(dir);
      const odsDir = join(dir, 'ods');
      const inputs: PlanInputs = {
        staff: await readInput(join(dir, 'staff.csv'), 'staff file'),
        ...(here.includes('sites.csv')
          ? { sites: await readInput(join(dir, 'sites.csv'), 'sites file') }
          : {}),
        ods: here.includes('ods')
          ? await Promise.all(readdirSync(odsDir).map((f) => readInput(join(odsDir, f), 'ODS file')))
          : [],
        ...(here.includes('accounts.csv')
          ? { existing: await readInput(join(dir, 'accounts.csv'), 'accounts export') }
          : {}),
        ...(here.includes('round-1')
          ? { previous: [await readInput(join(dir, 'round-1/nas-bulk-upload.csv'), 'earlier upload')] }
          : {}),
      };
      const result = expectSame(inputs);
      expect(result.summary.rows).toBeGreaterThan(0);
    },
  );

  it('keep a row’s codes in rule order when a later cross-row rule also finds something there', () => {
    // The same mobile and name at one site as the first row (an earlier run took a request by e-mail).
    const first = person({ first_name: 'Siobhán', last_name: 'Kelly' });
    const again = person({ first_name: 'Siobhán', last_name: 'Kelly', mobile: first[6]! });
    const staff = staffCsv([first, again]);
    // The second row was sent by an earlier run: staff-previously-submitted comes after the duplicates.
    const upload = uploadCsv([
      {
        action: 'new',
        siteCode: 'VA1B2',
        siteName: 'Rose Court Care Home',
        sharedMailbox: 'care.va1b2@nhs.net',
        title: again[1]!,
        firstName: again[2]!,
        lastName: again[3]!,
        jobTitle: again[4]!,
        access: 'member',
        personalEmail: again[5]!,
        mobile: again[6]!.replace(/\s/g, ''),
        nhsmailAddress: '',
      },
    ]);
    const inputs: PlanInputs = {
      staff: file('staff.csv', staff),
      previous: [file('run-1/nas-bulk-upload.csv', upload)],
    };
    const result = expectSame(inputs);
    expect(result.rows[1]!.codes).toEqual([
      'staff-duplicate-mobile',
      'staff-duplicate-person',
      'staff-previously-submitted',
    ]);
  });

  it('give the same plan with --only and --skip', () => {
    const rows = [person(), person()];
    rows.push(person({ personal_email: rows[0]![5]!, mobile: rows[1]![6]! }));
    const inputs: PlanInputs = { staff: file('staff.csv', staffCsv(rows)) };
    expectSame(inputs, { only: ['duplicate'], skip: ['staff-duplicate-email'] });
    expectSame(inputs, { skip: ['duplicate'] });
  });

  it('must be the rules the planner skipped', () => {
    const inputs: PlanInputs = { staff: file('staff.csv', staffCsv([person(), person()])) };
    expect(() =>
      plan(inputs, {
        asOf: AS_OF,
        skip: ['staff-duplicate-mobile'],
        separate: () => runSeparable(inputs.staff),
      }),
    ).toThrow(/not staff-duplicate-email,staff-duplicate-person/);
  });

  it('give the same plan on random files full of repeats (property)', () => {
    const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
    const row = fc.record({
      site: pick(['VA1B2', 'VC3D4', 'va1b2 ', '']),
      first: pick(['Siân', 'SIAN', 'Renée', 'Renee', '']),
      last: pick(["O'Brien", 'O’Brien', 'Smith-Jones', '']),
      email: pick(['a.b@gmail.com', 'A.B@gmail.com ', 'c.d@yahoo.co.uk', '', 'not an e-mail']),
      mobile: pick(['07912 345678', '+44 7912 345678', '07912345679', '', '7912345678']),
      action: pick(['', 'new', 'leaver', 'joiner']),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), (rows) => {
        const staff = staffCsv(
          rows.map((r) =>
            person(
              {
                first_name: r.first,
                last_name: r.last,
                personal_email: r.email,
                mobile: r.mobile,
                action: r.action,
              },
              r.site,
            ),
          ),
        );
        expectSame({ staff: file('staff.csv', staff) });
      }),
      { seed: 20261125, numRuns: 150 },
    );
  });
});
