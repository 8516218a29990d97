import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Async, pipe, type ErrInfo, type Result } from 'funcpipe';
import { createHttpPool, responseLines } from '../../src/http.js';
import { eventually, poolSettled, startServer, unusedOrigin } from '../support/http-server.js';

function summary(items: Result<string, ErrInfo>[]): string[] {
  return items.map((r) => (r.ok ? r.value : r.error.code));
}

test('responseLines: the lines of a body streamed in odd chunks, CRLF and a last line without newline', async () => {
  await using server = await startServer((_req, res) => {
    const parts = ['{"a":', '1}\r\n{"b"', ':2}\n\n', '€'.slice(0, 1), 'tail'];
    const send = (): void => {
      const part = parts.shift();
      if (part === undefined) res.end();
      else res.write(part, () => setTimeout(send, 2));
    };
    send();
  });
  await using pool = await createHttpPool(server.origin);
  const lines = responseLines(pool, { path: '/events' });
  assert.deepEqual(summary(await pipe(lines, Async.toArray())), ['{"a":1}', '{"b":2}', '', '€tail']);
  assert.deepEqual(summary(await pipe(lines, Async.toArray())), ['{"a":1}', '{"b":2}', '', '€tail'], 'replayable: a second run sends again');
  assert.equal(server.requests.length, 2);
});

test('responseLines: a non-2xx status is one Err item; a lost connection mid-body follows the lines received', async () => {
  await using server = await startServer((req, res, socket) => {
    if (req.url === '/gone') res.writeHead(410).end('gone');
    else {
      res.write('one\ntwo\n');
      setTimeout(() => socket.destroy(), 20);
    }
  });
  await using pool = await createHttpPool(server.origin);
  const gone = await pipe(responseLines(pool, { path: '/gone' }), Async.toArray());
  assert.deepEqual(summary(gone), ['HTTP_410']);
  const cut = await pipe(responseLines(pool, { path: '/cut' }), Async.toArray());
  assert.deepEqual(summary(cut), ['one', 'two', 'HTTP_NETWORK']);
  assert.equal((cut[2] as { error: ErrInfo }).error.context?.['url'], `${server.origin}/cut`);
  await poolSettled(pool);
});

test('responseLines: breaking out of an endless body frees the connection; an unreachable server is one HTTP_NETWORK item', async () => {
  let cut = 0;
  await using server = await startServer((_req, res) => {
    const timer = setInterval(() => res.write('tick\n'), 1);
    res.on('close', () => {
      clearInterval(timer);
      cut++;
    });
  });
  await using pool = await createHttpPool(server.origin, { connections: 1 });
  for (let run = 0; run < 3; run++) {
    let seen = 0;
    for await (const line of responseLines(pool, { path: '/ticks' })) {
      assert.deepEqual(summary([line]), ['tick']);
      if (++seen === 5) break;
    }
    await poolSettled(pool);
    assert.equal(pool.stats().connected, pool.stats().free, 'no busy connection');
  }
  await eventually(() => cut === 3, 'the server saw each endless response cut');

  await using unreachable = await createHttpPool(await unusedOrigin());
  assert.deepEqual(summary(await pipe(responseLines(unreachable, { path: '/x' }), Async.toArray())), ['HTTP_NETWORK']);
});

test('responseLines: an abort while the body stalls rejects at once with its reason and frees the connection', async () => {
  await using server = await startServer((_req, res) => res.write('first\n'));
  await using pool = await createHttpPool(server.origin, { connections: 1 });
  const controller = new AbortController();
  const reason = new Error('enough');
  const run = responseLines(pool, { path: '/stall' }).iterate({ signal: controller.signal });
  assert.deepEqual(summary([(await run.next()).value as Result<string, ErrInfo>]), ['first']);
  const pending = run.next();
  const started = Date.now();
  controller.abort(reason);
  await assert.rejects(pending, (e) => e === reason);
  assert.ok(Date.now() - started < 1_000, 'released without waiting for the body');
  await poolSettled(pool);
  assert.equal(pool.stats().connected, pool.stats().free, 'no busy connection');
});

test('responseLines: long lines and invalid UTF-8 are Err items and the stream goes on', async () => {
  await using server = await startServer((_req, res) => {
    res.end(Buffer.concat([Buffer.from('short\n' + 'x'.repeat(5_000) + '\nbad '), Buffer.from([0xff]), Buffer.from('\nend')]));
  });
  await using pool = await createHttpPool(server.origin);
  const items = await pipe(responseLines(pool, { path: '/' }, { maxLineBytes: 100, invalidUtf8: 'error' }), Async.toArray());
  assert.deepEqual(summary(items), ['short', 'LINE_TOO_LONG', 'INVALID_UTF8', 'end']);
  assert.match((items[1] as { error: ErrInfo }).error.msg, /responseLines: line 2 of GET http:\/\/127\.0\.0\.1:\d+\/ is longer than maxLineBytes/);
});
