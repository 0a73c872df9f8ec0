/**
 * The cross-row rules that need nothing but the staff rows themselves (the duplicate checks, marked
 * `separable`), run on a reading of the staff file of their own. A shell with a second thread runs
 * them there while the planner reads the file with every other rule (PlanOptions.separate): on a
 * national file their tables of a million keys are a sixth of the planner's time. Their findings
 * come back as plain data and join the plan exactly as if the planner had found them itself.
 */

import type { EncodingName } from './decode.js';
import type { Rule } from './rules/index.js';
import { selectRules } from './rules/index.js';
import type { DatasetContext, DatasetPass, Finding } from './rules/rule.js';
import { findingAt, StaffRecord } from './staff-record.js';
import { readTable, STAFF_TABLE } from './table.js';
import type { InputFile, Location } from './types.js';

export type SeparableRule = Extract<Rule, { scope: 'dataset' }>;

/** One finding of a separable rule, as data that can cross to another thread. */
export interface SeparateFinding {
  code: string;
  /** The staff row it is about (its number among the data rows), if any. */
  row: number | undefined;
  at: Location;
  finding: Omit<Finding, 'row' | 'site'>;
}

export interface SeparateResult {
  /** The rules that ran, by code, in registry order (the planner checks they are the ones it skipped). */
  codes: string[];
  /** Their findings in the order they were reported. */
  findings: SeparateFinding[];
}

export interface SeparateOptions {
  only?: readonly string[] | undefined;
  skip?: readonly string[] | undefined;
  encoding?: EncodingName | undefined;
}

/** The separable rules that `--only` and `--skip` select, in registry order. */
export function separableRules(only?: readonly string[], skip?: readonly string[]): SeparableRule[] {
  return selectRules(only, skip).rules.filter(
    (r): r is SeparableRule => r.scope === 'dataset' && r.separable === true,
  );
}

/**
 * A separable rule's context: the estimate of rows, and nothing a separable rule may look at (the
 * planner gives the same, so a rule that broke its promise would be caught by the tests of both ways).
 */
export function separableContext(staffFile: string, expectedRows: number): DatasetContext {
  return {
    siteList: undefined,
    isListedSite: () => false,
    ods: undefined,
    staffFile,
    expectedRows,
  };
}

/** How often runSeparable says it is still reading (its caller's heartbeat), in rows. */
export const SEPARATE_BEAT_ROWS = 4096;

/**
 * Reads the staff file and runs the separable rules the options select, as the planner would on its
 * own reading: the same rows (readTable, the same StaffRecord) in the same order. `beat` is called
 * every SEPARATE_BEAT_ROWS rows.
 */
export function runSeparable(
  staff: InputFile,
  options: SeparateOptions = {},
  beat?: () => void,
): SeparateResult {
  const rules = separableRules(options.only, options.skip);
  const findings: SeparateFinding[] = [];
  let record: StaffRecord | undefined;
  let passes: DatasetPass[] = [];
  if (rules.length > 0) {
    readTable(
      staff,
      STAFF_TABLE,
      {
        onTable(table) {
          const columns = new Set(table.header.columns.filter((c): c is string => c !== undefined));
          record = new StaffRecord(staff.name, columns);
          const ctx = separableContext(staff.name, table.source.estimatedLines);
          passes = rules.flatMap((rule) => {
            const pass = rule.begin(ctx, (f = {}) => {
              const { row, site: _site, ...finding } = f;
              findings.push({ code: rule.code, row: row?.index, at: findingAt(f), finding });
            });
            return pass ? [pass] : [];
          });
        },
        onRecord() {},
        onCell() {},
        onRow(row) {
          if (beat && row.index % SEPARATE_BEAT_ROWS === 0) beat();
          const staffRow = record!.fill(row);
          for (const pass of passes) pass.row?.(staffRow);
        },
        onEnd() {
          for (const pass of passes) pass.end?.();
        },
      },
      options.encoding,
    );
  }
  return { codes: rules.map((r) => r.code), findings };
}
