// The HTTP adapters pass the public conformance kit (funcpipe/testing) over a real server on
// 127.0.0.1: mapRequests as a stage over the kit's source (ordered and unordered), and the
// responseLines source in the three shapes of real-resources.ts. Each undici request is reported
// to the kit through `resources.register` (undici's diagnostics channels: created, then completed
// or failed), so a request a stop leaves running is a violation of that case; after each case
// the pool counts no request running, pending or queued, and the server has no more sockets open
// than the pool's bound.
import { after, before } from 'node:test';
import fc from 'fast-check';
import { pipe } from 'funcpipe';
import type { KitItem } from 'funcpipe/testing';
import { createHttpPool, mapRequests, responseLines, type HttpPool } from '../../src/http.js';
import { itemsAndLines, startServer, type TestServer } from '../support/http-server.js';
import { conformanceTests, httpSettled, registerRequests, shapesOf, type CurrentCase } from './real-resources.js';

const CONNECTIONS = 3;
let server: TestServer;
let pool: HttpPool;
const current: CurrentCase = { resources: undefined };

before(async () => {
  server = await startServer(itemsAndLines);
  pool = await createHttpPool(server.origin, { connections: CONNECTIONS });
  registerRequests(current);
});
after(async () => {
  await pool.close();
  await server[Symbol.asyncDispose]();
});

conformanceTests(
  'mapRequests',
  {
    ordered: (r, concurrency: number) => pipe(r.source({ scope: 'up/' }), mapRequests(pool, { request: (x: KitItem) => ({ path: `/item/${x.index}` }), concurrency })),
    unordered: (r, concurrency: number) => pipe(r.source({ scope: 'up/' }), mapRequests(pool, { request: (x: KitItem) => ({ path: `/item/${x.index}` }), concurrency, ordered: false })),
  },
  // A parallel stage reads ahead of the consumer: judged as the concurrent piece it is.
  { parameters: fc.integer({ min: 1, max: CONNECTIONS }), firstFault: 'any-fault', afterCase: () => httpSettled(pool, server, CONNECTIONS) },
  current,
);

conformanceTests(
  'responseLines',
  shapesOf((lines: number) => responseLines(pool, { path: `/lines/${lines}` })),
  { parameters: fc.nat(6), afterCase: () => httpSettled(pool, server, CONNECTIONS) },
  current,
);
