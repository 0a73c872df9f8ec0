/**
 * The ORD API client against a stub server on 127.0.0.1 that serves fixtures/ord by path and can be
 * told, per code, to fail in the ways a real service does: 404, 500, slow, 429, junk, a dropped line.
 * Timeouts are short and `sleep` is instant (and recorded), so the file runs in a few seconds.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultCacheDir,
  lookUpOrganisations,
  ORD_BASE_URL,
  type OrdClientOptions,
} from '../../src/io/ods-online.js';

const PREFIX = '/ORD/2-0-0/organisations/';
const FIXTURES = 'fixtures/ord';
const TODAY = '2026-11-01';

/** What the stub does with the n-th request (from 0) for a code. */
type Action =
  | { status: number; body?: string; delayMs?: number; headers?: Record<string, string> }
  | 'fixture'
  | 'close';
type Script = (n: number) => Action;

const ROOT = mkdtempSync(join(tmpdir(), 'nhsmail-ord-test-'));
let counter = 0;
const freshDir = () => join(ROOT, `cache-${++counter}`);

const scripts = new Map<string, Script>();
const requests: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
const perCode = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;
let server: Server;
let base: string;
let closedBase: string;

const fixtureBody = (code: string): string | undefined => {
  const path = join(FIXTURES, `${code}.json`);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
};
const NOT_FOUND = readFileSync(join(FIXTURES, 'not-found.json'), 'utf8');

function handle(req: IncomingMessage, res: ServerResponse): void {
  requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  const code = (req.url ?? '').startsWith(PREFIX) ? (req.url ?? '').slice(PREFIX.length) : '';
  const n = perCode.get(code) ?? 0;
  perCode.set(code, n + 1);
  const action = (scripts.get(code) ?? (() => 'fixture'))(n);
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  let done = false;
  const finish = () => {
    if (!done) inFlight--;
    done = true;
  };
  res.on('close', finish);
  if (action === 'close') {
    req.socket.destroy();
    return;
  }
  const {
    status,
    body,
    delayMs = 0,
    headers = {},
  } = action === 'fixture'
    ? fixtureBody(code) !== undefined
      ? { status: 200, body: fixtureBody(code) }
      : { status: 404, body: NOT_FOUND }
    : action;
  const timer = setTimeout(() => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body ?? '');
  }, delayMs);
  res.on('close', () => clearTimeout(timer));
}

const fixtureAction: Action = 'fixture';
const always =
  (action: Action): Script =>
  () =>
    action;
