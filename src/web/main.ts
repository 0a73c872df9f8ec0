/**
 * The browser page: files and options in, the planner's results and output files out. All checking
 * happens in the worker (worker.ts) with the same core as the CLI; this file only shows what the
 * planner says, in the DOM, never re-wording a code or message. Nothing leaves the computer.
 */
import type { SiteSummary } from '../core/plan.js';
import type { ChosenFile, IssueView, Phase, PlanDone, PlanRequest, WorkerMessage } from './protocol.js';
import PlanWorker from './worker.ts?worker&inline';

/** Findings listed at once (as for sites in worker.ts); the rest are counted and left to errors.csv. */
const MAX_FINDINGS = 200;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('form');
const pickers = {
  staff: $<HTMLInputElement>('staff'),
  sites: $<HTMLInputElement>('sites'),
  ods: $<HTMLInputElement>('ods'),
};
const fields = {
  allowance: $<HTMLInputElement>('allowance'),
  batchSize: $<HTMLInputElement>('batch-size'),
  asOf: $<HTMLInputElement>('as-of'),
  sheet: $<HTMLInputElement>('sheet'),
};
const checkButton = $<HTMLButtonElement>('check');
const stopButton = $<HTMLButtonElement>('stop');
const statusLine = $<HTMLParagraphElement>('status');
const progressBar = $<HTMLProgressElement>('progress');
const alertBox = $<HTMLDivElement>('alert');
const results = $<HTMLElement>('results');
const filterSite = $<HTMLSelectElement>('filter-site');
const filterSeverity = $<HTMLSelectElement>('filter-severity');

const count = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Today's local date as YYYY-MM-DD, the CLI's default for --as-of. */
function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// ---------------------------------------------------------------- choosing files

