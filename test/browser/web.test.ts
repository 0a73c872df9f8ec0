/**
 * The browser page (dist/web/index.html) in Debian's Chromium, driven by playwright-core: the
 * bundled example through the file pickers, from disk and from `nhsmail-bulk serve`; every output
 * file byte-identical to the CLI's; no network request; a 20,000-row file planned off the main
 * thread; keyboard and labels. Screenshots go to docs/ with UPDATE_SCREENSHOTS=1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/app.js';
import { PAGE_PATH, startServer } from '../../src/cli/serve.js';
import { SITES_HEADER } from '../../src/report/tables.js';
import { xlsx } from '../xlsx.js';
import { launchChromium } from './chromium.js';

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : join(tmpdir(), 'nhsmail-bulk-screenshots');
const EXAMPLE = 'fixtures/example/';
const AS_OF = '2026-11-01';
const PAGE_URL = pathToFileURL(PAGE_PATH).href;
const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };

let browser: Browser;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nhsmail-bulk-web-'));
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Every request the page or its worker made, by URL. */
  requests: string[];
}

async function open(url = PAGE_URL, width = 1280): Promise<Opened> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'en-GB',
    acceptDownloads: true,
  });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  expect(errors).toEqual([]);
  return { context, page, requests };
}

/** Nothing but the page itself, and the blob: URL its worker starts from. */
function expectNoNetwork(requests: string[], url: string): void {
  expect(requests[0]).toBe(url);
  for (const r of requests.slice(1)) expect(r).toMatch(/^(blob|data):/);
}

interface Inputs {
  staff: string;
  sites?: string;
  ods?: string[];
  batchSize?: number;
  asOf?: string;
}

const EXAMPLE_INPUTS: Inputs = {
  staff: `${EXAMPLE}staff.csv`,
  sites: `${EXAMPLE}sites.csv`,
  ods: [`${EXAMPLE}ods/ecarehomesite.csv`, `${EXAMPLE}ods/ecarehomehq.csv`],
};

/** Chooses the files through the pickers, sets the options, and presses Check. */
async function check(page: Page, inputs: Inputs): Promise<void> {
  await page.getByLabel('Staff file').setInputFiles(inputs.staff);
  await page.getByLabel('Sites file').setInputFiles(inputs.sites ? [inputs.sites] : []);
  await page.getByLabel('ODS reference files').setInputFiles(inputs.ods ?? []);
  await page.getByLabel('Batch size').fill(inputs.batchSize === undefined ? '' : String(inputs.batchSize));
  await page.getByLabel('Check close dates as of').fill(inputs.asOf ?? AS_OF);
  await page.getByRole('button', { name: 'Check' }).click();
}

async function checkAndWait(page: Page, inputs: Inputs): Promise<void> {
  await check(page, inputs);
  await expect.poll(() => page.locator('#status').textContent(), { timeout: 30_000 }).toMatch(/^Done: /);
}

/** The CLI's own output for the same inputs, by path relative to --out (batches/… included). */
async function cliFiles(inputs: Inputs): Promise<Map<string, Buffer>> {
  const out = mkdtempSync(join(work, 'cli-'));
  const args = ['plan', inputs.staff, '--out', out, '--as-of', inputs.asOf ?? AS_OF, '--force'];
  if (inputs.sites) args.push('--sites', inputs.sites);
  for (const ods of inputs.ods ?? []) args.push('--ods', ods);
  if (inputs.batchSize !== undefined) args.push('--batch-size', String(inputs.batchSize));
  const code = await run(args, quiet);
  expect(code).toBeLessThan(2);
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(out, path), readFileSync(path));
    }
  };
  walk(out);
  return files;
}

/** Clicks every download button and keeps what the browser saved, by the CLI's path. */
async function downloadAll(page: Page): Promise<Map<string, Buffer>> {
  const links = page.locator('#downloads a');
  const files = new Map<string, Buffer>();
  for (let i = 0; i < (await links.count()); i++) {
    const link = links.nth(i);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = (await link.getAttribute('data-path'))!;
    expect(download.suggestedFilename()).toBe(path.split('/').pop());
    files.set(path, readFileSync((await download.path())!));
  }
  return files;
}

async function expectSameFilesAsCli(page: Page, inputs: Inputs): Promise<string[]> {
  const [fromPage, fromCli] = [await downloadAll(page), await cliFiles(inputs)];
  expect([...fromPage.keys()].sort()).toEqual([...fromCli.keys()].sort());
  for (const [path, bytes] of fromCli) {
    expect(fromPage.get(path)!.equals(bytes), `${path} differs from the CLI's`).toBe(true);
  }
  return [...fromPage.keys()];
}

