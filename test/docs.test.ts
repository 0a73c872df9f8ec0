/** The README is part of the product: it must list every code with its severity. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/core/rules/index.js';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it.each(RULES.map((r) => [r.code, r.severity] as const))('lists %s as %s', (code, severity) => {
    expect(readme).toContain(`| \`${code}\` | ${severity} |`);
  });
  it('shows the two commands a newcomer needs', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
