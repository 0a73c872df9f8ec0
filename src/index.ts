/** The package entry: the pure planner (src/core) and its pure renderers (src/report). */
export * from './core/index.js';
export { renderSummary } from './report/summary.js';
export { errorsCsv, planFiles, reportJson, reviewCsv, sitesCsv, uploadCsv } from './report/tables.js';