const rows = (page: Page) => page.locator('#issues-table tbody tr');
const attrs = (page: Page, name: string) =>
  rows(page).evaluateAll((trs, n) => trs.map((tr) => tr.getAttribute(n)), name);

describe('the browser page, opened from disk', () => {
  it('plans the bundled example from the file pickers and shows what the CLI shows', async () => {
    const { context, page, requests } = await open();
    expect(await page.title()).toBe('NHSmail bulk request check');
    expect(await page.locator('#privacy').textContent()).toContain('Your files never leave this computer');
    expect(await page.getByRole('button', { name: 'Stop' }).isHidden()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'web-start.png'), fullPage: true });

    await checkAndWait(page, EXAMPLE_INPUTS);
    expect(await page.locator('#tiles .tile b').allTextContents()).toEqual(['33', '4', '32', '20', '6']);
    expect(await page.locator('#status').textContent()).toBe(
      'Done: 33 ready to send, 4 waiting for a free account, 32 to fix.',
    );
    await page.screenshot({ path: join(SHOTS, 'web-results.png') });

    // The sites table: sites.csv's columns and statuses.
    const headers = await page.locator('#sites-table thead th').allTextContents();
    expect(headers).toEqual([...SITES_HEADER]);
    expect(await page.locator('#sites-table tbody tr').count()).toBe(13);
    const full = page.locator('#sites-table tbody tr[data-site="VM4P2"]');
    expect(await full.locator('td').allTextContents()).toEqual([
      'Meadowbank Lodge',
      'AL3Q',
      'AL3Q',
      'care.vm4p2@nhs.net',
      '10',
      '3',
      '11',
      '7',
      '4',
      '0',
      '4',
      '2',
      'over-quota',
      '0',
    ]);

    // Findings, with the planner's own codes and messages.
    expect(await rows(page).count()).toBe(36);
    expect(await page.locator('#findings-count').textContent()).toBe('36 findings.');
    const dupMobile = page.locator('#issues-table tr[data-code="staff-duplicate-mobile"]');
    expect(await dupMobile.count()).toBe(1);
    expect(await dupMobile.locator('td').nth(2).textContent()).toBe('staff.csv, line 47, mobile');
    const cli = JSON.parse((await cliFiles(EXAMPLE_INPUTS)).get('report.json')!.toString('utf8')) as {
      issues: { code: string; line: number; message: string; hint: string }[];
    };
    const expected = cli.issues.find((i) => i.code === 'staff-duplicate-mobile')!;
    expect(await dupMobile.locator('td').nth(4).textContent()).toBe(expected.message);
    expect(await dupMobile.locator('td').nth(5).textContent()).toBe(expected.hint);
    const mismatch = page.locator('#issues-table tr[data-code="site-hq-mismatch"]');
    expect(await mismatch.getAttribute('data-site')).toBe('VQ8R1');
    expect(await mismatch.locator('td').nth(4).textContent()).toBe(
      cli.issues.find((i) => i.code === 'site-hq-mismatch')!.message,
    );
    expect(await page.locator('#issues-table tr[data-code="staff-over-quota"]').count()).toBe(4);
    // Every finding, in the CLI's order, with the CLI's message.
    expect(await rows(page).locator('td:nth-child(5)').allTextContents()).toEqual(
      cli.issues.map((i) => i.message),
    );

    // The report's charts, as report.html draws them, once scrolled to.
    await page.locator('#report').scrollIntoViewIfNeeded();
    const frame = page.frameLocator('#report');
    await expect.poll(() => frame.locator('.tile b').allTextContents()).toEqual(['33', '4', '32']);
    expect(await frame.locator('.bar').first().getAttribute('role')).toBe('img');

    expectNoNetwork(requests, PAGE_URL);
    await context.close();
  });

  it('filters the findings by site and by severity', async () => {
    const { context, page } = await open();
    await checkAndWait(page, EXAMPLE_INPUTS);
    const all = await rows(page).count();

    await page.getByLabel('Site', { exact: true }).selectOption('VM4P2');
    expect(new Set(await attrs(page, 'data-site'))).toEqual(new Set(['VM4P2']));
    expect(await attrs(page, 'data-code')).toEqual([
      'site-over-quota',
      'staff-over-quota',
      'staff-over-quota',
      'staff-over-quota',
      'staff-over-quota',
    ]);
    expect(await page.locator('#findings-count').textContent()).toBe('5 of 36 findings match.');

    await page.getByLabel('Severity', { exact: true }).selectOption('warning');
    expect(await rows(page).count()).toBe(0);
    await page.getByLabel('Site', { exact: true }).selectOption('*');
    const warnings = await attrs(page, 'data-severity');
    expect(warnings.length).toBe(6);
    expect(new Set(warnings)).toEqual(new Set(['warning']));

    await page.getByLabel('Severity', { exact: true }).selectOption('error');
    await page.getByLabel('Site', { exact: true }).selectOption('VQ8R1');
    expect(await attrs(page, 'data-code')).toEqual(['site-hq-mismatch']);

    await page.getByLabel('Severity', { exact: true }).selectOption('');
    await page.getByLabel('Site', { exact: true }).selectOption('');
    expect(new Set(await attrs(page, 'data-site'))).toEqual(new Set(['']));
    expect(new Set(await attrs(page, 'data-code'))).toEqual(new Set(['header-column-mapped']));

    await page.getByLabel('Site', { exact: true }).selectOption('*');
    expect(await rows(page).count()).toBe(all);
    await context.close();
  });

  it('downloads every output file byte-identical to the CLI’s', async () => {
    const { context, page, requests } = await open();
    await checkAndWait(page, EXAMPLE_INPUTS);
    const paths = await expectSameFilesAsCli(page, EXAMPLE_INPUTS);
    expect(paths).toEqual([
      'nas-bulk-upload.csv',
      'review.csv',
      'errors.csv',
      'sites.csv',
      'report.json',
      'report.html',
    ]);
    expectNoNetwork(requests, PAGE_URL);
    await context.close();
  });

  it('downloads the batch files too, byte-identical, with a batch size', async () => {
    const { context, page, requests } = await open();
    const inputs = { ...EXAMPLE_INPUTS, batchSize: 12 };
    await checkAndWait(page, inputs);
    const paths = await expectSameFilesAsCli(page, inputs);
    expect(paths.filter((p) => p.startsWith('batches/')).length).toBeGreaterThan(1);
    expectNoNetwork(requests, PAGE_URL);
    await context.close();
  });

  it('reads an Excel staff workbook the same as the CLI', async () => {
    const table = parse(readFileSync(`${EXAMPLE}staff.csv`), { bom: true }) as string[][];
    const path = join(work, 'staff.xlsx');
    writeFileSync(
      path,
      xlsx([
        { name: 'Staff', rows: table },
        { name: 'Notes', rows: [['kept apart']] },
      ]),
    );
    const { context, page, requests } = await open();
    const inputs = { ...EXAMPLE_INPUTS, staff: path };
    await checkAndWait(page, inputs);
    expect(await page.locator('#tiles .tile b').first().textContent()).toBe('33');
    expect(await page.locator('#issues-table tr[data-code="file-sheet-chosen"]').count()).toBe(1);
    await expectSameFilesAsCli(page, inputs);
    expectNoNetwork(requests, PAGE_URL);
    await context.close();
  });

  it('shows a file that cannot be read as the CLI’s sentence, in an alert', async () => {
    const path = join(work, 'old.xls');
    writeFileSync(path, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } };
    expect(await run(['validate', path], io)).toBe(2);
    const { context, page } = await open();
    await check(page, { staff: path });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).not.toBe('');
    expect(`nhsmail-bulk: ${await alert.textContent()}\n`).toBe(stderr);
    expect(await page.locator('#results').isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Check' }).isEnabled()).toBe(true);
    await context.close();
  });

  it('takes files dropped on their boxes, as if chosen with the picker', async () => {
    const { context, page, requests } = await open();
    const drop = (box: string, files: { name: string; text: string }[]) =>
      page.locator(`.drop[data-input="${box}"]`).evaluate((zone, list) => {
        const data = new DataTransfer();
        for (const f of list) data.items.add(new File([f.text], f.name, { type: 'text/csv' }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, files);
    const file = (path: string) => ({ name: path.split('/').pop()!, text: readFileSync(path, 'utf8') });
    await drop('staff', [file(EXAMPLE_INPUTS.staff)]);
    expect(await page.locator('#status').textContent()).toBe('Chosen: staff.csv.');
    await drop('sites', [file(EXAMPLE_INPUTS.sites!), file(EXAMPLE_INPUTS.staff)]);
    expect(await page.locator('#status').textContent()).toBe('Drop one file on "Sites file (optional)".');
    await drop('sites', [file(EXAMPLE_INPUTS.sites!)]);
    await drop('ods', EXAMPLE_INPUTS.ods!.map(file));
    expect(await page.locator('#status').textContent()).toBe('Chosen: ecarehomesite.csv, ecarehomehq.csv.');
    await page.getByLabel('Check close dates as of').fill(AS_OF);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Done: /);
    expect(await page.locator('#tiles .tile b').allTextContents()).toEqual(['33', '4', '32', '20', '6']);
    expectNoNetwork(requests, PAGE_URL);
    await context.close();
  });

  it('reads on a phone: nothing wider than the screen but the scrollable tables', async () => {
    const { context, page } = await open(PAGE_URL, 375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await checkAndWait(page, EXAMPLE_INPUTS);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.locator('#h-results').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'web-phone.png') });
    await context.close();
  });
});

