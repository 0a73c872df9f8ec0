/** The package entry: the pure planner (src/core) and its pure renderers (src/report). */
export * from './core/index.js';
export { reportHtml } from './report/html.js';
export { renderSummary } from './report/summary.js';
export {
  errorsCsv,
  type OutputFile,
  planFiles,
  planFilesText,
  reportJson,
  reviewCsv,
  sitesCsv,
  uploadCsv,
} from './report/tables.js';
