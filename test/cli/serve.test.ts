/**
 * `nhsmail-bulk serve` over HTTP, without a browser: one page on 127.0.0.1, the headers that keep
 * it local, and plain errors. The page in a browser is tested in test/browser/web.test.ts.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/app.js';
import { PAGE_PATH, type RunningServer, serve, startServer } from '../../src/cli/serve.js';
import { InputError } from '../../src/core/types.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

function fetchRaw(
  method: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const metaPolicy = () =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(readFileSync(PAGE_PATH, 'utf8'))![1];

describe('serve', () => {
  it('listens on 127.0.0.1 only, on a free port when asked for port 0', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it.each(['/', '/index.html', '/?x=1'])(
    'serves the built page at %s with headers that keep it local',
    async (path) => {
      const res = await fetchRaw('GET', path);
      expect(res.status).toBe(200);
      expect(res.body.equals(readFileSync(PAGE_PATH))).toBe(true);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(metaPolicy());
      expect(res.headers['content-security-policy']).toContain("connect-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    },
  );

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetchRaw('HEAD', '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(readFileSync(PAGE_PATH).byteLength));
    expect(res.body.byteLength).toBe(0);
  });

  it.each(['/favicon.ico', '/../package.json', '/dist/web/index.html', '/index.htm'])(
    'has nothing else: %s is 404',
    async (path) => {
      const res = await fetchRaw('GET', path);
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('<html');
    },
  );

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const res = await fetchRaw(method, '/');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('says so in one sentence when the port is taken', async () => {
    await expect(startServer({ port: server.port })).rejects.toThrow(InputError);
    await expect(startServer({ port: server.port })).rejects.toThrow(
      `Port ${server.port} is already in use on 127.0.0.1: choose another with --port`,
    );
  });

  it('says so in one sentence when the page was not built', async () => {
    const page = join(tmpdir(), 'nhsmail-bulk-no-such-page', 'index.html');
    await expect(startServer({ port: 0, page })).rejects.toThrow('The browser page has not been built');
  });

  it('prints where to open it, and returns only once stopped', async () => {
    let printed = '';
    let stopNow: () => void = () => {};
    const running = serve({ port: 0 }, { write: (t: string) => (printed += t) }, (close) => {
      stopNow = close;
    });
    let finished = false;
    void running.then(() => {
      finished = true;
    });
    await expect
      .poll(() => printed)
      .toMatch(/^Open http:\/\/127\.0\.0\.1:\d+\/ in your browser\. Press Ctrl\+C to stop\.\n$/);
    await new Promise((r) => setTimeout(r, 50));
    expect(finished).toBe(false);
    stopNow();
    await running;
    expect(finished).toBe(true);
  });

  it.each([['abc'], ['-1'], ['65536'], ['80.5']])('refuses --port %s with exit code 2', async (port) => {
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (err += t) } };
    expect(await run(['serve', '--port', port], io)).toBe(2);
    expect(err).toBe(
      'nhsmail-bulk: --port must be a whole number from 0 to 65535, such as 8080 (0 picks any free port).\n',
    );
  });
});
