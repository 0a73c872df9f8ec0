/**
 * The library API of nhsmail-bulk: the pure planner and its renderers. Runs in Node and in browsers
 * (inputs are bytes; nothing here touches files, the clock or the console).
 */

export { SITES_COLUMNS, STAFF_COLUMNS, STAFF_REQUIRED } from './columns.js';
export { type EncodingName, SUPPORTED_ENCODINGS } from './decode.js';
export { type MobileResult, normaliseMobile } from './normalise.js';
export {
  type InputSummary,
  type PlanInputs,
  type PlanOptions,
  type PlanResult,
  type PlanSummary,
  packBatches,
  plan,
  type RowResult,
  type SiteSummary,
  sharedMailbox,
  type UploadRow,
} from './plan.js';
export { ALL_TAGS, type IssueCode, RULES, type Rule, ruleByCode, selectRules } from './rules/index.js';
export {
  InputError,
  type InputFile,
  type Issue,
  type Location,
  type Params,
  type RowStatus,
  type Severity,
} from './types.js';
