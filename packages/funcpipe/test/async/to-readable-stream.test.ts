// toReadableStream: a run as a Web ReadableStream. Round trips, one pull per read, Err items, the
// lifetime rule "close only after cleanup", and a real HTTP server on 127.0.0.1 read with fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import { fromIterable } from '../../src/async/from-iterable.js';
import { fromProducer, fromResultProducer } from '../../src/async/from-producer.js';
import { fromReadableStream } from '../../src/async/from-readable-stream.js';
import { fromResults } from '../../src/async/from-results.js';
import { map } from '../../src/async/map.js';
import { toArray } from '../../src/async/to-array.js';
import { ErrItemError } from '../../src/async/to-readable.js';
import { toReadableStream } from '../../src/async/to-readable-stream.js';
import { pipe } from '../../src/pipe.js';
import { errInfo } from '../../src/result/err-info.js';
import { err, ok } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const encoder = new TextEncoder();

/** Serves, for every request, the stream `body()` returns, through Readable.fromWeb; `onServed` gets each pipeline's outcome. */
async function serve(body: () => ReadableStream<Uint8Array>, onServed: (outcome: string) => void = () => {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain');
    pipeline(Readable.fromWeb(body() as NodeReadableStream<Uint8Array>), res).then(
      () => onServed('served'),
      (e: unknown) => onServed(`pipeline failed: ${(e as Error).message}`),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** An endless producer of text lines that waits `pauseMs` (honouring the signal) between lines; its finally is recorded. */
function endlessLines(record: (event: string) => void, pauseMs: number) {
  return pipe(
    fromProducer(async function* (signal) {
      try {
        for (let i = 0; ; i++) {
          yield `line ${i}\n`;
          await sleep(pauseMs, undefined, { signal });
        }
      } finally {
        await tick();
        record('producer finally');
      }
    }),
    map((line: string) => encoder.encode(line)),
  );
}

test('round trip: fromReadableStream(toReadableStream(gen)) yields the items of gen', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)), { maxLength: 30 }), fc.integer({ min: 0, max: 4 }), async (values, highWaterMark) => {
      const stream = pipe(fromIterable(values), toReadableStream({ highWaterMark }));
      assert.deepEqual(await pipe(fromReadableStream(stream), toArray()), values.map((v) => ok(v)));
    }),
    { numRuns: 80 },
  );
});

test('nothing runs until a read; each read pulls exactly one item; cancel returns after the producer finally', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.nat(20), async (n, k) => {
      const reads = Math.min(k, n);
      const events: string[] = [];
      let produced = 0;
      const gen = fromProducer(async function* () {
        try {
          for (let i = 0; i < n; i++) {
            produced++;
            yield i;
          }
        } finally {
          await tick();
          events.push('producer finally');
        }
      });
      const stream = pipe(gen, toReadableStream());
      await tick();
      assert.equal(produced, 0);
      const reader = stream.getReader();
      for (let i = 0; i < reads; i++) {
        assert.deepEqual(await reader.read(), { done: false, value: i });
        await tick();
        assert.equal(produced, i + 1, 'one item per read, none ahead');
      }
      await reader.cancel();
      events.push('cancel resolved');
      assert.deepEqual(events, reads > 0 ? ['producer finally', 'cancel resolved'] : ['cancel resolved']);
    }),
    { numRuns: 40 },
  );
});

test('the stream closes only after the run cleanup: the producer finally has run when read() sees the end', async () => {
  const events: string[] = [];
  const gen = fromProducer(async function* () {
    try {
      yield 'a';
    } finally {
      await tick();
      events.push('producer finally');
    }
  });
  const reader = pipe(gen, toReadableStream()).getReader();
  assert.deepEqual(await reader.read(), { done: false, value: 'a' });
  assert.deepEqual(await reader.read(), { done: true, value: undefined });
  events.push('end seen');
  assert.deepEqual(events, ['producer finally', 'end seen']);
});

test('as a Response body, the text is the concatenation of the values', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string({ maxLength: 12 }), { maxLength: 20 }), async (parts) => {
      const body = pipe(fromIterable(parts), map((s: string) => encoder.encode(s)), toReadableStream());
      assert.equal(await new Response(body).text(), parts.join(''));
    }),
    { numRuns: 40 },
  );
});

test('served by a real HTTP server on 127.0.0.1 and read back with fetch', async () => {
  let parts: string[] = [];
  const server = await serve(() => pipe(fromIterable(parts), map((s: string) => encoder.encode(s)), toReadableStream()));
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { maxLength: 30 }), async (generated) => {
        parts = generated;
        const response = await fetch(server.url);
        assert.equal(await response.text(), generated.join(''));
      }),
      { numRuns: 15 },
    );
  } finally {
    await server.close();
  }
});

