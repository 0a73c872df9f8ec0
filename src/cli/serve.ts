/**
 * `nhsmail-bulk serve`: the built browser page (dist/web/index.html) on this computer only. The
 * server binds 127.0.0.1, never every interface, and serves that one page; the page itself makes no
 * request back, so people's files go nowhere.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/types.js';

/** Where `npm run build` puts the page, found the same from src/cli (tests) and dist/cli (the bin). */
export const PAGE_PATH = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
export const HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

export interface RunningServer {
  url: string;
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** The page's own Content-Security-Policy meta tag, sent as a header too so the two never differ. */
function pagePolicy(html: string): string {
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  if (!policy) throw new Error('the built page has no Content-Security-Policy meta tag');
  return policy;
}

async function readPage(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new InputError(
      `The browser page has not been built (${path} is missing): run \`npm run build\`, then start the server again.`,
    );
  }
}

export async function startServer(options: { port: number; page?: string }): Promise<RunningServer> {
  const page = await readPage(options.page ?? PAGE_PATH);
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(page.byteLength),
    'Content-Security-Policy': pagePolicy(page.toString('utf8')),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  const respond = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Only GET and HEAD are served here.\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/' && path !== '/index.html') {
      res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : 'Not found: this server has one page, at /.\n');
      return;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : page);
  };
  const server = createServer(respond);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new InputError(
              `Port ${options.port} is already in use on ${HOST}: choose another with --port, such as --port ${DEFAULT_PORT + 1}, or --port 0 for any free port.`,
            )
          : err.code === 'EACCES'
            ? new InputError(
                `Port ${options.port} needs administrator rights: choose one above 1023 with --port, such as --port ${DEFAULT_PORT}.`,
              )
            : err,
      );
    });
    server.listen(options.port, HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Reads `--port`: a whole number from 0 (any free port) to 65535. */
export function parsePort(value: unknown): number {
  const port = value === undefined ? DEFAULT_PORT : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(
      `--port must be a whole number from 0 to 65535, such as ${DEFAULT_PORT} (0 picks any free port).`,
    );
  }
  return port;
}

/**
 * The `serve` command: starts the server, says where to open it, and returns only once it has
 * stopped (Ctrl+C, or `stop` in tests).
 */
export async function serve(
  options: { port: number; page?: string },
  out: { write(text: string): unknown },
  stop: (close: () => void) => void = (close) => process.once('SIGINT', close),
): Promise<void> {
  const server = await startServer(options);
  out.write(`Open ${server.url} in your browser. Press Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => stop(resolve));
  await server.close();
}