describe('the browser page, by keyboard and screen reader', () => {
  it('labels every control and keeps one h1 and ordered headings', async () => {
    const { context, page } = await open();
    for (const label of [
      'Staff file',
      'Sites file',
      'ODS reference files',
      'Named accounts per site',
      'Batch size',
      'Check close dates as of',
      'Sheet name',
      'Site',
      'Severity',
    ]) {
      expect(await page.getByLabel(label, { exact: false }).count(), label).toBeGreaterThanOrEqual(1);
    }
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, button'))
        .filter((e) => (e as HTMLInputElement).labels?.length === 0 && !e.textContent?.trim())
        .map((e) => e.id),
    );
    expect(unlabelled).toEqual([]);
    await checkAndWait(page, EXAMPLE_INPUTS);
    const levels = await page.evaluate(() =>
      Array.from(document.querySelectorAll('h1, h2, h3, h4'))
        .filter((h) => !h.closest('[hidden]'))
        .map((h) => Number(h.tagName[1])),
    );
    expect(levels.filter((l) => l === 1).length).toBe(1);
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    const headerScopes = await page
      .locator('table th')
      .evaluateAll((ths) => ths.map((th) => th.getAttribute('scope')));
    expect(headerScopes.every((s) => s === 'col' || s === 'row')).toBe(true);
    await context.close();
  });

  it('reaches the pickers, the options, Check and the downloads with Tab, in that order', async () => {
    const { context, page } = await open();
    const order: string[] = [];
    for (let i = 0; i < 16 && order.at(-1) !== 'check'; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id ?? '');
      // A date field takes one Tab per part (day, month, year): count it once.
      if (id !== order.at(-1)) order.push(id);
    }
    expect(order).toEqual(['staff', 'sites', 'ods', 'allowance', 'batch-size', 'as-of', 'sheet', 'check']);
    // Choosing a file needs the system's file dialog, which a test cannot drive; then back to Check.
    await page.getByLabel('Staff file').setInputFiles(EXAMPLE_INPUTS.staff);
    await page.getByRole('button', { name: 'Check' }).press('Enter');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 30_000 }).toMatch(/^Done: /);
    // Results take the focus, so the next Tab is the first download.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('nas-bulk-upload.csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('nas-bulk-upload.csv');
    await context.close();
  });
});

