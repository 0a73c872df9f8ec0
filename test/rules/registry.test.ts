/** The rule registry (src/core/rules/index.ts): docs on every rule, a test for every code, selection. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_TAGS, RULES, type Rule, ruleByCode, selectRules } from '../../src/core/rules/index.js';
import { codesOf, person, planText, staffCsv } from '../helpers.js';

const rules = RULES as readonly Rule[];
const codes = rules.map((r) => r.code);
const byRule = rules.map((rule) => ({ name: rule.code, rule }));

describe('every rule documents itself', () => {
  it('has a unique kebab-case code', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(?:-[a-z]+)+$/);
  });

  it.each(byRule)('$name', ({ rule }) => {
    expect(['error', 'warning', 'info']).toContain(rule.severity);
    expect(['file', 'record', 'cell', 'row', 'dataset', 'site', 'quota']).toContain(rule.scope);
    expect(rule.title.trim()).not.toBe('');
    expect(rule.description.trim()).not.toBe('');
    expect(rule.tags.length).toBeGreaterThan(0);
    for (const tag of rule.tags) expect(tag).toMatch(/^[a-z]+$/);
    expect(typeof rule.message({})).toBe('string');
    expect(typeof rule.hint({})).toBe('string');
    expect(rule.hint({}).trim()).not.toBe('');
    expect(ruleByCode(rule.code)).toBe(rule);
  });
});

describe('the registry', () => {
  it('lists every rule of the rule modules once, module by module, in the order each declares them', async () => {
    const modules = ['structure', 'cells', 'staff', 'dataset', 'sites', 'quota', 'reference'];
    const expected: Rule[] = [];
    for (const name of modules) {
      const path = join('src/core/rules', `${name}.ts`);
      const exported = (await import(`../../${path}`)) as Record<string, Rule>;
      const declared = [...readFileSync(path, 'utf8').matchAll(/^export const (\w+) = defineRule/gm)];
      expect(declared.length, name).toBe(Object.keys(exported).length);
      for (const [, id] of declared) expected.push(exported[id!]!);
    }
    expect(rules).toEqual(expected);
    expect(rules.every((r, i) => r === expected[i])).toBe(true);
  });
});

describe('every rule has a test', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(here).filter((f) => f.endsWith('.test.ts') && f !== 'registry.test.ts');
  const text = files.map((f) => readFileSync(join(here, f), 'utf8')).join('\n');

  it('finds the rule test files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(byRule)('$name', ({ rule }) => {
    expect(
      text.includes(`'${rule.code}'`) || text.includes(`"${rule.code}"`),
      `no test names '${rule.code}'`,
    ).toBe(true);
  });
});

const withTag = (tag: string) => codes.filter((c) => ruleByCode(c)!.tags.includes(tag));

interface SelectCase {
  name: string;
  only: string[];
  skip: string[];
  selected: string[];
  unknown: string[];
}

/** Essential rules (they keep the upload file safe) always run: the chosen codes plus those, in registry order. */
const essential = rules.filter((r) => r.essential === true).map((r) => r.code);
const plusEssential = (chosen: readonly string[]) =>
  codes.filter((c) => chosen.includes(c) || essential.includes(c));

const selectCases: SelectCase[] = [
  { name: 'nothing chosen: every rule', only: [], skip: [], selected: codes, unknown: [] },
  {
    name: 'only one code',
    only: ['staff-title-unknown'],
    skip: [],
    selected: plusEssential(['staff-title-unknown']),
    unknown: [],
  },
  { name: 'only a tag', only: ['mobile'], skip: [], selected: plusEssential(withTag('mobile')), unknown: [] },
  {
    name: 'a code and a tag together',
    only: ['quota', 'staff-title-unknown'],
    skip: [],
    selected: plusEssential(codes.filter((c) => c === 'staff-title-unknown' || withTag('quota').includes(c))),
    unknown: [],
  },
  {
    name: 'skip one code',
    only: [],
    skip: ['ods-reference-missing'],
    selected: codes.filter((c) => c !== 'ods-reference-missing'),
    unknown: [],
  },
  {
    name: 'skip a tag',
    only: [],
    skip: ['header'],
    selected: plusEssential(codes.filter((c) => !withTag('header').includes(c))),
    unknown: [],
  },
  {
    name: 'only a tag, skipping one of its codes',
    only: ['site'],
    skip: ['site-duplicate'],
    selected: plusEssential(withTag('site').filter((c) => c !== 'site-duplicate')),
    unknown: [],
  },
  {
    name: 'unknown names are reported, known ones still apply',
    only: ['staff-title-unkown', 'mobile'],
    skip: ['nonsense-tag'],
    selected: plusEssential(withTag('mobile')),
    unknown: ['staff-title-unkown', 'nonsense-tag'],
  },
  {
    name: 'essential rules run even when their tag is skipped',
    only: [],
    skip: ['cell'],
    selected: plusEssential(codes.filter((c) => !withTag('cell').includes(c))),
    unknown: [],
  },
];

describe('selectRules', () => {
  it('has tags to select by', () => {
    for (const tag of ['mobile', 'quota', 'header', 'site']) expect(ALL_TAGS).toContain(tag);
    expect(withTag('mobile')).toEqual(
      expect.arrayContaining([
        'staff-mobile-invalid',
        'staff-duplicate-mobile',
        'staff-mobile-excel-damaged',
      ]),
    );
  });

  it.each(selectCases)('$name', ({ only, skip, selected, unknown }) => {
    const result = selectRules(only, skip);
    expect(result.rules.map((r) => r.code)).toEqual(selected);
    expect(result.unknown).toEqual(unknown);
  });

  it('reports an essential code named in --skip, so the CLI can refuse it', () => {
    expect(selectRules([], ['cell-formula-trigger', 'staff-title-unknown']).essentialSkipped).toEqual([
      'cell-formula-trigger',
    ]);
    expect(essential).toEqual(
      expect.arrayContaining([
        'cell-formula-trigger',
        'csv-malformed',
        'staff-action-invalid',
        'header-missing-column',
      ]),
    );
  });

  it('never lets a formula reach the upload file, whatever --only says', () => {
    const staff = staffCsv([
      person({ access: 'owner' }),
      person({ first_name: '=HYPERLINK("http://x")', job_title: '@SUM(1)' }),
    ]);
    const r = planText(staff, { options: { only: ['staff-over-quota'] } });
    expect(r.rows.map((x) => x.status)).toEqual(['ready', 'rejected']);
    expect(r.upload.map((u) => u.firstName)).not.toContain('=HYPERLINK("http://x")');
    expect(codesOf(r)).toEqual(['cell-formula-trigger']);
  });

  it('drives the engine: --only and --skip change what plan() reports', () => {
    const staff = staffCsv([
      person({ access: 'owner', title: 'Captain' }),
      person({ mobile: '01632 960123' }),
    ]);
    expect(codesOf(planText(staff))).toEqual(
      expect.arrayContaining(['ods-reference-missing', 'staff-mobile-invalid', 'staff-title-unknown']),
    );
    expect(codesOf(planText(staff, { options: { only: ['mobile'] } }))).toEqual(['staff-mobile-invalid']);
    expect(codesOf(planText(staff, { options: { skip: ['ods-reference-missing', 'mobile'] } }))).toEqual([
      'staff-title-unknown',
    ]);
  });
});
