/** The rule registry: the one list the engine, `rules`, `explain`, the docs and the tests read. */
import * as cells from './cells.js';
import * as dataset from './dataset.js';
import * as quota from './quota.js';
import * as reference from './reference.js';
import type { Rule } from './rule.js';
import * as sites from './sites.js';
import * as staff from './staff.js';
import * as structure from './structure.js';

/**
 * Every rule, in the order they run and a row lists its codes: written out rather than taken from
 * `Object.values(module)`, whose order is not the same everywhere (Node orders a module's exports
 * alphabetically; the test runner's transform keeps them as written), so the shipped bin and the
 * tests gave rows' codes in different orders. A test holds this list to the modules' exports.
 */
export const RULES = [
  structure.fileEncodingFallback,
  structure.fileSepLine,
  structure.fileSheetChosen,
  structure.headerMissingColumn,
  structure.headerDuplicateColumn,
  structure.headerUnknownColumn,
  structure.headerBlankColumn,
  structure.headerColumnMapped,
  structure.headerNotFirstLine,
  structure.csvMalformed,
  structure.rowMissingCells,
  structure.rowExtraCells,
  structure.rowBlank,
  cells.cellInvisibleCharacter,
  cells.cellLineBreak,
  cells.cellFormulaTrigger,
  cells.cellCharacterReplaced,
  cells.cellMixedScript,
  cells.siteCodeDentalShape,
  cells.cellFormulaError,
  staff.staffRequiredMissing,
  staff.staffNameInvalid,
  staff.staffEmailInvalid,
  staff.staffEmailDomainTypo,
  staff.staffEmailNhsmail,
  staff.staffMobileInvalid,
  staff.staffMobileLeadingZeroRestored,
  staff.staffMobileExcelDamaged,
  staff.staffAccessInvalid,
  staff.staffActionInvalid,
  staff.staffNhsmailAddressRequired,
  staff.staffNhsmailAddressInvalid,
  staff.staffTitleUnknown,
  staff.staffSiteCodeInvalid,
  dataset.staffDuplicateEmail,
  dataset.staffDuplicateMobile,
  dataset.staffDuplicatePerson,
  dataset.staffSiteUnknown,
  dataset.odsReferenceMissing,
  sites.siteCodeInvalid,
  sites.siteHqCodeInvalid,
  sites.siteNotInOds,
  sites.siteClosed,
  sites.siteHqMismatch,
  sites.siteHqClosed,
  sites.siteNotEngland,
  sites.sitePostcodeOutsideEngland,
  sites.sitePostcodeInvalid,
  sites.siteCqcIdInvalid,
  sites.siteDsptInsufficient,
  sites.siteValueInvalid,
  sites.siteConflictingDetails,
  sites.siteDuplicate,
  quota.staffOverQuota,
  quota.siteOverQuota,
  quota.siteBelowMinimum,
  quota.siteNoOwner,
  reference.staffExistingAccount,
  reference.staffLeaverNotFound,
  reference.staffPreviouslySubmitted,
  reference.siteExistingAccountsMismatch,
  reference.odsOnlineLookup,
  reference.odsOnlineUnavailable,
  reference.existingAccountsUnplaced,
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
