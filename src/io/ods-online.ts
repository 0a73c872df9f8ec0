/**
 * `--ods-online`: looks up in the ODS ORD API the codes the local ODS files do not have. Only
 * organisation codes are sent, and only those shaped like one (isLookupCode): no query string, no
 * cookie, nothing a person typed about a person. Answers are kept in a cache folder with the date they
 * were fetched, so the report can name the date and source of every reference. A slow or broken
 * service never fails the run: each code ends up found, not found, or failed with a plain reason.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, posix, win32 } from 'node:path';
import { z } from 'zod';
import { normaliseCode } from '../core/normalise.js';
import type { OdsOrg } from '../core/ods.js';
import { isLookupCode, orgFromOrd } from '../core/ord.js';

export const ORD_BASE_URL = 'https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/';

export interface OrdClientOptions {
  cacheDir: string;
  /** YYYY-MM-DD: recorded as the fetch date and used for cache age (no clock inside). */
  today: string;
  /** Ends with `/`; the code is appended. For the stub server in tests. */
  baseUrl?: string;
  /** Default 7: older cache entries are fetched again; if that fails, the stale entry is used and reported. */
  maxAgeDays?: number;
  /** Default 10 000, per request, body included. */
  timeoutMs?: number;
  /** Default 3 retries after the first try, on timeouts, network errors, 5xx and 429; not on other 4xx. */
  retries?: number;
  /** Default 500: the wait before retry n (from 0) is backoffMs × 2^n, or Retry-After seconds (at most 30 s). */
  backoffMs?: number;
  /** Default 4 requests at once. */
  concurrency?: number;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Codes the local ODS files already have: never looked up. Called with normalised codes. */
  known?: (code: string) => boolean;
}

export interface OrdLookup {
  /** The base URL used. */
  source: string;
  /** In the order of the requested codes, then the parents looked up for them. */
  found: OdsOrg[];
  /** The service said it has no such code (404). Sorted. */
  notFound: string[];
  /** Codes with no answer, and why in plain English. Sorted by code. */
  failed: { code: string; reason: string }[];
  /** Every code with an answer (found or not found): when it was fetched, and whether from the cache. Sorted by code. */
  fetched: { code: string; fetchedOn: string; fromCache: boolean; stale: boolean }[];
  /** Normalised values not sent because they do not look like ODS codes (isLookupCode). Sorted. */
  skipped: string[];
  /** Things a person should know: stale answers used, a cache folder that could not be written. */
  notes: string[];
}

const RETRY_AFTER_CAP_MS = 30_000;
/** An organisation record is a few kilobytes; a body past this is not one. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const UNREADABLE = 'the service sent an answer we could not read';

/** An answer worth keeping: an organisation, or the service's word that there is none. */
type Answer = { status: 200; body: unknown; org: OdsOrg } | { status: 404; body: unknown };

type Attempt =
  | { kind: 'answer'; answer: Answer }
  | { kind: 'retry'; reason: string; waitMs?: number }
  | { kind: 'fail'; reason: string };

interface Outcome {
  answer?: Answer;
  fetched?: { fetchedOn: string; fromCache: boolean; stale: boolean };
  /** Why the service gave no answer (for a failed code, or one answered from a stale cache entry). */
  reason?: string;
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

const cacheEntry = z.object({
  code: z.string(),
  fetchedOn: z.string().regex(isoDay),
  status: z.union([z.literal(200), z.literal(404)]),
  body: z.unknown(),
});

function dayNumber(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
  );
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min)
    throw new RangeError(`${name} must be a whole number ≥ ${min}, not ${n}`);
  return n;
}

const seconds = (ms: number) => `${ms / 1000} second${ms === 1000 ? '' : 's'}`;

/** Retry-After in whole seconds, capped; an HTTP date (which would need a clock) falls back to backoff. */
function retryAfter(res: Response): number | undefined {
  const value = res.headers.get('retry-after')?.trim();
  if (!value || !/^\d{1,9}$/.test(value)) return undefined;
  return Math.min(Number(value) * 1000, RETRY_AFTER_CAP_MS);
}

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** What a fetch rejection means for a person. undici puts the system error in `cause`. */
function networkReason(err: unknown): string {
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof code === 'string' && CONNECT_FAILURES.has(code)) return 'could not connect';
  if (typeof code === 'string' && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code))
    return 'could not make a secure connection';
  return 'the connection broke before an answer came';
}

