/** The short, plain summary `plan` and `validate` print for people. Pure: colour comes from the caller. */
import type { PlanResult } from '../core/plan.js';
import { ruleByCode } from '../core/rules/index.js';
import type { Issue } from '../core/types.js';
import { byCodeInReadingOrder, describeReference } from './issues.js';

export type Paint = (style: 'bold' | 'red' | 'yellow' | 'green' | 'dim', text: string) => string;
const plain: Paint = (_s, t) => t;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const MAX_CODES = 8;
const MAX_LINES = 6;

function where(issues: Issue[]): string {
  const byFile = new Map<string, Set<number>>();
  for (const i of issues) {
    if (i.line === null) continue;
    const lines = byFile.get(i.file) ?? new Set<number>();
    lines.add(i.line);
    byFile.set(i.file, lines);
  }
  return [...byFile]
    .map(([file, set]) => {
      const lines = [...set];
      const shown = lines.slice(0, MAX_LINES).join(', ');
      const more = lines.length > MAX_LINES ? ` and ${lines.length - MAX_LINES} more` : '';
      return `${file} ${lines.length === 1 ? 'line' : 'lines'} ${shown}${more}`;
    })
    .join('; ');
}

export function renderSummary(
  result: PlanResult,
  opts: { command: 'plan' | 'validate'; outDir?: string; files?: string[]; paint?: Paint },
): string {
  const paint = opts.paint ?? plain;
  const s = result.summary;
  const out: string[] = [];
  const inputs = result.inputs
    .map((i) => {
      const how = i.sheet !== undefined ? `sheet "${i.sheet}"` : `${i.encoding}, ${i.delimiter}`;
      return `${i.file} (${plural(i.rows, 'row')}, ${how})`;
    })
    .join(', ');
  out.push(`${paint('bold', `nhsmail-bulk ${opts.command}`)} as of ${result.asOf}: read ${inputs}.`);
  if (result.references.length > 0)
    out.push(`Checked against ${result.references.map(describeReference).join(', ')}.`);
  out.push('');
  out.push(
    `  ${paint('green', `${s.ready} ready to send`)}   ${paint('yellow', `${s.deferred} waiting for a free account`)}   ${paint('red', `${s.rejected} to fix`)}${s.submitted > 0 ? `   ${s.submitted} already sent` : ''}   (${plural(s.rows, 'row')}, ${plural(s.sites, 'site')})`,
  );
  const overQuota = s.sitesOverQuota > 0 ? `; ${plural(s.sitesOverQuota, 'site')} over its allowance` : '';
  out.push(`  ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${overQuota}.`);

  const ordered = byCodeInReadingOrder(result.issues.filter((i) => i.severity !== 'info'));
  if (ordered.length > 0) {
    out.push('');
    out.push(paint('bold', 'What to fix first:'));
    for (const [code, issues] of ordered.slice(0, MAX_CODES)) {
      const rule = ruleByCode(code);
      const mark = issues[0]!.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
      const loc = where(issues);
      out.push(`  ${mark} ${rule?.title ?? code} (${issues.length}) [${code}]${loc ? `: ${loc}` : ''}`);
      out.push(`          ${paint('dim', issues[0]!.hint)}`);
    }
    if (ordered.length > MAX_CODES) {
      out.push(`  …and ${plural(ordered.length - MAX_CODES, 'more kind')} of finding: see errors.csv.`);
    }
  }

  out.push('');
  if (opts.command === 'plan' && opts.outDir) {
    out.push(`Files written to ${opts.outDir}: ${(opts.files ?? []).join(', ')}.`);
    if (s.ready > 0) out.push(`Send nas-bulk-upload.csv (${plural(s.ready, 'row')}) to NAS.`);
    if (s.rejected > 0)
      out.push('Fix the rows marked "rejected" in review.csv (the fix column says how), then run again.');
    if (s.deferred > 0)
      out.push('Rows marked "deferred" are valid but their site is full: send them when a slot frees up.');
    if (s.submitted > 0)
      out.push('Rows marked "submitted" went in the earlier upload: they are not in this upload file again.');
  } else if (opts.command === 'validate') {
    out.push(
      s.errors > 0
        ? 'Run `nhsmail-bulk plan` with the same files to get review.csv and errors.csv to fix from.'
        : 'No errors: run `nhsmail-bulk plan` with the same files to write the upload file.',
    );
  }
  return `${out.join('\n')}\n`;
}
