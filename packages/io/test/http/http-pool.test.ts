import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ok } from 'funcpipe';
import { createHttpPool } from '../../src/http.js';
import { eventually, poolSettled, startServer, unusedOrigin } from '../support/http-server.js';

test('HttpPool.send: a 2xx is read; other statuses are Err items with code, context and Retry-After', async () => {
  await using server = await startServer((req, res) => {
    if (req.url === '/ok') res.end('hello');
    else if (req.url === '/busy') res.writeHead(429, { 'retry-after': '3' }).end('slow down');
    else if (req.url === '/down') res.writeHead(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end();
    else res.writeHead(404).end('x'.repeat(500_000));
  });
  await using pool = await createHttpPool(server.origin, { connections: 2 });
  assert.deepEqual(await pool.send({ path: '/ok' }, (r) => r.body.text()), ok('hello'));
  const busy = await pool.send({ path: '/busy' }, () => assert.fail('read is only called for a success'));
  assert.ok(!busy.ok);
  assert.equal(busy.error.code, 'HTTP_429');
  assert.equal(busy.error.retryAfterMs, 3_000);
  assert.deepEqual(busy.error.context, { status: 429, method: 'GET', url: `${server.origin}/busy`, retryable: true });
  const down = await pool.send({ path: '/down' }, (r) => r.body.text());
  assert.ok(!down.ok && down.error.code === 'HTTP_503' && down.error.retryAfterMs !== undefined);
  assert.ok(down.error.retryAfterMs > 50_000 && down.error.retryAfterMs <= 60_000);
  const missing = await pool.send({ method: 'POST', path: '/nope', body: '{}' }, (r) => r.body.text());
  assert.ok(!missing.ok);
  assert.equal(missing.error.code, 'HTTP_404');
  assert.deepEqual(missing.error.context, { status: 404, method: 'POST', url: `${server.origin}/nope`, retryable: false });
  await poolSettled(pool);
});

test('HttpPool: keep-alive reuses connections and never opens more than `connections`', async () => {
  await using server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 5));
  await using pool = await createHttpPool(server.origin, { connections: 3 });
  for (let i = 0; i < 20; i++) assert.ok((await pool.send({ path: `/seq/${i}` }, (r) => r.body.text())).ok);
  assert.equal(server.sockets.total, 1, 'sequential requests share one keep-alive connection');
  const results = await Promise.all(Array.from({ length: 60 }, (_, i) => pool.send({ path: `/par/${i}` }, (r) => r.body.text())));
  assert.ok(results.every((r) => r.ok));
  assert.equal(server.sockets.total, 3);
  assert.equal(server.sockets.maxOpen, 3);
  await poolSettled(pool);
});

test('HttpPool.send: a body read to its end, half read, or left unread up to 64 KiB keeps its connection; a larger unread one closes it', async () => {
  await using server = await startServer((req, res) => {
    const size = Number(req.url?.split('/')[2]);
    res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-length': String(size) }).end('x'.repeat(size));
  });
  await using pool = await createHttpPool(server.origin, { connections: 4 });
  const settledOn = async (path: string, read: Parameters<typeof pool.send>[1]): Promise<number> => {
    await pool.send({ path }, read);
    return server.sockets.total;
  };
  const ignore = (): string => 'ignored';
  const firstChunk = async (r: Parameters<Parameters<typeof pool.send>[1]>[0]): Promise<number> => {
    for await (const chunk of r.body) return (chunk as Buffer).length;
    return 0;
  };
  const allChunks = async (r: Parameters<Parameters<typeof pool.send>[1]>[0]): Promise<number> => {
    let bytes = 0;
    for await (const chunk of r.body) bytes += (chunk as Buffer).length;
    return bytes;
  };
  assert.equal(await settledOn('/text/1000', (r) => r.body.text()), 1);
  assert.equal(await settledOn('/unread/60000', ignore), 1, 'an unread body under 64 KiB is discarded and the connection reused');
  assert.equal(await settledOn('/missing/2000', ignore), 1, 'so is the body of an Err status');
  assert.equal(await settledOn('/text/10', (r) => r.body.text()), 1);
  assert.equal(await settledOn('/iterated/100000', allChunks), 1, 'a body read to its end with for await keeps its connection');
  assert.equal(await settledOn('/text/10', (r) => r.body.text()), 1);
  await settledOn('/unread/500000', ignore);
  assert.ok((await settledOn('/text/10', (r) => r.body.text())) > 1, 'a 500 KB unread body closed its connection: the next request went over a new one');
  const beforeHalf = server.sockets.total;
  await settledOn('/half/500000', firstChunk);
  assert.ok((await settledOn('/text/10', (r) => r.body.text())) > beforeHalf, 'so did breaking out of a body after its first chunk');
  await eventually(() => server.sockets.open === pool.stats().connected, 'the server saw the closed connections close');
  await poolSettled(pool);
});

