/** The messages between the page (main.ts) and the planning worker (worker.ts). Types only. */
import type { PlanSummary, SiteSummary } from '../core/plan.js';
import type { Issue } from '../core/types.js';

/** A file the person chose: its base name and bytes (moved to the worker, not copied). */
export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

export interface PlanRequest {
  staff: ChosenFile;
  sites?: ChosenFile;
  ods: ChosenFile[];
  asOf: string;
  allowance?: number;
  batchSize?: number;
  sheet?: string;
}

export type Phase = 'reading' | 'checking' | 'writing';

/** A finding as the page lists it: the issue as the planner gave it, and the site it is about. */
export type IssueView = Omit<Issue, 'params'> & {
  /** The site of the staff or sites row it points at; '' for file-level and ODS findings. */
  site: string;
};

/** One output file: its path as the CLI writes it (`batches/…` for batches) and its exact bytes. */
export interface OutputBytes {
  path: string;
  bytes: Uint8Array;
}

export interface PlanDone {
  type: 'done';
  asOf: string;
  summary: PlanSummary;
  sitesHeader: readonly (keyof SiteSummary)[];
  /** The sites to list (those with a problem first, as report.html ranks them), and how many more. */
  sites: SiteSummary[];
  sitesHidden: number;
  /** Sites that have findings, in sites.csv's order: the choices of the site filter. */
  sitesWithFindings: { code: string; name: string }[];
  issues: IssueView[];
  files: OutputBytes[];
  reportHtml: string;
  /** Milliseconds the worker spent, from receiving the files to the last output file. */
  elapsed: number;
}

export type WorkerMessage =
  | { type: 'progress'; phase: Phase; rows?: number }
  | { type: 'failed'; message: string }
  | PlanDone;
