/** report.html as text: self-contained, safe, and bounded on very large plans. */
import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../../src/core/plan.js';
import type { Issue } from '../../src/core/types.js';
import { MAX_PER_CODE, MAX_ROWS_TO_FIX, MAX_SITES, reportHtml } from '../../src/report/html.js';
import { person, planText, staffCsv } from '../helpers.js';

const TOOL = { name: 'nhsmail-bulk', version: 'test' };

describe('reportHtml', () => {
  const html = reportHtml(
    planText(
      staffCsv([
        person({ first_name: '<script>alert(1)</script>', access: 'owner' }),
        person({ last_name: 'O"Hara & Co' }),
      ]),
    ),
    TOOL,
  );

  it('is one self-contained page: strict CSP, no script, nothing loaded from anywhere', () => {
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"`,
    );
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|https?:\/\//i);
  });

  it('escapes every value from the files', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('keeps personal data out of its title', () => {
    expect(/<title>(.*)<\/title>/.exec(html)?.[1]).toBe('NHSmail bulk request check');
  });

  it('lists at most a few hundred findings per code and lines to fix, and says how many more', () => {
    const base = planText(staffCsv([person()]));
    const many: Issue[] = Array.from({ length: 750 }, (_, i) => ({
      severity: 'error',
      code: 'staff-email-invalid',
      file: 'staff.csv',
      line: i + 2,
      column: 'personal_email',
      value: 'x',
      message: `bad ${i}`,
      hint: 'fix it',
      params: {},
    }));
    const big: PlanResult = { ...base, issues: many };
    const text = reportHtml(big, TOOL);
    expect(text).toContain(
      `…and ${(750 - MAX_PER_CODE).toLocaleString('en-GB')} more in <code>errors.csv</code>`,
    );
    expect(text).toContain(`…and ${750 - MAX_ROWS_TO_FIX} more lines: see <code>review.csv</code>`);
    const findings = text.slice(text.indexOf('id="h-issues"'));
    expect(findings.match(/<td>bad \d+<\/td>/g)?.length).toBe(MAX_PER_CODE);
  });

  it('shows at most MAX_SITES sites, those with a problem first, and points to sites.csv for the rest', () => {
    const base = planText(staffCsv([person()]));
    const site = base.sites[0]!;
    const sites = Array.from({ length: MAX_SITES + 40 }, (_, i) => ({
      ...site,
      site_ods_code: `V${String(i).padStart(4, '0')}`,
      status: i === MAX_SITES + 39 ? ('error' as const) : ('ok' as const),
    }));
    const text = reportHtml({ ...base, sites }, TOOL);
    const table = text.slice(text.indexOf('id="h-sites"'), text.indexOf('id="h-tree"'));
    expect(table.match(/<tr><td><b>V\d{4}<\/b>/g)?.length).toBe(MAX_SITES);
    expect(table).toContain(`<b>V${String(MAX_SITES + 39).padStart(4, '0')}</b>`);
    expect(table).toContain('…and 40 more sites, all listed in <code>sites.csv</code>.');
  });
});
