/**
 * report.html in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * Checks the bundled example's page through the DOM, that it makes no network request at all, that
 * it reads on a phone and prints on A4, and saves screenshots (to docs/ with UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/app.js';
import { launchChromium } from './chromium.js';

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : join(tmpdir(), 'nhsmail-bulk-screenshots');
const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };

let browser: Browser;
let out: string;
let url: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'nhsmail-bulk-html-'));
  await run(['plan', '--example', '--out', out], quiet);
  url = pathToFileURL(join(out, 'report.html')).href;
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

async function open(width: number): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, requests };
}

describe('report.html of the bundled example', () => {
  it('shows the plan through the DOM and requests nothing but itself', async () => {
    const { page, requests } = await open(1280);
    expect(await page.title()).toBe('NHSmail bulk request check');
    const tiles = await page.locator('.tile b').allTextContents();
    expect(tiles).toEqual(['33', '4', '32']);
    const siteRows = page.locator('section[aria-labelledby="h-sites"] tbody tr');
    expect(await siteRows.count()).toBe(13);
    const full = siteRows.filter({ hasText: 'VM4P2' });
    expect(await full.locator('.badge').textContent()).toBe('over-quota');
    expect(await full.locator('.bar').getAttribute('aria-label')).toBe(
      '3 existing, 7 new, 4 over, of 10 allowed',
    );
    expect(await page.locator('.tree').textContent()).toContain('VQ8R1 The Willows — you list it under AL3Q');
    const dupMobile = page.locator('#code-staff-duplicate-mobile');
    expect(await dupMobile.locator('tbody tr').count()).toBe(1);
    expect(await dupMobile.locator('tbody td.num').textContent()).toBe('47');
    const fix = page.locator('section[aria-labelledby="h-fix"] tbody tr', {
      hasText: 'kowalskifamily@btinternet.com',
    });
    expect(await fix.locator('td.num').textContent()).toBe('45');
    expect(requests).toEqual([url]);
    await page.screenshot({ path: join(SHOTS, 'report-desktop.png') });
    await page.close();
  });

  it('reads on a phone: nothing wider than the screen but the scrollable tables', async () => {
    const { page, requests } = await open(390);
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(390);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: join(SHOTS, 'report-phone.png') });
    await page.close();
  });

  it('prints on A4, with every finding shown', async () => {
    const { page } = await open(1280);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(1);
    await page.close();
  });
});