const firstThen =
  (first: Action, then: Action = fixtureAction): Script =>
  (n) =>
    n === 0 ? first : then;

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
  // A port that was just free: nothing listens there, so connecting is refused.
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  closedBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}${PREFIX}`;
  await new Promise<void>((done) => closed.close(() => done()));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(ROOT, { recursive: true, force: true });
});

beforeEach(() => {
  scripts.clear();
  requests.length = 0;
  perCode.clear();
  inFlight = 0;
  maxInFlight = 0;
});

/** Options for a quick run: short timeout, instant sleep recording its waits, a fresh cache folder. */
function quick(over: Partial<OrdClientOptions> = {}) {
  const waits: number[] = [];
  const options: OrdClientOptions = {
    cacheDir: freshDir(),
    today: TODAY,
    baseUrl: base,
    timeoutMs: 1_000,
    retries: 3,
    backoffMs: 100,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...over,
  };
  return { options, waits };
}

const paths = () => requests.map((r) => r.url).sort();
const mode = (path: string) => statSync(path).mode & 0o777;

describe('lookUpOrganisations: answers', () => {
  it('finds a site and its active HQ, looked up automatically from RE6, in that order', async () => {
    const { options } = quick();
    const got = await lookUpOrganisations(['VX1A3'], options);
    expect(got.found.map((o) => [o.code, o.kind, o.parent, o.file])).toEqual([
      ['VX1A3', 'site', 'AX7B', 'ODS ORD API'],
      ['AX7B', 'hq', '', 'ODS ORD API'],
    ]);
    expect(got).toMatchObject({ source: base, notFound: [], failed: [], skipped: [], notes: [] });
    expect(got.fetched).toEqual([
      { code: 'AX7B', fetchedOn: TODAY, fromCache: false, stale: false },
      { code: 'VX1A3', fetchedOn: TODAY, fromCache: false, stale: false },
    ]);
    expect(paths()).toEqual([`${PREFIX}AX7B`, `${PREFIX}VX1A3`]);
  });

  it('reports an inactive HQ, an Active record with an end date, and a Welsh site as found', async () => {
    const { options } = quick({ known: (c) => c === 'AX7B' || c === 'CW3F' });
    const got = await lookUpOrganisations(['AQ2D', 'VX4K8', 'VW2E5'], options);
    expect(got.found.map((o) => [o.code, o.status, o.closeDate, o.country])).toEqual([
      ['AQ2D', 'Inactive', '2019-05-31', 'ENGLAND'],
      ['VX4K8', 'Active', '2024-03-31', 'ENGLAND'],
      ['VW2E5', 'Active', '', 'WALES'],
    ]);
  });

  it('puts a 404 in notFound, sorted, and does not retry it', async () => {
    const { options, waits } = quick();
    const got = await lookUpOrganisations(['VZ9Z9', 'VZ1Z1'], options);
    expect(got.notFound).toEqual(['VZ1Z1', 'VZ9Z9']);
    expect(got.found).toEqual([]);
    expect(got.failed).toEqual([]);
    expect(requests).toHaveLength(2);
    expect(waits).toEqual([]);
    expect(got.fetched.map((f) => f.code)).toEqual(['VZ1Z1', 'VZ9Z9']);
  });

  it('a parent the service does not know is not found, the site still found (VW2E5 → CW3F)', async () => {
    const { options } = quick();
    const got = await lookUpOrganisations(['VW2E5'], options);
    expect(got.found.map((o) => o.code)).toEqual(['VW2E5']);
    expect(got.notFound).toEqual(['CW3F']);
  });

  it('looks a parent up once, and not again when it was requested too', async () => {
    const { options } = quick();
    const got = await lookUpOrganisations(['VX4K8', 'AX7B', 'VX1A3', 'vx1a3', ' VX4K8 '], options);
    expect(got.found.map((o) => o.code)).toEqual(['VX4K8', 'AX7B', 'VX1A3']);
    expect(paths()).toEqual([`${PREFIX}AX7B`, `${PREFIX}VX1A3`, `${PREFIX}VX4K8`]);
  });

  it('does not look up the parent of an HQ or of a code not found', async () => {
    const { options } = quick();
    await lookUpOrganisations(['AQ2D', 'VZ1Z1'], options);
    expect(paths()).toEqual([`${PREFIX}AQ2D`, `${PREFIX}VZ1Z1`]);
  });
});

describe('lookUpOrganisations: what is sent', () => {
  it('never requests a known code, nor the known parent of a site', async () => {
    const { options } = quick({ known: (c) => c === 'AX7B' || c === 'VX4K8' });
    const got = await lookUpOrganisations(['VX1A3', 'VX4K8', 'AX7B'], options);
    expect(paths()).toEqual([`${PREFIX}VX1A3`]);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3']);
    expect(got.skipped).toEqual([]);
  });

  it('sends only code-shaped paths: names, e-mails and phone numbers never leave the machine', async () => {
    const { options } = quick();
    const got = await lookUpOrganisations(
      [
        "Mary O'Brien",
        'mary',
        'sian.evans@gmail.com',
        '07912 345678',
        ' vx1a3 ',
        '',
        '8ABC1',
        'VICKY',
        'V12345',
      ],
      options,
    );
    expect(requests.map((r) => r.url).sort()).toEqual([`${PREFIX}AX7B`, `${PREFIX}VX1A3`]);
    for (const r of requests) {
      expect(r.method).toBe('GET');
      expect(r.url).not.toContain('?');
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers['content-length'] ?? '0').toBe('0');
    }
    expect(got.skipped).toEqual([
      '07912 345678',
      '8ABC1',
      'MARY',
      "MARY O'BRIEN",
      'SIAN.EVANS@GMAIL.COM',
      'V12345',
      'VICKY',
    ]);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3', 'AX7B']);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    const codes = Array.from({ length: 12 }, (_, i) => `VC${String(i).padStart(2, '0')}1`);
    for (const code of codes) scripts.set(code, always({ status: 404, body: NOT_FOUND, delayMs: 40 }));
    const { options } = quick({ concurrency: 3 });
    const got = await lookUpOrganisations(codes, options);
    expect(got.notFound).toHaveLength(12);
    expect(requests).toHaveLength(12);
    expect(maxInFlight).toBe(3);
  });

  it('sends one request at a time with concurrency 1', async () => {
    const codes = ['VC001', 'VC002', 'VC003', 'VC004'];
    for (const code of codes) scripts.set(code, always({ status: 404, body: NOT_FOUND, delayMs: 20 }));
    const { options } = quick({ concurrency: 1 });
    await lookUpOrganisations(codes, options);
    expect(maxInFlight).toBe(1);
  });
});

describe('lookUpOrganisations: a service that misbehaves', () => {
  it('a permanent 500: 1 + retries requests, doubling waits, then failed with the status', async () => {
    scripts.set('VE501', always({ status: 500 }));
    const { options, waits } = quick({ retries: 3, backoffMs: 100 });
    const got = await lookUpOrganisations(['VE501'], options);
    expect(perCode.get('VE501')).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
    expect(got.failed).toEqual([
      { code: 'VE501', reason: 'the service answered 500 Internal Server Error, on each of 4 tries' },
    ]);
    expect(got.found).toEqual([]);
    expect(got.fetched).toEqual([]);
  });

  it('500 then 200: found after one retry', async () => {
    scripts.set('VX1A3', firstThen({ status: 503 }));
    const { options, waits } = quick({ known: (c) => c === 'AX7B' });
    const got = await lookUpOrganisations(['VX1A3'], options);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3']);
    expect(got.failed).toEqual([]);
    expect(perCode.get('VX1A3')).toBe(2);
    expect(waits).toEqual([100]);
  });

  it('429 with Retry-After: waits the seconds asked for, capped at 30 s', async () => {
    scripts.set('VX1A3', firstThen({ status: 429, headers: { 'Retry-After': '2' } }));
    scripts.set('AX7B', firstThen({ status: 429, headers: { 'Retry-After': '3600' } }));
    const { options, waits } = quick({ concurrency: 1 });
    const got = await lookUpOrganisations(['VX1A3'], options);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3', 'AX7B']);
    expect(waits).toEqual([2_000, 30_000]);
  });

  it('429 without a usable Retry-After falls back to backoff, and says so when it persists', async () => {
    scripts.set(
      'VE429',
      always({ status: 429, headers: { 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' } }),
    );
    const { options, waits } = quick({ retries: 2, backoffMs: 50 });
    const got = await lookUpOrganisations(['VE429'], options);
    expect(waits).toEqual([50, 100]);
    expect(got.failed[0]?.reason).toMatch(
      /^the service said it had too many requests \(429 Too Many Requests\)/,
    );
  });

  it('a slow answer every time: each try times out, then failed with the time allowed', async () => {
    scripts.set('VS1W1', always({ status: 200, body: fixtureBody('VX1A3'), delayMs: 2_000 }));
    const { options } = quick({ timeoutMs: 150, retries: 1 });
    const started = performance.now();
    const got = await lookUpOrganisations(['VS1W1'], options);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(perCode.get('VS1W1')).toBe(2);
    expect(got.failed).toEqual([
      { code: 'VS1W1', reason: 'no answer within 0.15 seconds, on each of 2 tries' },
    ]);
  });

  it('slow once, then fast: found on the retry', async () => {
    scripts.set('VX1A3', firstThen({ status: 200, body: fixtureBody('VX1A3'), delayMs: 2_000 }));
    const { options } = quick({ timeoutMs: 150, known: (c) => c === 'AX7B' });
    const got = await lookUpOrganisations(['VX1A3'], options);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3']);
    expect(perCode.get('VX1A3')).toBe(2);
  });

  it('a 200 that is not JSON, or JSON that is not an organisation, fails at once (no retry)', async () => {
    scripts.set('VJ1N1', always({ status: 200, body: '<html>Service maintenance</html>' }));
    scripts.set('VJ1N2', always({ status: 200, body: '{"Organisation": {"Name": 7}}' }));
    scripts.set('VJ1N3', always({ status: 200, body: fixtureBody('AX7B') }));
    const { options, waits } = quick();
    const got = await lookUpOrganisations(['VJ1N1', 'VJ1N2', 'VJ1N3'], options);
    const reason = 'the service sent an answer we could not read';
    expect(got.failed).toEqual([
      { code: 'VJ1N1', reason },
      { code: 'VJ1N2', reason },
      { code: 'VJ1N3', reason },
    ]);
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([]);
  });

  it('another 4xx is not retried', async () => {
    scripts.set('VB400', always({ status: 400, body: '{"errorCode":400,"errorText":"Bad Request"}' }));
    const { options, waits } = quick();
    const got = await lookUpOrganisations(['VB400'], options);
    expect(got.failed).toEqual([
      { code: 'VB400', reason: 'the service refused the request (400 Bad Request)' },
    ]);
    expect(perCode.get('VB400')).toBe(1);
    expect(waits).toEqual([]);
  });

  it('a connection closed without an answer is retried, and named when it persists', async () => {
    scripts.set('VX1A3', firstThen('close'));
    scripts.set('VD0C1', always('close'));
    const { options } = quick({ retries: 2, known: (c) => c === 'AX7B' });
    const got = await lookUpOrganisations(['VX1A3', 'VD0C1'], options);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3']);
    expect(got.failed).toEqual([
      { code: 'VD0C1', reason: 'the connection broke before an answer came, on each of 3 tries' },
    ]);
    expect(perCode.get('VD0C1')).toBe(3);
  });

  it('names the last reason when the tries failed differently', async () => {
    scripts.set('VM1X1', (n) => (n === 0 ? { status: 502 } : { status: 503 }));
    const { options } = quick({ retries: 1 });
    const got = await lookUpOrganisations(['VM1X1'], options);
    expect(got.failed).toEqual([
      { code: 'VM1X1', reason: 'the service answered 503 Service Unavailable on the last of 2 tries' },
    ]);
  });

  it('the service down (connection refused): every code failed with "could not connect", no throw', async () => {
    const { options, waits } = quick({ baseUrl: closedBase, retries: 2 });
    const got = await lookUpOrganisations(['VX1A3', 'AX7B', 'VX4K8'], options);
    expect(got.failed).toEqual(
      ['AX7B', 'VX1A3', 'VX4K8'].map((code) => ({ code, reason: 'could not connect, on each of 3 tries' })),
    );
    expect(got.found).toEqual([]);
    expect(got.notFound).toEqual([]);
    // Three codes in parallel, each waiting 100 then 200 ms before its retries.
    expect(waits.sort((a, b) => a - b)).toEqual([100, 100, 100, 200, 200, 200]);
    expect(got.source).toBe(closedBase);
  });

  it('an injected fetch that throws anything still ends in failed, never a throw', async () => {
    const { options } = quick({
      retries: 0,
      fetch: async () => {
        throw 'not even an Error';
      },
    });
    const got = await lookUpOrganisations(['VX1A3'], options);
    expect(got.failed).toEqual([{ code: 'VX1A3', reason: 'the connection broke before an answer came' }]);
  });
});

describe('lookUpOrganisations: the cache', () => {
  it('a second run makes no request and reports the first fetch date, for 200 and 404 answers', async () => {
    const dir = freshDir();
    await lookUpOrganisations(['VX1A3', 'VZ1Z1'], quick({ cacheDir: dir }).options);
    expect(requests).toHaveLength(3);
    requests.length = 0;
    const got = await lookUpOrganisations(
      ['VX1A3', 'VZ1Z1'],
      quick({ cacheDir: dir, today: '2026-11-08' }).options,
    );
    expect(requests).toEqual([]);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3', 'AX7B']);
    expect(got.notFound).toEqual(['VZ1Z1']);
    expect(got.fetched).toEqual(
      ['AX7B', 'VX1A3', 'VZ1Z1'].map((code) => ({ code, fetchedOn: TODAY, fromCache: true, stale: false })),
    );
  });

  it('writes one private file per code, { code, fetchedOn, status, body }, in a private folder', async () => {
    const dir = freshDir();
    await lookUpOrganisations(['VX1A3', 'VZ1Z1'], quick({ cacheDir: dir }).options);
    expect(readdirSync(dir).sort()).toEqual(['AX7B.json', 'VX1A3.json', 'VZ1Z1.json']);
    expect(mode(dir)).toBe(0o700);
    for (const name of readdirSync(dir)) expect(mode(join(dir, name)), name).toBe(0o600);
    const entry = JSON.parse(readFileSync(join(dir, 'VX1A3.json'), 'utf8'));
    expect(entry).toEqual({
      code: 'VX1A3',
      fetchedOn: TODAY,
      status: 200,
      body: JSON.parse(fixtureBody('VX1A3')!),
    });
    expect(JSON.parse(readFileSync(join(dir, 'VZ1Z1.json'), 'utf8'))).toEqual({
      code: 'VZ1Z1',
      fetchedOn: TODAY,
      status: 404,
      body: JSON.parse(NOT_FOUND),
    });
  });

  it('an entry older than maxAgeDays is fetched again and the file updated', async () => {
    const dir = freshDir();
    const known = (c: string) => c === 'AX7B';
    await lookUpOrganisations(['VX1A3'], quick({ cacheDir: dir, known }).options);
    requests.length = 0;
    const got = await lookUpOrganisations(
      ['VX1A3'],
      quick({ cacheDir: dir, known, today: '2026-11-09', maxAgeDays: 7 }).options,
    );
    expect(paths()).toEqual([`${PREFIX}VX1A3`]);
    expect(got.fetched).toEqual([{ code: 'VX1A3', fetchedOn: '2026-11-09', fromCache: false, stale: false }]);
    expect(JSON.parse(readFileSync(join(dir, 'VX1A3.json'), 'utf8')).fetchedOn).toBe('2026-11-09');
  });

  it('a stale entry is used, and said to be, when the service is down', async () => {
    const dir = freshDir();
    await lookUpOrganisations(['VX1A3', 'VZ1Z1'], quick({ cacheDir: dir }).options);
    const got = await lookUpOrganisations(
      ['VX1A3', 'VZ1Z1', 'VQ1Q1'],
      quick({ cacheDir: dir, baseUrl: closedBase, today: '2027-01-15', retries: 0 }).options,
    );
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3', 'AX7B']);
    expect(got.notFound).toEqual(['VZ1Z1']);
    expect(got.failed).toEqual([{ code: 'VQ1Q1', reason: 'could not connect' }]);
    expect(got.fetched).toEqual(
      ['AX7B', 'VX1A3', 'VZ1Z1'].map((code) => ({ code, fetchedOn: TODAY, fromCache: true, stale: true })),
    );
    expect(got.notes).toHaveLength(3);
    expect(got.notes[1]).toBe(
      `VX1A3: the ODS service gave no answer (could not connect), so the answer saved on ${TODAY} was used.`,
    );
  });

  it('a corrupt, wrong or unreadable cache file is ignored and fetched again', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, 'VX1A3.json'), '{"code":"VX1A3","fetchedOn":"2026-1');
    writeFileSync(
      join(dir, 'VX4K8.json'),
      JSON.stringify({
        code: 'VX1A3',
        fetchedOn: TODAY,
        status: 200,
        body: JSON.parse(fixtureBody('VX1A3')!),
      }),
    );
    writeFileSync(
      join(dir, 'AQ2D.json'),
      JSON.stringify({ code: 'AQ2D', fetchedOn: TODAY, status: 200, body: {} }),
    );
    mkdirSync(join(dir, 'VW2E5.json'));
    const got = await lookUpOrganisations(
      ['VX1A3', 'VX4K8', 'AQ2D', 'VW2E5'],
      quick({ cacheDir: dir, known: (c) => c === 'AX7B' || c === 'CW3F' }).options,
    );
    expect(paths()).toEqual([`${PREFIX}AQ2D`, `${PREFIX}VW2E5`, `${PREFIX}VX1A3`, `${PREFIX}VX4K8`]);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3', 'VX4K8', 'AQ2D', 'VW2E5']);
    expect(JSON.parse(readFileSync(join(dir, 'VX1A3.json'), 'utf8')).code).toBe('VX1A3');
    expect(JSON.parse(readFileSync(join(dir, 'VX4K8.json'), 'utf8')).code).toBe('VX4K8');
    // The folder where VW2E5's file should go could not be replaced: said once, no temp file left.
    expect(got.notes).toEqual([expect.stringMatching(/could not be written/)]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a cache folder that cannot be created still returns the answers, and says so once', async () => {
    const parent = freshDir();
    mkdirSync(parent);
    writeFileSync(join(parent, 'blocker'), 'a file where the folder should be\n');
    const dir = join(parent, 'blocker', 'ods');
    const got = await lookUpOrganisations(['VX1A3', 'VZ1Z1'], quick({ cacheDir: dir }).options);
    expect(got.found.map((o) => o.code)).toEqual(['VX1A3', 'AX7B']);
    expect(got.notFound).toEqual(['VZ1Z1']);
    expect(got.failed).toEqual([]);
    expect(got.notes).toEqual([
      `The ODS cache folder "${dir}" could not be written, so the answers were not saved: they will be fetched again next time.`,
    ]);
  });
});

describe('lookUpOrganisations: programming errors', () => {
  it.each([
    { today: '1 Nov 2026' },
    { today: '2026-13-45x' },
    { concurrency: 0 },
    { retries: -1 },
    { timeoutMs: 0 },
    { concurrency: 1.5 },
  ])('throws for a bad option %j', async (over) => {
    await expect(lookUpOrganisations(['VX1A3'], quick(over).options)).rejects.toThrow(RangeError);
    expect(requests).toEqual([]);
  });
});

describe('defaultCacheDir', () => {
  it.each([
    { platform: 'linux', env: {}, home: '/home/sam', dir: '/home/sam/.cache/nhsmail-bulk/ods' },
    {
      platform: 'linux',
      env: { XDG_CACHE_HOME: '/var/cache/sam' },
      home: '/home/sam',
      dir: '/var/cache/sam/nhsmail-bulk/ods',
    },
    {
      platform: 'linux',
      env: { XDG_CACHE_HOME: 'relative/cache' },
      home: '/home/sam',
      dir: '/home/sam/.cache/nhsmail-bulk/ods',
    },
    {
      platform: 'linux',
      env: { XDG_CACHE_HOME: '' },
      home: '/home/sam',
      dir: '/home/sam/.cache/nhsmail-bulk/ods',
    },
    { platform: 'freebsd', env: {}, home: '/usr/home/sam', dir: '/usr/home/sam/.cache/nhsmail-bulk/ods' },
    {
      platform: 'darwin',
      env: { XDG_CACHE_HOME: '/x' },
      home: '/Users/sam',
      dir: '/Users/sam/Library/Caches/nhsmail-bulk/ods',
    },
    {
      platform: 'win32',
      env: { LOCALAPPDATA: 'C:\\Users\\sam\\AppData\\Local' },
      home: 'C:\\Users\\sam',
      dir: 'C:\\Users\\sam\\AppData\\Local\\nhsmail-bulk\\ods',
    },
    {
      platform: 'win32',
      env: {},
      home: 'C:\\Users\\sam',
      dir: 'C:\\Users\\sam\\AppData\\Local\\nhsmail-bulk\\ods',
    },
  ] as const)('$platform $env → $dir', ({ platform, env, home, dir }) => {
    expect(defaultCacheDir(env, platform, home)).toBe(dir);
  });

  it('defaults to the real platform and home', () => {
    expect(defaultCacheDir()).toMatch(/nhsmail-bulk[\\/]ods$/);
  });

  it('points at the real ORD service by default', () => {
    expect(ORD_BASE_URL).toBe('https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/');
  });
});
