// A real HTTP server on 127.0.0.1 (a free port), started and stopped by the test itself, that
// counts the sockets it saw: in total, open now, and the most open at once.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer extends AsyncDisposable {
  readonly origin: string;
  /** Sockets accepted so far, open now, and the most open at the same time. */
  readonly sockets: { total: number; open: number; maxOpen: number };
  /** Requests received so far, by `METHOD path`. */
  readonly requests: string[];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, socket: Socket) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const sockets = { total: 0, open: 0, maxOpen: 0 };
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res, req.socket);
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    sockets.total++;
    sockets.open++;
    sockets.maxOpen = Math.max(sockets.maxOpen, sockets.open);
    socket.on('close', () => sockets.open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    sockets,
    requests,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An origin on 127.0.0.1 where nothing listens (a port just freed). */
export async function unusedOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Resolves once `condition()` holds (checked every few ms), or rejects after `timeoutMs`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Waits until the pool counts no request running, pending or queued. A connection the adapters
 * had to close (an abort, an unwanted body over the discard limit) is destroyed at once but
 * leaves undici's counters only when its socket's 'close' event fires, a moment later.
 */
export async function poolSettled(pool: { stats(): { running: number; pending: number; queued: number } }): Promise<void> {
  await eventually(() => {
    const { running, pending, queued } = pool.stats();
    return running + pending + queued === 0;
  }, 'the pool counts no request running, pending or queued');
}

/**
 * A handler for the conformance and chaos suites: `/item/<n>` answers `item <n>` after n % 3 ms;
 * `/lines/<n>` streams n lines, one a millisecond, and stops when the client goes away.
 */
export const itemsAndLines: Handler = (req, res) => {
  const [, kind, arg] = (req.url ?? '/').split('/');
  const n = Number(arg);
  if (kind === 'item') {
    setTimeout(() => res.end(`item ${n}`), n % 3);
    return;
  }
  let i = 0;
  const timer = setInterval(() => {
    if (i === n) {
      clearInterval(timer);
      res.end();
    } else res.write(`line ${i++}\n`);
  }, 1);
  res.once('close', () => clearInterval(timer));
};
