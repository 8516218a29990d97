import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Async, err, errInfo, ok, pipe, type ErrInfo, type Result } from 'funcpipe';
import { createHttpPool, mapRequests } from '../../src/http.js';
import { eventually, poolSettled, startServer } from '../support/http-server.js';

function summary(items: Result<unknown, ErrInfo>[]): unknown[] {
  return items.map((r) => (r.ok ? r.value : r.error.code));
}

test('mapRequests: one item per value in input order: Ok(read) for a 2xx, Err for a failure; upstream Err passes without a request', async () => {
  await using server = await startServer((req, res) => {
    const n = Number(req.url?.slice(1));
    if (n % 5 === 3) res.writeHead(503, { 'retry-after': '1' }).end();
    else setTimeout(() => res.end(JSON.stringify({ double: n * 2 })), (n * 7) % 11);
  });
  await using pool = await createHttpPool(server.origin, { connections: 4 });
  const upstream = Async.fromResults<number, ErrInfo>([ok(0), ok(1), err(errInfo('UPSTREAM', 'bad input')), ok(3), ok(4), ok(8)]);
  const items = await pipe(
    upstream,
    mapRequests(pool, { request: (n: number) => ({ path: `/${n}` }), read: async (res) => ((await res.body.json()) as { double: number }).double }),
    Async.toArray(),
  );
  assert.deepEqual(summary(items), [0, 2, 'UPSTREAM', 'HTTP_503', 8, 'HTTP_503']);
  const unavailable = items[3] as Result<number, ErrInfo> & { ok: false };
  assert.equal(unavailable.error.retryAfterMs, 1_000);
  assert.equal(server.requests.length, 5);
  assert.ok(server.sockets.maxOpen <= 4);
  await poolSettled(pool);
});

test('mapRequests: a reader that throws is an HTTP_READ item and the stream goes on; POST bodies are sent', async () => {
  await using server = await startServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.end(body === 'bad' ? 'not json' : JSON.stringify({ echo: body })));
  });
  await using pool = await createHttpPool(server.origin, { connections: 2 });
  const items = await pipe(
    Async.of('a', 'bad', 'c'),
    mapRequests(pool, { request: (s: string) => ({ method: 'POST', path: '/echo', body: s }), read: async (res) => ((await res.body.json()) as { echo: string }).echo }),
    Async.toArray(),
  );
  assert.deepEqual(summary(items), ['a', 'HTTP_READ', 'c']);
  assert.match((items[1] as { error: ErrInfo }).error.msg, /^POST http:.*\/echo: reading the response failed/);
  assert.deepEqual(server.requests, ['POST /echo', 'POST /echo', 'POST /echo']);
});

test('mapRequests: a consumer break during requests in flight returns quietly and cancels them', async () => {
  let answered = 0;
  await using server = await startServer((req, res) => {
    if (req.url === '/0') res.end('first');
    else setTimeout(() => res.end(String(++answered)), 10_000).unref();
  });
  await using pool = await createHttpPool(server.origin, { connections: 4 });
  const stage = pipe(Async.fromIterable([0, 1, 2, 3, 4, 5]), mapRequests(pool, { request: (n: number) => ({ path: `/${n}` }), ordered: false }));
  const started = Date.now();
  for await (const item of stage) {
    assert.deepEqual(item, ok('first'));
    await eventually(() => server.requests.length >= 4, 'four requests in flight');
    break;
  }
  assert.ok(Date.now() - started < 5_000, 'the stop did not wait for the slow answers');
  await poolSettled(pool);
  assert.equal(pool.stats().connected, pool.stats().free, 'no busy connection');
  assert.equal(answered, 0);
});

test('mapRequests: a failure at position k (ordered) cancels the requests after k at once and delivers those before it', async () => {
  let releaseFirst: (() => void) | undefined;
  await using server = await startServer((req, res) => {
    if (req.url === '/0') releaseFirst = () => res.end('zero'); // the others are never answered
  });
  await using pool = await createHttpPool(server.origin, { connections: 4 });
  const run = pipe(
    Async.of(0, 1, 2, 3),
    // Item 1's path is malformed: its call rejects with a TypeError after 2 and 3 have started.
    mapRequests(pool, { request: (n: number) => ({ path: n === 1 ? 'no-slash' : `/${n}` }) }),
  ).iterate();
  const first = run.next();
  await eventually(() => releaseFirst !== undefined, 'request 0 in flight');
  const { running, pending, queued } = pool.stats();
  await eventually(() => {
    const now = pool.stats();
    return now.running + now.pending + now.queued === 1;
  }, `requests 2 and 3 cancelled while 0 still runs (running ${running}, pending ${pending}, queued ${queued})`);
  assert.ok(!server.requests.includes('GET /1'));
  (releaseFirst as () => void)();
  assert.deepEqual(await first, { done: false, value: ok('zero') });
  await assert.rejects(run.next(), /request\.path/);
  await poolSettled(pool);
});

test('mapRequests: read gets the value and the call\'s context (index, and a signal of its own when asked)', async () => {
  await using server = await startServer((req, res) => res.end(req.url));
  await using pool = await createHttpPool(server.origin, { connections: 2 });
  const items = await pipe(
    Async.of('a', 'b'),
    mapRequests(pool, { request: (s: string) => ({ path: `/${s}` }), read: async (res, s, { index, signal }) => `${s}${index}:${await res.body.text()}:${signal.aborted}` }),
    Async.toArray(),
  );
  assert.deepEqual(items, [ok('a0:/a:false'), ok('b1:/b:false')]);
});

test('mapRequests: an external abort rejects with its own reason, with every request cancelled', async () => {
  await using server = await startServer(() => {});
  await using pool = await createHttpPool(server.origin, { connections: 2 });
  const controller = new AbortController();
  const reason = new Error('deadline');
  const run = pipe(Async.of(1, 2, 3), mapRequests(pool, { request: (n: number) => ({ path: `/${n}` }) }), Async.toArray({ signal: controller.signal }));
  await eventually(() => server.requests.length === 2, 'two requests in flight');
  controller.abort(reason);
  await assert.rejects(run, (e) => e === reason);
  await poolSettled(pool);
});

test('mapRequests: many requests in flight on the run\'s signal raise no listener-leak warning', async () => {
  await using server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 2));
  await using pool = await createHttpPool(server.origin, { connections: 32 });
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  process.on('warning', onWarning);
  try {
    const items = await pipe(Async.fromIterable(Array.from({ length: 300 }, (_, i) => i)), mapRequests(pool, { request: (n: number) => ({ path: `/${n}` }) }), Async.toArray());
    assert.equal(items.length, 300);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.map((w) => w.name), []);
});

test('mapRequests: options are validated', async () => {
  await using pool = await createHttpPool('http://127.0.0.1:1');
  assert.throws(() => mapRequests(pool, {} as never), /mapRequests: expected `options.request` to be a function, got undefined/);
  assert.throws(() => mapRequests(pool, { request: () => ({ path: '/' }), concurrency: 0 }), RangeError);
  assert.throws(() => mapRequests({} as never, { request: () => ({ path: '/' }) }), /expected `pool` to be an HttpPool/);
});
