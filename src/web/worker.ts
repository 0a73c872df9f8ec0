/**
 * The planning worker: the same pure core and renderers as the CLI, run off the page's main thread
 * so a large file never freezes the page. Bytes in, output files' bytes out; nothing is stored.
 */
import { type PlanResult, plan } from '../core/plan.js';
import { InputError, type InputFile } from '../core/types.js';
import { prepareInput } from '../core/workbook.js';
import { sitesToShow } from '../report/html.js';
import { planFilesText, SITES_HEADER } from '../report/tables.js';
import type { ChosenFile, IssueView, OutputBytes, Phase, PlanRequest, WorkerMessage } from './protocol.js';

/**
 * Rows the page lays out at once: a few hundred table rows show in a blink; thousands would pause
 * the page for a moment when the results appear. The rest are counted and in the files.
 */
const MAX_SITES_SHOWN = 200;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<PlanRequest>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
};

const post = (message: WorkerMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const progress = (phase: Phase, rows?: number) =>
  post(rows === undefined ? { type: 'progress', phase } : { type: 'progress', phase, rows });

/**
 * Lower-case hex SHA-256, as the CLI's report.json gives it. Browsers offer it to secure pages only;
 * Chromium and Firefox count a page opened from disk, and one from 127.0.0.1, as secure.
 */
async function sha256(bytes: Uint8Array): Promise<string> {
  if (!crypto.subtle) {
    throw new InputError(
      'This browser does not let the page compute file checksums here: open it with `nhsmail-bulk serve`, or in a current Chrome, Edge or Firefox.',
    );
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function prepare(file: ChosenFile, options: { sheet?: string } = {}): Promise<InputFile> {
  return prepareInput({ name: file.name, bytes: file.bytes, sha256: await sha256(file.bytes) }, options);
}

function issueViews(result: PlanResult): IssueView[] {
  return result.issues.map(({ params: _params, ...issue }) => ({
    ...issue,
    site: result.siteAt(issue.file, issue.line),
  }));
}

async function run(request: PlanRequest): Promise<void> {
  const started = performance.now();
  progress('reading');
  const staff = await prepare(request.staff, request.sheet !== undefined ? { sheet: request.sheet } : {});
  const sites = request.sites ? await prepare(request.sites) : undefined;
  const ods: InputFile[] = [];
  for (const file of request.ods) ods.push(await prepare(file));
  progress('checking', 0);
  const result = plan(
    { staff, ...(sites ? { sites } : {}), ods },
    {
      asOf: request.asOf,
      ...(request.allowance !== undefined ? { allowance: request.allowance } : {}),
      ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}),
      onProgress: (rows) => progress('checking', rows),
    },
  );
  progress('writing');
  const encoder = new TextEncoder();
  const texts = planFilesText(result, __TOOL__);
  const files: OutputBytes[] = texts.map(([path, text]) => ({ path, bytes: encoder.encode(text) }));
  const issues = issueViews(result);
  const withFindings = new Set(issues.map((i) => i.site));
  const { shown, hidden } = sitesToShow(result.sites, MAX_SITES_SHOWN);
  post(
    {
      type: 'done',
      asOf: result.asOf,
      summary: result.summary,
      sitesHeader: SITES_HEADER,
      sites: shown,
      sitesHidden: hidden,
      sitesWithFindings: result.sites
        .filter((site) => withFindings.has(site.site_ods_code))
        .map((site) => ({ code: site.site_ods_code, name: site.site_name })),
      issues,
      files,
      reportHtml: texts.find(([path]) => path === 'report.html')![1],
      elapsed: Math.round(performance.now() - started),
    },
    files.map((f) => f.bytes.buffer),
  );
}

scope.onmessage = (event) => {
  run(event.data).catch((err: unknown) => {
    // The same sentence the CLI prints for a run that cannot go on (exit code 2).
    const message =
      err instanceof InputError
        ? err.message
        : `Stopped on an unexpected problem (${(err as Error)?.message ?? String(err)}). Please report it.`;
    post({ type: 'failed', message });
  });
};
