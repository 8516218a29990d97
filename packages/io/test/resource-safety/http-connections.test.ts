// Proof that the HTTP adapters leak no connection: 1,000 runs of the request stage, each stopped
// early (break, a throw in the loop, take, an external abort between pulls, an abort while the
// first pull waits on a slow answer), with requests in flight at the stop. Afterwards the pool
// counts no busy connection and it never held more than `connections` sockets at once. The
// server saw no socket beyond the bound except those that replaced a connection closed by a
// cancellation: HTTP/1.1 can cancel a request in flight only by closing its connection, so a
// stop with requests in flight costs one new connection each later (measured and printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Async, pipe } from 'funcpipe';
import { createHttpPool, mapRequests } from '../../src/http.js';
import { poolSettled, startServer } from '../support/http-server.js';

const RUNS = 1_000;
const CONNECTIONS = 4;
const stopError = new Error('consumer stops by throwing');

test(`mapRequests: ${RUNS} early-stopped runs leave no busy connection and no socket beyond the bound`, async () => {
  let cancelledAtServer = 0;
  await using server = await startServer((req, res) => {
    if (req.url?.startsWith('/slow')) {
      const timer = setTimeout(() => res.end('late'), 200);
      res.on('close', () => clearTimeout(timer));
    } else res.end('fast');
    res.on('close', () => {
      if (!res.writableFinished) cancelledAtServer++;
    });
  });
  await using pool = await createHttpPool(server.origin, { connections: CONNECTIONS });
  let issued = 0;
  let completed = 0;
  const request = (n: number, slow: boolean) => {
    issued++;
    return { path: slow || n % 3 === 2 ? `/slow/${n}` : `/fast/${n}` };
  };
  const read = async (response: { body: { text(): Promise<string> } }) => {
    const text = await response.body.text();
    completed++;
    return text;
  };
  let mostConnected = 0;
  const sampler = setInterval(() => (mostConnected = Math.max(mostConnected, pool.stats().connected)), 1);
  try {
    for (let i = 0; i < RUNS; i++) {
      const slow = i % 5 === 4;
      const stage = pipe(
        Async.fromIterable([0, 1, 2, 3, 4, 5, 6, 7]),
        mapRequests(pool, { request: (n: number) => request(n, slow), read, ordered: i % 2 === 0 }),
      );
      const controller = new AbortController();
      switch (i % 5) {
        case 0:
          for await (const _ of stage) break;
          break;
        case 1:
          await assert.rejects(async () => {
            for await (const _ of stage) throw stopError;
          }, stopError);
          break;
        case 2:
          assert.equal((await pipe(stage, Async.take(1), Async.toArray())).length, 1);
          break;
        case 3:
          await assert.rejects(async () => {
            for await (const _ of stage.iterate({ signal: controller.signal })) controller.abort(stopError);
          }, stopError);
          break;
        default: {
          const run = stage.iterate({ signal: controller.signal });
          const pending = run.next();
          setImmediate(() => controller.abort(stopError));
          await assert.rejects(pending, stopError);
        }
      }
      mostConnected = Math.max(mostConnected, pool.stats().connected);
    }
    await poolSettled(pool);
  } finally {
    clearInterval(sampler);
  }
  const { connected, free } = pool.stats();
  assert.equal(connected, free, 'every open connection is free');
  assert.ok(mostConnected <= CONNECTIONS, `the pool held ${mostConnected} sockets at once`);
  const cancelled = issued - completed;
  assert.ok(server.sockets.total <= CONNECTIONS + cancelled, `server saw ${server.sockets.total} sockets for ${cancelled} cancelled requests`);
  assert.ok(cancelledAtServer > 0, 'requests were in flight at the stops');
  console.log(
    `# ${RUNS} runs: ${issued} requests, ${completed} read, ${cancelled} cancelled (${cancelledAtServer} of them after reaching the server); ` +
      `${server.sockets.total} sockets at the server (at most ${server.sockets.maxOpen} open at once as it saw them), at most ${mostConnected} at once in the pool`,
  );
});
