// The HTTP adapters pass the public conformance kit (funcpipe/testing) over a real server on
// 127.0.0.1: mapRequests as a stage over the kit's source (ordered and unordered), and the
// responseLines source in the three shapes of real-resources.ts. Each undici request is reported
// to the kit through `resources.register` (undici's diagnostics channels: created, then completed
// or failed), so a request a stop leaves running is a violation of that case; after each case
// the pool counts no request running, pending or queued, and the server has no more sockets open
// than the pool's bound.
import { after, before } from 'node:test';
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { pipe } from 'funcpipe';
import type { KitItem } from 'funcpipe/testing';
import { createHttpPool, mapRequests, responseLines, type HttpPool } from '../../src/http.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { conformanceTests, registerRequests, settledWithin, shapesOf, type CurrentCase } from './real-resources.js';

const CONNECTIONS = 3;
let server: TestServer;
let pool: HttpPool;
const current: CurrentCase = { resources: undefined };

/** `/item/<n>` answers after a few ms; `/lines/<n>` streams n lines, one every ms. */
function handle(url: string, res: ServerResponse): void {
  const [, kind, arg] = url.split('/');
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
}

before(async () => {
  server = await startServer((req, res) => handle(req.url ?? '/', res));
  pool = await createHttpPool(server.origin, { connections: CONNECTIONS });
  registerRequests(current);
});
after(async () => {
  await pool.close();
  await server[Symbol.asyncDispose]();
});

/** Every connection free again, and no socket beyond the pool's bound on the server (which sees a close a moment after the client). */
async function connectionsBack(): Promise<readonly string[]> {
  const idle = (): boolean => {
    const { running, pending, queued } = pool.stats();
    return running + pending + queued === 0;
  };
  const out: string[] = [];
  if (!(await settledWithin(idle, 1_000))) out.push(`the pool still counts requests: ${JSON.stringify(pool.stats())}`);
  if (!(await settledWithin(() => server.sockets.open <= CONNECTIONS, 1_000))) out.push(`the server has ${server.sockets.open} sockets open (the pool's bound is ${CONNECTIONS})`);
  return out;
}

conformanceTests(
  'mapRequests',
  {
    ordered: (r, concurrency: number) => pipe(r.source({ scope: 'up/' }), mapRequests(pool, { request: (x: KitItem) => ({ path: `/item/${x.index}` }), concurrency })),
    unordered: (r, concurrency: number) => pipe(r.source({ scope: 'up/' }), mapRequests(pool, { request: (x: KitItem) => ({ path: `/item/${x.index}` }), concurrency, ordered: false })),
  },
  // A parallel stage reads ahead of the consumer: judged as the concurrent piece it is.
  { parameters: fc.integer({ min: 1, max: CONNECTIONS }), firstFault: 'any-fault', afterCase: connectionsBack },
  current,
);

conformanceTests(
  'responseLines',
  shapesOf((lines: number) => responseLines(pool, { path: `/lines/${lines}` })),
  { parameters: fc.nat(6), afterCase: connectionsBack },
  current,
);
