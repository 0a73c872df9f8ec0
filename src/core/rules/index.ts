/** The rule registry: the one list the engine, `rules`, `explain`, the docs and the tests read. */
import * as cells from './cells.js';
import * as dataset from './dataset.js';
import * as quota from './quota.js';
import * as reference from './reference.js';
import type { Rule } from './rule.js';
import * as sites from './sites.js';
import * as staff from './staff.js';
import * as structure from './structure.js';

export const RULES = [
  ...Object.values(structure),
  ...Object.values(cells),
  ...Object.values(staff),
  ...Object.values(dataset),
  ...Object.values(sites),
  ...Object.values(quota),
  ...Object.values(reference),
] as const;

/** Every issue code, derived from the registry (never a hand-kept list). */
export type IssueCode = (typeof RULES)[number]['code'];

const BY_CODE = new Map<string, Rule>(RULES.map((r) => [r.code, r]));

export const ruleByCode = (code: string): Rule | undefined => BY_CODE.get(code);

/** All tags used by some rule, sorted. */
export const ALL_TAGS: readonly string[] = [...new Set(RULES.flatMap((r) => r.tags))].sort();

/**
 * Rules selected by `--only` and `--skip` (codes or tags). Essential rules always run. Unknown names,
 * and essential codes named in `skip`, are returned so the CLI can refuse them with a sentence.
 */
export function selectRules(
  only: readonly string[] = [],
  skip: readonly string[] = [],
): { rules: Rule[]; unknown: string[]; essentialSkipped: string[] } {
  const known = (name: string) => BY_CODE.has(name) || ALL_TAGS.includes(name);
  const unknown = [...only, ...skip].filter((n) => !known(n));
  const essentialSkipped = skip.filter((n) => BY_CODE.get(n)?.essential === true);
  const matches = (rule: Rule, names: readonly string[]) =>
    names.some((n) => n === rule.code || rule.tags.includes(n));
  const rules = (RULES as readonly Rule[]).filter(
    (r) => r.essential === true || ((only.length === 0 || matches(r, only)) && !matches(r, skip)),
  );
  return { rules, unknown, essentialSkipped };
}

export type { Rule, Scope } from './rule.js';