/** The body as text, or undefined when it is larger than any organisation record. */
async function readText(res: Response): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The cache folder: one `<CODE>.json` per code, `{ code, fetchedOn, status, body }`, written through a
 * temp file in the same folder (mode 0600) and a rename. Folder problems become a note, never a failure.
 */
class Cache {
  private ready: Promise<boolean> | undefined;
  private warned = false;

  constructor(
    private readonly dir: string,
    private readonly notes: string[],
  ) {}

  async read(code: string): Promise<{ fetchedOn: string; answer: Answer } | undefined> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(this.dir, `${code}.json`), 'utf8'));
    } catch {
      return undefined;
    }
    const entry = cacheEntry.safeParse(json);
    if (!entry.success || entry.data.code !== code || Number.isNaN(dayNumber(entry.data.fetchedOn))) {
      return undefined;
    }
    const { fetchedOn, status, body } = entry.data;
    if (status === 404) return { fetchedOn, answer: { status, body } };
    const org = orgFromOrd(body, code);
    return org ? { fetchedOn, answer: { status, body, org } } : undefined;
  }

  async write(code: string, fetchedOn: string, answer: Answer): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(
      () => true,
      () => false,
    );
    if (!(await this.ready)) return this.warn();
    const path = join(this.dir, `${code}.json`);
    const temp = join(this.dir, `.${code}.json.${randomBytes(4).toString('hex')}.tmp`);
    const entry = { code, fetchedOn, status: answer.status, body: answer.body };
    try {
      const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(entry, null, 2)}\n`, 'utf8');
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
      this.warn();
    }
  }

  private warn(): void {
    if (this.warned) return;
    this.warned = true;
    this.notes.push(
      `The ODS cache folder "${this.dir}" could not be written, so the answers were not saved: they will be fetched again next time.`,
    );
  }
}

/** Runs `fn` on every item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function lookUpOrganisations(
  codes: Iterable<string>,
  options: OrdClientOptions,
): Promise<OrdLookup> {
  if (!isoDay.test(options.today) || Number.isNaN(dayNumber(options.today))) {
    throw new RangeError(`today must be a date as YYYY-MM-DD, not ${options.today}`);
  }
  const baseUrl = options.baseUrl ?? ORD_BASE_URL;
  const maxAgeDays = count('maxAgeDays', options.maxAgeDays, 7, 0);
  const timeoutMs = count('timeoutMs', options.timeoutMs, 10_000, 1);
  const retries = count('retries', options.retries, 3, 0);
  const backoffMs = count('backoffMs', options.backoffMs, 500, 0);
  const concurrency = count('concurrency', options.concurrency, 4, 1);
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const known = options.known ?? (() => false);
  const today = dayNumber(options.today);

  const notes: string[] = [];
  const cache = new Cache(options.cacheDir, notes);
  const outcomes = new Map<string, Outcome>();
  const seen = new Set<string>();
  const skipped = new Set<string>();

  /** The codes among `values` to send: new, not known locally, shaped like a code. */
  const toSend = (values: Iterable<string>): string[] => {
    const send: string[] = [];
    for (const value of values) {
      const code = normaliseCode(value);
      if (code === '' || seen.has(code)) continue;
      seen.add(code);
      if (known(code)) continue;
      if (isLookupCode(code)) send.push(code);
      else skipped.add(code);
    }
    return send;
  };

  async function attempt(code: string): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const res = await doFetch(`${baseUrl}${code}`, {
        method: 'GET',
        headers: { Accept: 'application/json' },
        credentials: 'omit',
        signal: controller.signal,
      });
      const said = `${res.status} ${res.statusText}`.trim();
      if (res.status === 200 || res.status === 404) {
        const body = parseJson(await readText(res));
        if (res.status === 404) return { kind: 'answer', answer: { status: 404, body: body ?? null } };
        const org = orgFromOrd(body, code);
        return org
          ? { kind: 'answer', answer: { status: 200, body, org } }
          : { kind: 'fail', reason: UNREADABLE };
      }
      await res.body?.cancel().catch(() => undefined);
      const waitMs = retryAfter(res);
      if (res.status === 429) {
        return { kind: 'retry', reason: `the service said it had too many requests (${said})`, waitMs };
      }
      if (res.status >= 500) return { kind: 'retry', reason: `the service answered ${said}`, waitMs };
      return { kind: 'fail', reason: `the service refused the request (${said})` };
    } catch (err) {
      if (timedOut) return { kind: 'retry', reason: `no answer within ${seconds(timeoutMs)}` };
      return { kind: 'retry', reason: networkReason(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The service's answer, retrying with backoff, or why there is none. */
  async function ask(code: string): Promise<Answer | { reason: string }> {
    const reasons: string[] = [];
    for (let n = 0; ; n++) {
      const a = await attempt(code);
      if (a.kind === 'answer') return a.answer;
      reasons.push(a.reason);
      if (a.kind === 'fail' || n >= retries) {
        const tries = reasons.length;
        if (tries === 1) return { reason: a.reason };
        return {
          reason: reasons.every((r) => r === a.reason)
            ? `${a.reason}, on each of ${tries} tries`
            : `${a.reason} on the last of ${tries} tries`,
        };
      }
      await sleep(a.waitMs ?? backoffMs * 2 ** n);
    }
  }

  async function lookUp(code: string): Promise<void> {
    const cached = await cache.read(code);
    const age = cached ? today - dayNumber(cached.fetchedOn) : -1;
    if (cached && age >= 0 && age <= maxAgeDays) {
      const fetched = { fetchedOn: cached.fetchedOn, fromCache: true, stale: false };
      outcomes.set(code, { answer: cached.answer, fetched });
      return;
    }
    const got = await ask(code);
    if ('reason' in got) {
      outcomes.set(
        code,
        cached
          ? {
              answer: cached.answer,
              fetched: { fetchedOn: cached.fetchedOn, fromCache: true, stale: true },
              reason: got.reason,
            }
          : { reason: got.reason },
      );
      return;
    }
    outcomes.set(code, {
      answer: got,
      fetched: { fetchedOn: options.today, fromCache: false, stale: false },
    });
    await cache.write(code, options.today, got);
  }

  const requested = toSend(codes);
  await eachLimited(requested, concurrency, lookUp);
  // The HQs operating the sites found, so their names and close dates can be checked too. Looked up
  // after all requested codes so the order of `found` does not depend on which answer came first.
  const parents = toSend(
    requested.flatMap((code) => {
      const answer = outcomes.get(code)?.answer;
      return answer?.status === 200 && answer.org.kind === 'site' && answer.org.parent
        ? [answer.org.parent]
        : [];
    }),
  );
  await eachLimited(parents, concurrency, lookUp);

  const byCode = [...outcomes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [code, o] of byCode) {
    if (o.fetched?.stale) {
      notes.push(
        `${code}: the ODS service gave no answer (${o.reason}), so the answer saved on ${o.fetched.fetchedOn} was used.`,
      );
    }
  }
  return {
    source: baseUrl,
    found: [...requested, ...parents].flatMap((code) => {
      const answer = outcomes.get(code)?.answer;
      return answer?.status === 200 ? [answer.org] : [];
    }),
    notFound: byCode.filter(([, o]) => o.answer?.status === 404).map(([code]) => code),
    failed: byCode.flatMap(([code, o]) => (o.answer ? [] : [{ code, reason: o.reason ?? UNREADABLE }])),
    fetched: byCode.flatMap(([code, o]) => (o.fetched ? [{ code, ...o.fetched }] : [])),
    skipped: [...skipped].sort(),
    notes,
  };
}

/** Where answers are cached when no `--ods-cache` is given: the platform's per-user cache folder. */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), 'nhsmail-bulk', 'ods');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'nhsmail-bulk', 'ods');
  // XDG: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.cache'), 'nhsmail-bulk', 'ods');
}