test('HttpPool: a POST on a keep-alive connection the server drops is an Err, sent once, never retried by the transport', async () => {
  let posts = 0;
  await using server = await startServer((req, res, socket) => {
    if (req.method === 'POST') {
      posts++;
      socket.destroy();
    } else res.end('warm');
  });
  await using pool = await createHttpPool(server.origin, { connections: 1 });
  assert.ok((await pool.send({ path: '/warm' }, (r) => r.body.text())).ok);
  const posted = await pool.send({ method: 'POST', path: '/write', body: 'payload' }, (r) => r.body.text());
  assert.ok(!posted.ok);
  assert.equal(posted.error.code, 'HTTP_NETWORK');
  assert.equal(posted.error.context?.['retryable'], true);
  assert.equal(posts, 1);
});

test('HttpPool: an unreachable server is HTTP_NETWORK naming the URL; a silent one is HTTP_TIMEOUT; both in bounded time', async () => {
  const origin = await unusedOrigin();
  await using unreachable = await createHttpPool(origin, { connectTimeoutMs: 1_000 });
  const refused = await unreachable.send({ path: '/x' }, (r) => r.body.text());
  assert.ok(!refused.ok);
  assert.equal(refused.error.code, 'HTTP_NETWORK');
  assert.match(refused.error.msg, new RegExp(`^GET ${origin}/x failed: network error \\(ECONNREFUSED`));
  await poolSettled(unreachable);

  await using silent = await startServer(() => {});
  await using pool = await createHttpPool(silent.origin, { headersTimeoutMs: 150 });
  const timedOut = await pool.send({ path: '/hang' }, (r) => r.body.text());
  assert.ok(!timedOut.ok);
  assert.equal(timedOut.error.code, 'HTTP_TIMEOUT');
  assert.deepEqual(timedOut.error.context, { method: 'GET', url: `${silent.origin}/hang`, retryable: true, errno: 'UND_ERR_HEADERS_TIMEOUT' });
  await poolSettled(pool);
});

test('HttpPool.send: an abort rejects with the signal\'s own reason and frees the connection', async () => {
  await using server = await startServer(() => {});
  await using pool = await createHttpPool(server.origin, { connections: 1 });
  const controller = new AbortController();
  const reason = new Error('caller gave up');
  const sent = pool.send({ path: '/hang' }, (r) => r.body.text(), { signal: controller.signal });
  await eventually(() => server.requests.length === 1, 'the request reached the server');
  controller.abort(reason);
  await assert.rejects(sent, (e) => e === reason);
  await poolSettled(pool);
  await eventually(() => server.sockets.open === 0, 'the aborted request closed its socket');
});

test('HttpPool: disposal waits for requests in flight, then destroys them after closeTimeoutMs', async () => {
  await using server = await startServer((req, res) => {
    if (req.url === '/quick') setTimeout(() => res.end('done'), 30);
  });
  const pool = await createHttpPool(server.origin, { closeTimeoutMs: 100 });
  const quick = pool.send({ path: '/quick' }, (r) => r.body.text());
  const hanging = pool.send({ path: '/hang' }, (r) => r.body.text());
  await eventually(() => server.requests.length === 2, 'both requests reached the server');
  const started = Date.now();
  await pool[Symbol.asyncDispose]();
  assert.ok(Date.now() - started < 2_000, 'close gave up at its deadline');
  assert.deepEqual(await quick, ok('done'));
  const lost = await hanging;
  assert.ok(!lost.ok && lost.error.code === 'HTTP_NETWORK');
  assert.equal(pool.dispatcher.destroyed, true);
  await pool.close();
  await eventually(() => server.sockets.open === 0, 'every socket closed');
});

test('createHttpPool: options are validated', async () => {
  await assert.rejects(createHttpPool('ftp://x'), /createHttpPool: expected `origin` to be an http\(s\) URL/);
  await assert.rejects(createHttpPool('http://127.0.0.1:1', { connections: 0 }), RangeError);
  await assert.rejects(createHttpPool('http://127.0.0.1:1', { connections: null as never }), /`options.connections` to be an integer >= 1, got null/);
  await using pool = await createHttpPool('http://127.0.0.1:1');
  assert.equal(pool.connections, 10);
  await assert.rejects(pool.send({ path: 'no-slash' }, (r) => r.body.text()), /`request.path` to be a string starting with '\/'/);
});
