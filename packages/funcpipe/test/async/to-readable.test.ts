// toReadable: a run as a Node Readable. Round trips through fromReadable, backpressure, Err
// items, and the lifetime rule "end/close/error only after the run's cleanup", with real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import { fromIterable } from '../../src/async/from-iterable.js';
import { fromProducer, fromResultProducer } from '../../src/async/from-producer.js';
import { fromReadable } from '../../src/async/from-readable.js';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { ErrItemError, toReadable } from '../../src/async/to-readable.js';
import { pipe } from '../../src/pipe.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** Records the lifecycle events of a readable; resolves when it has closed. */
function watch(readable: Readable, events: string[]): Promise<unknown> {
  readable.on('end', () => events.push('end'));
  return new Promise((resolve) => {
    let error: unknown;
    readable.on('error', (e) => {
      events.push('error');
      error = e;
    });
    readable.on('close', () => {
      events.push('close');
      resolve(error);
    });
  });
}

const arbValue = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(undefined), fc.record({ k: fc.nat(9) }));

test('round trip: fromReadable(toReadable(gen)) yields the items of gen', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbValue, { maxLength: 30 }), fc.integer({ min: 0, max: 8 }), async (values, highWaterMark) => {
      const readable = pipe(fromIterable(values), toReadable({ highWaterMark }));
      assert.deepEqual(await pipe(fromReadable(readable), toArray()), values.map((v) => ok(v)));
    }),
    { numRuns: 80 },
  );
});

test('creating the readable runs nothing; each _read pulls one item, so the run stays within highWaterMark + 1 of the reader', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 6 }), async (n, highWaterMark) => {
      let produced = 0;
      let consumed = 0;
      let lead = 0;
      const gen = fromProducer(function* () {
        for (let i = 0; i < n; i++) {
          produced++;
          lead = Math.max(lead, produced - consumed);
          yield i;
        }
      });
      const readable = pipe(gen, toReadable({ highWaterMark }));
      await tick();
      assert.equal(produced, 0, 'nothing runs before someone reads');
      const seen: unknown[] = [];
      for await (const value of readable) {
        seen.push(value);
        consumed++;
        await tick();
      }
      assert.deepEqual(seen, Array.from({ length: n }, (_, i) => i));
      assert.ok(lead <= highWaterMark + 1, `the producer ran ${lead} items ahead of the reader`);
    }),
    { numRuns: 40 },
  );
});

test('byte mode through stream.pipeline into a real file writes every value, and the producer finished first', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'funcpipe-to-readable-'));
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b))), { maxLength: 40 }), async (chunks) => {
        const file = path.join(dir, 'out.bin');
        let finished = false;
        const gen = fromProducer(async function* () {
          try {
            yield* chunks;
          } finally {
            finished = true;
          }
        });
        await pipeline(pipe(gen, toReadable({ objectMode: false })), fs.createWriteStream(file));
        assert.ok(finished);
        assert.deepEqual(fs.readFileSync(file), Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
      }),
      { numRuns: 25 },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('end and close are emitted only after the run cleanup: the producer finally has run', async () => {
  const events: string[] = [];
  const gen = fromProducer(async function* () {
    try {
      yield 1;
      yield 2;
    } finally {
      await tick();
      events.push('producer finally');
    }
  });
  const readable = pipe(gen, toReadable());
  const closed = watch(readable, events);
  readable.resume();
  assert.equal(await closed, undefined);
  assert.deepEqual(events, ['producer finally', 'end', 'close']);
});

test('destroy() by the consumer stops a blocked producer: its finally runs before close', async () => {
  const events: string[] = [];
  const gen = fromProducer(async function* (signal) {
    try {
      yield 'first';
      await sleep(60_000, undefined, { signal });
      yield 'never';
    } finally {
      events.push('producer finally');
    }
  });
  const readable = pipe(gen, toReadable());
  const closed = watch(readable, events);
  readable.once('data', (chunk) => {
    events.push(`data ${String(chunk)}`);
    setImmediate(() => {
      events.push('destroy');
      readable.destroy();
    });
  });
  assert.equal(await closed, undefined);
  assert.deepEqual(events, ['data first', 'destroy', 'producer finally', 'close']);
});