/** Each file box takes dropped files into its own picker, so the picker stays the one source of files. */
for (const zone of Array.from(document.querySelectorAll<HTMLElement>('.drop'))) {
  const input = pickers[zone.dataset.input as keyof typeof pickers];
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const files = event.dataTransfer?.files;
    if (!files || files.length === 0) return;
    if (!input.multiple && files.length > 1) {
      statusLine.textContent = `Drop one file on "${zone.querySelector('label')?.textContent}".`;
      return;
    }
    input.files = files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
// A file dropped anywhere else would make the browser leave the page and open it.
for (const type of ['dragover', 'drop'] as const) window.addEventListener(type, (e) => e.preventDefault());

for (const input of Object.values(pickers)) {
  input.addEventListener('change', () => {
    const names = Array.from(input.files ?? [], (f) => f.name);
    statusLine.textContent = names.length ? `Chosen: ${names.join(', ')}.` : '';
  });
}

async function chosen(file: File): Promise<ChosenFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** A whole-number field: undefined when empty. The form's own validation has already checked it. */
function wholeNumber(input: HTMLInputElement): number | undefined {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

async function requestFromForm(): Promise<PlanRequest> {
  const staff = pickers.staff.files![0]!;
  const sites = pickers.sites.files?.[0];
  const allowance = wholeNumber(fields.allowance);
  const batchSize = wholeNumber(fields.batchSize);
  const sheet = fields.sheet.value.trim();
  return {
    staff: await chosen(staff),
    ...(sites ? { sites: await chosen(sites) } : {}),
    ods: await Promise.all(Array.from(pickers.ods.files ?? [], chosen)),
    asOf: fields.asOf.value,
    ...(allowance !== undefined ? { allowance } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(sheet !== '' ? { sheet } : {}),
  };
}

// ---------------------------------------------------------------- running

const PHASES: Record<Phase, string> = {
  reading: 'Reading your files…',
  checking: 'Checking every row…',
  writing: 'Making the output files…',
};

let worker: Worker | undefined;
/** Bumped by every stop, so a stopped run's late answers (or its file reading) are ignored. */
let generation = 0;
let downloadUrls: string[] = [];

function setRunning(running: boolean): void {
  checkButton.disabled = running;
  stopButton.hidden = !running;
  progressBar.hidden = !running;
  form.setAttribute('aria-busy', String(running));
}

function stop(message: string): void {
  generation++;
  worker?.terminate();
  worker = undefined;
  setRunning(false);
  statusLine.textContent = message;
}

function showProgress(phase: Phase, rows: number | undefined): void {
  statusLine.textContent =
    phase === 'checking' && rows ? `Checking every row… ${count(rows)} rows so far.` : PHASES[phase];
}

async function check(): Promise<void> {
  alertBox.textContent = '';
  if (!form.reportValidity()) return;
  stop('');
  const run = generation;
  const started = performance.now();
  // Results of earlier files must not be mistaken for these.
  results.hidden = true;
  setRunning(true);
  statusLine.textContent = PHASES.reading;
  let request: PlanRequest;
  try {
    request = await requestFromForm();
  } catch {
    if (run !== generation) return;
    stop('');
    alertBox.textContent =
      'A file could not be read: check it is not open in another program, then try again.';
    return;
  }
  if (run !== generation) return;
  worker = new PlanWorker({ name: 'nhsmail-bulk planner' });
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    if (run !== generation) return;
    const message = event.data;
    if (message.type === 'progress') showProgress(message.phase, message.rows);
    else if (message.type === 'failed') {
      stop('The check stopped.');
      alertBox.textContent = message.message;
    } else {
      stop('');
      showResults(message, Math.round(performance.now() - started));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (run !== generation) return;
    stop('The check stopped.');
    alertBox.textContent = `The check stopped on an unexpected problem (${event.message}). Please report it.`;
  };
  const files = [request.staff, ...(request.sites ? [request.sites] : []), ...request.ods];
  worker.postMessage(
    request,
    files.map((f) => f.bytes.buffer),
  );
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void check();
});
stopButton.addEventListener('click', () => {
  stop('Stopped. Nothing was kept.');
  checkButton.focus();
});

// ---------------------------------------------------------------- results

function showResults(done: PlanDone, elapsed: number): void {
  const s = done.summary;
  results.hidden = false;
  results.dataset.elapsed = String(elapsed);
  $('results-intro').textContent =
    `As of ${done.asOf}: ${plural(s.rows, 'row')} across ${plural(s.sites, 'site')}, checked in ${(elapsed / 1000).toFixed(1)} s.`;
  showTiles(done);
  showDownloads(done);
  showSites(done);
  showFilters(done);
  showFindings(done);
  showReport(done.reportHtml);
  statusLine.textContent = `Done: ${count(s.ready)} ready to send, ${count(s.deferred)} waiting for a free account, ${count(s.rejected)} to fix.`;
  // The results take the focus (a screen reader reads them next; Tab goes on to the downloads).
  results.focus({ preventScroll: true });
  $('h-results').scrollIntoView({ block: 'start' });
}

/**
 * Fills a table's body. A long table is laid out only when it comes near the screen (see the
 * `long` class), so a large plan's results appear without a pause; a short one keeps its exact height.
 */
function fillTable(table: HTMLTableElement, rows: HTMLTableRowElement[]): void {
  table.tBodies[0]!.replaceChildren(...rows);
  table.parentElement!.classList.toggle('long', rows.length > 50);
}

/**
 * report.html in a sandboxed frame (no script runs in it). A large plan's report takes a moment to
 * lay out, so it is loaded after the results have appeared: when it comes near the screen, or when
 * the page is next idle (so it is there for keyboard users too).
 */
let cancelReport = () => {};
function showReport(html: string): void {
  cancelReport();
  const frame = $<HTMLIFrameElement>('report');
  frame.removeAttribute('srcdoc');
  const load = () => {
    cancelReport();
    frame.srcdoc = html;
  };
  const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && load(), {
    rootMargin: '400px',
  });
  observer.observe(frame);
  const idle = requestIdleCallback(load, { timeout: 2000 });
  cancelReport = () => {
    observer.disconnect();
    cancelIdleCallback(idle);
  };
}

function showTiles(done: PlanDone): void {
  const s = done.summary;
  const tile = (kind: string, n: number, label: string) =>
    el('div', { class: `tile ${kind}`, 'data-kind': kind }, el('b', {}, count(n)), label);
  $('tiles').replaceChildren(
    tile('ready', s.ready, 'ready to send'),
    tile('deferred', s.deferred, 'waiting for a free account'),
    tile('rejected', s.rejected, 'to fix'),
    tile('errors', s.errors, s.errors === 1 ? 'error' : 'errors'),
    tile('warnings', s.warnings, s.warnings === 1 ? 'warning' : 'warnings'),
  );
}

const FILE_PURPOSE: Record<string, string> = {
  'nas-bulk-upload.csv': 'the ready rows, to send to NAS',
  'review.csv': 'every row with its status and what to fix',
  'errors.csv': 'one row per finding',
  'sites.csv': 'one row per site',
  'report.json': 'everything, for scripts',
  'report.html': 'the report to read or print',
};

function showDownloads(done: PlanDone): void {
  for (const url of downloadUrls) URL.revokeObjectURL(url);
  downloadUrls = [];
  const items = done.files.map(({ path, bytes }) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const type = name.endsWith('.csv')
      ? 'text/csv'
      : name.endsWith('.json')
        ? 'application/json'
        : 'text/html';
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    downloadUrls.push(url);
    const purpose = FILE_PURPOSE[name] ?? 'part of the upload file, split into batches';
    return el(
      'li',
      {},
      el('a', { class: 'button', href: url, download: name, 'data-path': path }, name),
      ` ${purpose} (${formatSize(bytes.byteLength)})`,
    );
  });
  $('downloads').replaceChildren(...items);
}