test('a client that aborts mid-stream stops the server-side run: the producer finally runs', async () => {
  const events: string[] = [];
  let producerFinished: () => void = () => {};
  let serverSettled: () => void = () => {};
  const bothDone = Promise.all([new Promise<void>((resolve) => (producerFinished = resolve)), new Promise<void>((resolve) => (serverSettled = resolve))]);
  const record = (event: string): void => {
    events.push(event);
    producerFinished();
  };
  const server = await serve(
    () => pipe(endlessLines(record, 20), toReadableStream()),
    (outcome) => {
      events.push(`server ${outcome.startsWith('pipeline failed') ? 'pipeline failed' : outcome}`);
      serverSettled();
    },
  );
  try {
    const client = new AbortController();
    const response = await fetch(server.url, { signal: client.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /^line 0/);
    events.push('client aborts');
    client.abort();
    await bothDone;
    assert.equal(events[0], 'client aborts');
    assert.deepEqual(events.slice(1).sort(), ['producer finally', 'server pipeline failed']);
  } finally {
    await server.close();
  }
});

test('reader.cancel() while the producer is blocked settles the pending read and returns after its finally', async () => {
  const events: string[] = [];
  const reader = pipe(endlessLines((e) => events.push(e), 60_000), toReadableStream()).getReader();
  await reader.read();
  const pending = reader.read();
  await reader.cancel('enough');
  events.push('cancel resolved');
  assert.deepEqual(events, ['producer finally', 'cancel resolved']);
  assert.equal((await pending).done, true);
});

test('an Err item errors the stream with an ErrItemError carrying its ErrInfo, after cleanup', async () => {
  const info = errInfo('PARSE', 'line 3 is not JSON', { index: 2 });
  const events: string[] = [];
  const gen = fromResultProducer(async function* () {
    try {
      yield ok(1);
      yield err(info);
      yield ok(2);
    } finally {
      events.push('producer finally');
    }
  });
  const reader = pipe(gen, toReadableStream()).getReader();
  assert.deepEqual(await reader.read(), { done: false, value: 1 });
  const error: unknown = await reader.read().then(
    () => assert.fail('expected the read to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ErrItemError && error.error === info);
  assert.equal(error.message, 'toReadableStream: the stream produced an Err item (PARSE: line 3 is not JSON)');
  assert.deepEqual(events, ['producer finally']);
});

test('results: true enqueues the Result items themselves', async () => {
  const items = [ok(1), err(errInfo('E', 'e')), ok(2)];
  const stream = pipe(fromResults(items), toReadableStream({ results: true }));
  const seen: unknown[] = [];
  for await (const item of stream as unknown as AsyncIterable<unknown>) seen.push(item);
  assert.deepEqual(seen, items);
});

test('a cleanup failure errors the stream at its end, and rejects a cancel', async () => {
  const cleanupFailure = new Error('release failed');
  const gen = fromProducer(async function* () {
    try {
      yield 1;
      yield 2;
    } finally {
      throw cleanupFailure;
    }
  });
  const ended = pipe(gen, toReadableStream()).getReader();
  await ended.read();
  await ended.read();
  await assert.rejects(ended.read(), (e) => e === cleanupFailure);

  const cancelled = pipe(gen, toReadableStream()).getReader();
  await cancelled.read();
  await assert.rejects(cancelled.cancel(), (e) => e === cleanupFailure);
});

test('an external signal stops the run; the pending read rejects with its reason', async () => {
  const controller = new AbortController();
  const events: string[] = [];
  const reader = pipe(endlessLines((e) => events.push(e), 60_000), toReadableStream({ signal: controller.signal })).getReader();
  await reader.read();
  const pending = reader.read();
  await tick();
  controller.abort(new Error('shutdown'));
  await assert.rejects(pending, /shutdown/);
  assert.deepEqual(events, ['producer finally']);
});

test('bad arguments get a TypeError naming the function and the argument', () => {
  assert.throws(() => toReadableStream({ results: 1 as never }), /^TypeError: toReadableStream: expected `options.results` to be a boolean, got number 1/);
  assert.throws(() => toReadableStream({ highWaterMark: 1.5 }), /^TypeError: toReadableStream: expected `options.highWaterMark` to be an integer >= 0, got number 1.5/);
  assert.throws(() => toReadableStream({ closeTimeoutMs: -1 }), /^RangeError: toReadableStream: expected `options.closeTimeoutMs`/);
  assert.throws(() => toReadableStream()(new ReadableStream() as never), /^TypeError: toReadableStream: expected `gen` to be an AsyncGen, got an object \(ReadableStream\)/);
});
