/** `rules`, `explain` and `template`, all generated from the registry and the column lists. */
import { SITES_COLUMNS, STAFF_COLUMNS } from '../core/columns.js';
import { RULES, type Rule, ruleByCode } from '../core/rules/index.js';
import { InputError } from '../core/types.js';
import { toCsv } from '../report/csv.js';

export function rulesText(): string {
  const width = Math.max(...RULES.map((r) => r.code.length));
  const lines = (RULES as readonly Rule[]).map(
    (r) => `${r.code.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}  [${r.tags.join(', ')}]`,
  );
  return `${lines.join('\n')}\n`;
}

export function rulesJson(): string {
  const list = (RULES as readonly Rule[]).map((r) => ({
    code: r.code,
    severity: r.severity,
    scope: r.scope,
    essential: r.essential === true,
    tags: r.tags,
    title: r.title,
    description: r.description,
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

export function explainText(code: string): string {
  const rule = ruleByCode(code.trim().toLowerCase());
  if (!rule) {
    const near = RULES.filter((r) => r.code.includes(code.trim().toLowerCase().split('-')[0] ?? '')).map(
      (r) => r.code,
    );
    throw new InputError(
      `"${code}" is not a code we use${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}: run \`nhsmail-bulk rules\` to list them.`,
    );
  }
  return [
    `${rule.code} (${rule.severity}): ${rule.title}`,
    '',
    rule.description,
    '',
    `Checked on: ${rule.scope === 'quota' ? 'each site, after planning its allowance' : `each ${rule.scope}`}. Tags: ${rule.tags.join(', ')}.`,
    rule.essential
      ? 'It always runs, whatever --only and --skip say: it keeps the upload file safe.'
      : `Skip it with --skip ${rule.code}, or run only it with --only ${rule.code}.`,
    '',
  ].join('\n');
}

export function templateFiles(): [string, string][] {
  return [
    ['staff-template.csv', toCsv(STAFF_COLUMNS.slice(0, 10), [])],
    ['sites-template.csv', toCsv(SITES_COLUMNS, [])],
  ];
}
