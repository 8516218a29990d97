// fromReadableStream / fromReadableStreamFactory over real Web streams: pull-based sources that
// enqueue in bursts, Blob byte streams, one-shot and replay semantics, errors and cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { fromReadableStream, fromReadableStreamFactory } from '../../src/async/from-readable-stream.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

interface Probe {
  pulls: number;
  readonly cancels: unknown[];
}

/** A pull-based stream that enqueues `values` in bursts of `burst`, each after a macrotask; `values` undefined: endless. */
function webSource<T>(values: readonly T[] | undefined, burst: number, make: (i: number) => T = (i) => i as T): { stream: ReadableStream<T>; probe: Probe } {
  const probe: Probe = { pulls: 0, cancels: [] };
  let next = 0;
  const stream = new ReadableStream<T>(
    {
      pull(controller) {
        probe.pulls++;
        return new Promise<void>((resolve) =>
          setImmediate(() => {
            for (let i = 0; i < burst && (values === undefined || next < values.length); i++, next++) {
              controller.enqueue(values === undefined ? make(next) : (values[next] as T));
            }
            if (values !== undefined && next >= values.length) controller.close();
            resolve();
          }),
        );
      },
      cancel(reason) {
        probe.cancels.push(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, probe };
}

/** A stream that never enqueues anything: its reader blocks until cancelled. */
function silent(): { stream: ReadableStream<never>; cancels: unknown[] } {
  const cancels: unknown[] = [];
  return { stream: new ReadableStream<never>({ cancel: (reason) => void cancels.push(reason) }), cancels };
}

test('fromReadableStream yields every chunk, in order, each as an Ok item', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 30 }), fc.integer({ min: 1, max: 4 }), async (values, burst) => {
      const { stream, probe } = webSource(values, burst);
      assert.deepEqual(await pipe(fromReadableStream(stream), toArray()), values.map((v) => ok(v)));
      assert.deepEqual(probe.cancels, [], 'a stream read to its end is not cancelled');
      assert.equal(stream.locked, false, 'the reader lock is released');
    }),
    { numRuns: 60 },
  );
});

test('byte streams: the chunks of a Blob concatenate to its bytes, on every run of the factory', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 100_000 }), async (bytes) => {
      const gen = fromReadableStreamFactory(() => new Blob([bytes]).stream());
      for (let run = 0; run < 2; run++) {
        const chunks = (await pipe(gen, toArray())).map((r) => (r.ok ? r.value : assert.fail('unexpected Err item')));
        assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), bytes);
      }
    }),
    { numRuns: 20 },
  );
});

test('building and opening read nothing; the first pull starts reading', async () => {
  const { stream, probe } = webSource([1, 2], 1);
  const run = fromReadableStream(stream)[Symbol.asyncIterator]();
  assert.equal(stream.locked, false);
  assert.equal(probe.pulls, 0);
  assert.deepEqual(await run.next(), { done: false, value: ok(1) });
  assert.equal(stream.locked, true, 'the run holds a reader');
  await run.return();
  assert.equal(stream.locked, false);

  let calls = 0;
  const gen = fromReadableStreamFactory(() => {
    calls++;
    return webSource(['x'], 1).stream;
  });
  const first = gen[Symbol.asyncIterator]();
  assert.equal(calls, 0);
  assert.deepEqual(await first.next(), { done: false, value: ok('x') });
  assert.equal(calls, 1);
  await first.return();
});

test('a one-shot description refuses a second run with an error naming the replayable alternative', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { maxLength: 8 }), fc.integer({ min: 1, max: 8 }), async (values, stopAfter) => {
      const { stream } = webSource(values, 2);
      const gen = fromReadableStream(stream);
      const run = gen[Symbol.asyncIterator]();
      for (let i = 0; i < stopAfter; i++) if ((await run.next()).done === true) break;
      await run.return();
      const refused = /fromReadableStream: this ReadableStream was already consumed by an earlier run.*fromReadableStreamFactory/;
      await assert.rejects(pipe(gen, toArray()), refused);
      await assert.rejects(pipe(fromReadableStream(stream), toArray()), refused, 'another description over the same stream');
    }),
    { numRuns: 40 },
  );
});