describe('the browser page with 20,000 staff rows', () => {
  let inputs: Inputs;
  beforeAll(() => {
    // Realistic made-up staff (bench/generate.ts): mobiles outside the 07700 900xxx drama range
    // except its injected faults, about 2% faults of every kind, some sites over their allowance.
    const data = join(work, 'large');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/generate.ts', '--rows', '20000', '--seed', '6', '--out', data],
      { stdio: 'ignore' },
    );
    inputs = {
      staff: join(data, 'staff.csv'),
      sites: join(data, 'sites.csv'),
      ods: [join(data, 'ods', 'ecarehomesite.csv'), join(data, 'ods', 'ecarehomehq.csv')],
    };
  }, 60_000);

  it('stops when asked, and keeps nothing', async () => {
    const { context, page } = await open();
    await check(page, inputs);
    await page.getByRole('button', { name: 'Stop' }).click();
    expect(await page.locator('#status').textContent()).toBe('Stopped. Nothing was kept.');
    expect(await page.getByRole('button', { name: 'Check' }).isEnabled()).toBe(true);
    await page.waitForTimeout(2500);
    expect(await page.locator('#results').isHidden()).toBe(true);
    expect(await page.locator('#status').textContent()).toBe('Stopped. Nothing was kept.');
    await context.close();
  });

  it('plans off the main thread: progress shows, the page keeps responding, and it finishes', async () => {
    const { context, page, requests } = await open();
    // A timer on the main thread, every status message, and when the results appear.
    await page.evaluate(() => {
      const w = window as unknown as { ticks: number[]; statuses: string[]; shownAt: number };
      w.ticks = [];
      w.statuses = [];
      setInterval(() => w.ticks.push(performance.now()), 20);
      const status = document.getElementById('status')!;
      new MutationObserver(() => w.statuses.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
      const results = document.getElementById('results')!;
      new MutationObserver(() => {
        w.shownAt ??= performance.now();
      }).observe(results, { attributeFilter: ['hidden'] });
    });
    await check(page, inputs);
    // While it runs, the Stop button can take the focus: the page answers.
    const stop = page.getByRole('button', { name: 'Stop' });
    await stop.focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('stop');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(/^Done: /);
    await page.waitForTimeout(200);
    const { ticks, statuses, shownAt, elapsed } = await page.evaluate(() => {
      const w = window as unknown as { ticks: number[]; statuses: string[]; shownAt: number };
      const elapsed = Number(document.getElementById('results')!.dataset.elapsed);
      return { ticks: w.ticks, statuses: w.statuses, shownAt: w.shownAt, elapsed };
    });
    expect(statuses).toContain('Reading your files…');
    expect(statuses).toContain('Checking every row… 10,000 rows so far.');
    expect(statuses).toContain('Making the output files…');
    // The timer kept ticking all through the plan (the worker's seconds): the main thread never
    // froze. Laying out the results then takes one short pause.
    const gaps = ticks.slice(1).map((t, i) => ({ at: t, gap: t - ticks[i]! }));
    const longest = (list: { gap: number }[]) => Math.round(Math.max(0, ...list.map((g) => g.gap)));
    const whilePlanning = longest(gaps.filter((g) => g.at < shownAt));
    const showing = longest(gaps.filter((g) => g.at >= shownAt));
    expect(elapsed).toBeGreaterThan(500);
    expect(whilePlanning).toBeLessThan(400);
    expect(showing).toBeLessThan(1000);
    console.log(
      `20,000 rows: planned in the page in ${elapsed} ms; longest main-thread pause ${whilePlanning} ms while planning, ${showing} ms showing the results`,
    );

    const cli = JSON.parse((await cliFiles(inputs)).get('report.json')!.toString('utf8')) as {
      summary: { ready: number; deferred: number; rejected: number; errors: number; warnings: number };
      issues: unknown[];
    };
    const s = cli.summary;
    expect(await page.locator('#tiles .tile b').allTextContents()).toEqual(
      [s.ready, s.deferred, s.rejected, s.errors, s.warnings].map((n) => n.toLocaleString('en-GB')),
    );
    expect(cli.issues.length).toBeGreaterThan(200);
    expect(await rows(page).count()).toBe(200);
    expect(await page.locator('#findings-more').textContent()).toBe(
      `…and ${(cli.issues.length - 200).toLocaleString('en-GB')} more findings not listed here: every finding is in errors.csv.`,
    );
    expect(await page.locator('#sites-table tbody tr').count()).toBe(200);
    expectNoNetwork(requests, PAGE_URL);
    await context.close();
  }, 120_000);
});

describe('the browser page, served by nhsmail-bulk serve', () => {
  it('runs the example from http://127.0.0.1 with nothing else requested', async () => {
    const server = await startServer({ port: 0 });
    try {
      const { context, page, requests } = await open(server.url);
      const response = await page.reload();
      expect((await response!.serverAddr())?.ipAddress).toBe('127.0.0.1');
      expect(response!.headers()['content-security-policy']).toContain("connect-src 'none'");
      await checkAndWait(page, EXAMPLE_INPUTS);
      expect(await page.locator('#tiles .tile b').allTextContents()).toEqual(['33', '4', '32', '20', '6']);
      expect(
        (await downloadAll(page))
          .get('report.json')!
          .equals((await cliFiles(EXAMPLE_INPUTS)).get('report.json')!),
      ).toBe(true);
      expect(new Set(requests.filter((r) => !r.startsWith('blob:')))).toEqual(new Set([server.url]));
      await context.close();
    } finally {
      await server.close();
    }
  });
});