const formatSize = (bytes: number) =>
  bytes < 1024 ? `${bytes} bytes` : `${count(Math.ceil(bytes / 1024))} KB`;

function showSites(done: PlanDone): void {
  const table = $<HTMLTableElement>('sites-table');
  const header = done.sitesHeader;
  table.tHead!.replaceChildren(
    el(
      'tr',
      {},
      ...header.map((h) => el('th', { scope: 'col', ...numClass(done.sites[0]?.[h]) }, ...breakable(h))),
    ),
  );
  fillTable(
    table,
    done.sites.map((site) =>
      el('tr', { 'data-site': site.site_ods_code }, ...header.map((h) => siteCell(site, h))),
    ),
  );
  const hidden = done.sitesHidden;
  $('sites-more').textContent = hidden > 0 ? `…and ${plural(hidden, 'more site')}: see sites.csv.` : '';
}

/** Text as it is, with a line-break opportunity after each `_` and `@` (column names, mailboxes). */
const breakable = (text: string): (string | Node)[] =>
  text.split(/(?<=[_@])/).flatMap((part, i) => (i === 0 ? [part] : [el('wbr'), part]));

const numClass = (value: unknown): Record<string, string> =>
  typeof value === 'number' ? { class: 'num' } : {};

function siteCell(site: SiteSummary, key: keyof SiteSummary): HTMLElement {
  const value = site[key];
  if (key === 'site_ods_code') return el('th', { scope: 'row' }, String(value));
  if (key === 'status') return el('td', {}, el('span', { class: `badge ${String(value)}` }, String(value)));
  if (key === 'shared_mailbox') return el('td', {}, ...breakable(String(value)));
  return el('td', numClass(value), String(value));
}

function showFilters(done: PlanDone): void {
  const options = [el('option', { value: '*' }, 'All sites')];
  if (done.issues.some((i) => i.site === '')) {
    options.push(el('option', { value: '' }, 'Not about one site (files, ODS)'));
  }
  for (const { code, name } of done.sitesWithFindings) {
    options.push(el('option', { value: code }, name ? `${code} ${name}` : code));
  }
  filterSite.replaceChildren(...options);
  filterSeverity.value = '';
  const apply = () => showFindings(done);
  filterSite.onchange = apply;
  filterSeverity.onchange = apply;
}

function showFindings(done: PlanDone): void {
  const site = filterSite.value;
  const severity = filterSeverity.value;
  const matching = done.issues.filter(
    (i) => (site === '*' || i.site === site) && (severity === '' || i.severity === severity),
  );
  const shown = matching.slice(0, MAX_FINDINGS);
  fillTable($<HTMLTableElement>('issues-table'), shown.map(issueRow));
  const all = done.issues.length;
  $('findings-count').textContent =
    matching.length === all
      ? `${plural(all, 'finding')}.`
      : `${count(matching.length)} of ${plural(all, 'finding')} match.`;
  const hidden = matching.length - shown.length;
  $('findings-more').textContent =
    hidden > 0
      ? `…and ${plural(hidden, 'more finding')} not listed here: every finding is in errors.csv.`
      : '';
}

function issueRow(issue: IssueView): HTMLTableRowElement {
  const where = [issue.file, issue.line === null ? '' : `line ${issue.line}`, issue.column].filter(Boolean);
  return el(
    'tr',
    { 'data-code': issue.code, 'data-severity': issue.severity, 'data-site': issue.site },
    el('td', {}, el('span', { class: `badge ${issue.severity}` }, issue.severity)),
    el('td', {}, el('code', {}, issue.code)),
    el('td', {}, where.join(', ')),
    el('td', { class: 'value' }, issue.value),
    el('td', {}, issue.message),
    el('td', {}, issue.hint),
  );
}

// ---------------------------------------------------------------- start

fields.asOf.value = localToday();
$('footer').textContent =
  `${__TOOL__.name} ${__TOOL__.version}. This page makes no network request: it works the same with no internet connection.`;
