/** How people are shown findings, shared by the terminal summary and report.html. */
import { DEFERRAL_CODES, type Reference } from '../core/plan.js';
import type { Issue } from '../core/types.js';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Groups in first-seen order, without copying arrays (plans can have a million findings). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Findings by code in the order to read them: errors, then warnings, then infos; deferrals after the
 * other errors (they are not mistakes to fix); then the most frequent first; then by code.
 */
export function byCodeInReadingOrder(issues: readonly Issue[]): [string, Issue[]][] {
  const rank = (code: string, list: Issue[]) =>
    SEVERITY_RANK[list[0]!.severity] * 2 + (DEFERRAL_CODES.has(code) ? 1 : 0);
  return [...groupBy(issues, (i) => i.code)].sort(
    ([a, x], [b, y]) => rank(a, x) - rank(b, y) || y.length - x.length || (a < b ? -1 : 1),
  );
}

export const isDeferral = (issue: Issue): boolean => DEFERRAL_CODES.has(issue.code);

/** One reference in a few words, with its date: "ecarehomesite.csv (newest date 2026-10-28)". */
export function describeReference(ref: Reference): string {
  if (ref.kind === 'ods-file') return ref.date ? `${ref.source} (newest date ${ref.date})` : ref.source;
  if (ref.kind === 'ods-online') return ref.date ? `${ref.source}, fetched ${ref.date}` : ref.source;
  if (ref.kind === 'existing') return `${ref.source} (current accounts)`;
  return `${ref.source} (earlier upload)`;
}
