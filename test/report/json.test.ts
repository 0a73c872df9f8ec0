/** report.json is written in pieces; its bytes must be exactly JSON.stringify's, whatever the plan. */
import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../../src/core/plan.js';
import { reportJson } from '../../src/report/tables.js';
import { person, planText, staffCsv } from '../helpers.js';

const TOOL = { name: 'nhsmail-bulk', version: 'test' };

function reference(r: PlanResult): string {
  const report = {
    schemaVersion: 1,
    tool: TOOL,
    asOf: r.asOf,
    inputs: r.inputs,
    summary: r.summary,
    countsByCode: r.countsByCode,
    sites: r.sites,
    issues: r.issues.map(({ severity, code, file, line, column, value, message, hint, params }) => ({
      severity,
      code,
      file,
      line,
      column,
      value,
      message,
      hint,
      params,
    })),
    references: r.references,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

describe('reportJson', () => {
  it.each([
    {
      name: 'no rows, no sites, one issue',
      plan: () => planText('site_ods_code,first_name,last_name,job_title,personal_email,mobile\n'),
    },
    {
      name: 'no issues at all',
      plan: () =>
        planText(staffCsv([person({ access: 'owner' }), person()]), { options: { skip: ['ods', 'quota'] } }),
    },
    {
      name: 'many sites and issues across blocks',
      plan: () =>
        planText(
          staffCsv(
            Array.from({ length: 2500 }, (_, i) =>
              person({ title: 'Sgt' }, `V${String(i).padStart(4, '0')}`),
            ),
          ),
        ),
    },
  ])('$name', ({ plan }) => {
    const r = plan();
    expect(reportJson(r, TOOL)).toBe(reference(r));
  });
});