test('an Err item destroys the stream with an ErrItemError carrying its ErrInfo, after cleanup', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { maxLength: 8 }), fc.string({ maxLength: 8 }), async (before, code) => {
      const info = errInfo(code, `bad item ${code}`, { index: before.length });
      const events: string[] = [];
      const gen = fromResultProducer(async function* () {
        try {
          yield* before.map((v) => ok(v));
          yield err(info);
          yield ok(-1);
        } finally {
          events.push('producer finally');
        }
      });
      const readable = pipe(gen, toReadable());
      const seen: unknown[] = [];
      readable.on('data', (v) => seen.push(v));
      const error = await watch(readable, events);
      assert.ok(error instanceof ErrItemError);
      assert.equal(error.error, info);
      assert.equal(error.cause, info);
      assert.equal(error.message, `toReadable: the stream produced an Err item (${code}: bad item ${code})`);
      assert.deepEqual(seen, before);
      assert.deepEqual(events, ['producer finally', 'error', 'close']);
    }),
    { numRuns: 30 },
  );
});

test('results: true emits the Result items themselves and ends normally', async () => {
  const items = [ok(1), err(errInfo('E', 'e')), ok(2)];
  const readable = pipe(fromResults(items), toReadable({ results: true }));
  assert.deepEqual(await readable.toArray(), items);
});

test('a null value fails the stream with a TypeError (null means end to a Readable)', async () => {
  const readable = pipe(fromIterable([1, null, 3]), toReadable());
  const seen: unknown[] = [];
  readable.on('data', (v) => seen.push(v));
  const error = await watch(readable, []);
  assert.ok(error instanceof TypeError && /toReadable: a value was null/.test(error.message));
  assert.deepEqual(seen, [1]);
});

test('a producer error becomes the stream error, after the producer finally', async () => {
  const boom = new Error('producer failed');
  const events: string[] = [];
  const gen = fromProducer(async function* () {
    try {
      yield 1;
      throw boom;
    } finally {
      events.push('producer finally');
    }
  });
  const readable = pipe(gen, toReadable());
  readable.resume();
  assert.equal(await watch(readable, events), boom);
  assert.deepEqual(events, ['producer finally', 'error', 'close']);
});

test('a cleanup failure is the stream error; with an Err item in flight both are kept', async () => {
  const cleanupFailure = new Error('release failed');
  const failingRelease = <T>(items: Result<T, ErrInfo>[]) =>
    fromResultProducer(async function* () {
      try {
        yield* items;
      } finally {
        throw cleanupFailure;
      }
    });
  const events: string[] = [];
  const plain = pipe(failingRelease([ok(1), ok(2)]), toReadable());
  plain.resume();
  assert.equal(await watch(plain, events), cleanupFailure);
  assert.deepEqual(events, ['error', 'close'], 'no end: the stream did not finish cleanly');

  const info = errInfo('BAD', 'bad');
  const withErr = pipe(failingRelease([ok(1), err(info), ok(2)]), toReadable());
  withErr.resume();
  const error = await watch(withErr, []);
  assert.ok(error instanceof SuppressedError);
  assert.equal(error.error, cleanupFailure);
  assert.ok(error.suppressed instanceof ErrItemError && error.suppressed.error === info);
});

test('an external signal stops the run; the stream errors with its reason', async () => {
  const controller = new AbortController();
  const events: string[] = [];
  const gen = fromProducer(async function* (signal) {
    try {
      yield 1;
      await sleep(60_000, undefined, { signal });
    } finally {
      events.push('producer finally');
    }
  });
  const readable = pipe(gen, toReadable({ signal: controller.signal }));
  readable.once('data', () => setImmediate(() => controller.abort(new Error('shutdown'))));
  const error = await watch(readable, events);
  assert.ok(error instanceof Error && error.message === 'shutdown');
  assert.deepEqual(events, ['producer finally', 'error', 'close']);
});

test('bad arguments get a TypeError naming the function and the argument', () => {
  assert.throws(() => toReadable({ results: true, objectMode: false }), /^TypeError: toReadable: `options.results` needs object mode/);
  assert.throws(() => toReadable({ objectMode: 'yes' as never }), /^TypeError: toReadable: expected `options.objectMode` to be a boolean, got the string "yes"/);
  assert.throws(() => toReadable({ highWaterMark: -1 }), /^RangeError: toReadable: expected `options.highWaterMark` to be an integer >= 0, got -1/);
  assert.throws(() => toReadable({ signal: 'x' as never }), /^TypeError: toReadable: expected `signal` to be an AbortSignal/);
  assert.throws(() => toReadable()([1, 2] as never), /^TypeError: toReadable: expected `gen` to be an AsyncGen, got an array/);
});