test('a stream locked by another reader fails the run with the platform error', async () => {
  const { stream } = webSource([1], 1);
  const reader = stream.getReader();
  await assert.rejects(pipe(fromReadableStream(stream), toArray()), TypeError);
  reader.releaseLock();
});

test('a stream error fails the run after the chunks before it, and the lock is released', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { maxLength: 10 }), async (values) => {
      const boom = new Error('upstream failed');
      let next = 0;
      const stream = new ReadableStream<number>(
        {
          pull(controller) {
            if (next < values.length) controller.enqueue(values[next++] as number);
            else controller.error(boom);
          },
        },
        { highWaterMark: 0 },
      );
      const run = fromReadableStream(stream)[Symbol.asyncIterator]();
      const seen: number[] = [];
      await assert.rejects(
        (async () => {
          for (let step = await run.next(); step.done !== true; step = await run.next()) if (step.value.ok) seen.push(step.value.value);
        })(),
        (e) => e === boom,
      );
      assert.deepEqual(seen, values);
      assert.equal(stream.locked, false);
    }),
    { numRuns: 40 },
  );
});

test('stopping a run blocked in read() cancels the stream at once, with an AbortError reason', async () => {
  const { stream, cancels } = silent();
  const run = fromReadableStream(stream)[Symbol.asyncIterator]();
  const events: string[] = [];
  const pending = run.next().then((step) => events.push(`pending settled done=${String(step.done)}`));
  await new Promise((resolve) => setImmediate(resolve));
  const stopped = run.return().then(() => events.push(`return resolved, cancels=${cancels.length}`));
  await Promise.all([pending, stopped]);
  assert.deepEqual(events, ['pending settled done=true', 'return resolved, cancels=1']);
  assert.equal((cancels[0] as Error).name, 'AbortError');
  assert.equal(stream.locked, false);
});

test('take(k) on an endless stream cancels it exactly once', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5 }), async (k, burst) => {
      const { stream, probe } = webSource<number>(undefined, burst);
      assert.deepEqual(await pipe(fromReadableStream(stream), take(k), toArray()), Array.from({ length: k }, (_, i) => ok(i)));
      assert.equal(probe.cancels.length, 1);
    }),
    { numRuns: 40 },
  );
});

test('a failing cancel is reported as the cleanup error of the stop', async () => {
  const cancelFailure = new Error('cannot cancel');
  const stream = new ReadableStream<number>({
    start(controller) {
      controller.enqueue(1);
    },
    cancel() {
      throw cancelFailure;
    },
  });
  const run = fromReadableStream(stream)[Symbol.asyncIterator]();
  assert.deepEqual(await run.next(), { done: false, value: ok(1) });
  await assert.rejects(run.return(), (e) => e === cancelFailure);
  assert.equal(stream.locked, false);
});

test('bad arguments get a TypeError naming the function and the argument', async () => {
  for (const bad of [undefined, null, 7, 'x', {}, [1], Readable.from([1])]) {
    assert.throws(() => fromReadableStream(bad as never), (e) => e instanceof TypeError && /^fromReadableStream: expected `stream` to be a ReadableStream, got /.test(e.message));
  }
  assert.throws(() => fromReadableStreamFactory(undefined as never), /^TypeError: fromReadableStreamFactory: expected `factory` to be a function, got undefined/);
  await assert.rejects(
    pipe(fromReadableStreamFactory(() => ({}) as never), toArray()),
    (e) => e instanceof TypeError && e.message === 'fromReadableStreamFactory: expected `factory` to return a ReadableStream, got an object (Object)',
  );
});
