/**
 * `--ods-online` end to end: the CLI against a stub ORD server on 127.0.0.1 (NHSMAIL_BULK_ORD_URL),
 * with recorded-shape answers from fixtures/ord. Checks what the plan makes of each answer, that the
 * cache spares a second run every request, and that a service that is down never stops the run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/app.js';
import { localToday } from '../../src/cli/options.js';
import { capture } from '../helpers.js';

const PREFIX = '/ORD/2-0-0/organisations/';
const dir = mkdtempSync(join(tmpdir(), 'nhsmail-bulk-online-'));
const requests: string[] = [];
let server: Server;
let base: string;

/** Sites: one open under the HQ we name, one "Active" with an end date, one Welsh, one unknown, one failing. */
const STAFF = [
  'site_ods_code,hq_ods_code,first_name,last_name,job_title,personal_email,mobile,access',
  "VX1A3,AX7B,Siân,O'Brien,Registered Manager,sian.obrien@outlook.com,07834 216590,owner",
  'VX1A3,AX7B,Tomasz,Nowak,Care Assistant,tomasz.nowak@gmail.com,07451 883207,member',
  'VX4K8,AX7B,Renée,Lefèvre,Registered Manager,renee.lefevre@gmail.com,07723 458190,owner',
  'VW2E5,AX7B,Rhys,Evans,Registered Manager,rhys.evans@btinternet.com,07593 117264,owner',
  'VQ9Z9,AX7B,Priya,Patel,Registered Manager,priya.patel@yahoo.co.uk,07912 340001,owner',
  'VR7T2,AX7B,Kwame,Mensah,Registered Manager,kwame.mensah@hotmail.co.uk,07912 340002,owner',
].join('\n');

interface Report {
  issues: { code: string; params: Record<string, string | number>; message: string }[];
  references: { kind: string; source: string; date: string; note: string }[];
}

async function validate(cache: string, url: string): Promise<{ code: number; report: Report; err: string }> {
  process.env.NHSMAIL_BULK_ORD_URL = url;
  const c = capture();
  const code = await run(
    ['validate', join(dir, 'staff.csv'), '--ods-online', '--ods-cache', cache, '--json'],
    c.io,
  );
  delete process.env.NHSMAIL_BULK_ORD_URL;
  return { code, report: JSON.parse(c.out()) as Report, err: c.err() };
}

const codes = (r: Report, code: string) =>
  r.issues.filter((i) => i.code === code).map((i) => i.params.code ?? i.params.value ?? '');

beforeAll(async () => {
  writeFileSync(join(dir, 'staff.csv'), STAFF);
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const code = url.startsWith(PREFIX) ? url.slice(PREFIX.length) : '';
    if (code === 'VR7T2') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"errorCode":500}');
      return;
    }
    const path = join('fixtures/ord', `${code}.json`);
    if (code !== '' && existsSync(path)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(path));
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(readFileSync('fixtures/ord/not-found.json'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

describe('plan --ods-online against a stub ORD service', () => {
  const cache = join(dir, 'cache');
  let first: Awaited<ReturnType<typeof validate>>;

  it('checks every site against the answers, sends nothing but codes, and names the service', async () => {
    first = await validate(cache, base);
    expect(first.code).toBe(1);
    const r = first.report;
    // Only code paths, each once; the HQ AX7B named on the rows is asked about too.
    expect(requests.every((u) => /^\/ORD\/2-0-0\/organisations\/[A-Z0-9]+$/.test(u))).toBe(true);
    expect([...new Set(requests)].sort()).toEqual(
      ['AX7B', 'CW3F', 'VQ9Z9', 'VR7T2', 'VW2E5', 'VX1A3', 'VX4K8'].map((c) => PREFIX + c),
    );
    expect(codes(r, 'site-not-in-ods')).toEqual(['VQ9Z9']);
    expect(r.issues.find((i) => i.code === 'site-not-in-ods')?.message).toContain('ODS ORD API');
    expect(codes(r, 'site-closed')).toEqual(['VX4K8']);
    expect(r.issues.filter((i) => i.code === 'site-not-england')).toHaveLength(1);
    expect(r.issues.filter((i) => i.code === 'site-hq-mismatch').map((i) => i.message)).toEqual([
      expect.stringContaining('VW2E5'),
    ]);
    expect(r.issues.some((i) => i.code === 'ods-reference-missing')).toBe(false);
    const unavailable = r.issues.filter((i) => i.code === 'ods-online-unavailable');
    expect(unavailable.map((i) => i.params.codes)).toEqual(['VR7T2']);
    expect(unavailable[0]!.message).toContain('500');
    const lookup = r.issues.find((i) => i.code === 'ods-online-lookup')!;
    expect(lookup.params).toMatchObject({ found: 4, notFound: 2, failed: 1 });
    expect(r.references).toEqual([
      expect.objectContaining({ kind: 'ods-online', date: localToday(), source: `ODS ORD API (${base})` }),
    ]);
  }, 30_000);

  it('answers a second run from the cache, with the first fetch date', async () => {
    const before = requests.length;
    const second = await validate(cache, base);
    // Only the code that failed is asked again; every answer is cached.
    expect(requests.slice(before).map((u) => u.slice(PREFIX.length))).toEqual(Array(4).fill('VR7T2'));
    const lookup = second.report.issues.find((i) => i.code === 'ods-online-lookup')!;
    expect(lookup.message).toContain('(6 from the cache)');
    expect(second.report.issues.map((i) => i.code)).toEqual(first.report.issues.map((i) => i.code));
  }, 30_000);

  it('goes on when the service is down, and says which checks were not made', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const down = await validate(join(dir, 'empty-cache'), `http://127.0.0.1:${port}${PREFIX}`);
    // The plan runs (no code 2); with nothing else wrong in the rows, it even exits clean.
    expect(down.code).toBe(0);
    expect(codes(down.report, 'site-not-in-ods')).toEqual([]);
    const unavailable = down.report.issues.find((i) => i.code === 'ods-online-unavailable')!;
    expect(unavailable.params.count).toBe(6);
    expect(unavailable.message).toContain('could not connect');
  }, 60_000);
});
