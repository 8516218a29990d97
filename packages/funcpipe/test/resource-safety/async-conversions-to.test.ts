// Resource safety of toReadable / toReadableStream: whatever the consumer of the Node or Web
// stream does (reads to the end, breaks, throws, destroys or cancels while the producer is
// blocked, aborts the run) and whatever the producer does (fails, yields an Err), the
// producer's resources are released exactly once, LIFO, before the stream reports its end
// (close, done, cancel resolved, error). Then chains of conversions: releases stay LIFO across
// every level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { fromResultProducer } from '../../src/async/from-producer.js';
import { fromReadableFactory } from '../../src/async/from-readable.js';
import { fromReadableStream } from '../../src/async/from-readable-stream.js';
import { toArray } from '../../src/async/to-array.js';
import { ErrItemError, toReadable } from '../../src/async/to-readable.js';
import { toReadableStream } from '../../src/async/to-readable-stream.js';
import { pipe } from '../../src/pipe.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok } from '../../src/result/result.js';
import { failOnUnhandledRejections, Recorder } from '../support/recorder.js';

failOnUnhandledRejections();

type Exit = 'end' | 'break' | 'throw' | 'producerError' | 'errItem' | 'abort' | 'stopBlocked';

const boom = new Error('producer failed');
const info = errInfo('BAD_ITEM', 'an item failed');

/** A producer holding two nested resources (outer, then inner) that fails, yields an Err, or blocks at `at` as `exit` says. */
function producer(rec: Recorder, n: number, exit: Exit, at: number): AsyncGen<number, ErrInfo> {
  return fromResultProducer(async function* (signal) {
    const outer = rec.acquire('outer');
    try {
      const inner = rec.acquire('inner');
      try {
        for (let i = 0; i < n; i++) {
          if (i === at && exit === 'producerError') throw boom;
          if (i === at && exit === 'errItem') yield err<ErrInfo, number>(info);
          if (i === at && (exit === 'abort' || exit === 'stopBlocked')) {
            rec.note('producer blocks');
            await sleep(60_000, undefined, { signal });
          }
          yield ok<number, ErrInfo>(i);
        }
      } finally {
        rec.release(inner);
      }
    } finally {
      rec.release(outer);
    }
  });
}

/** What the stream's consumer expects to see end it. */
function expectedFailure(exit: Exit, reason: Error): ((e: unknown) => boolean) | undefined {
  if (exit === 'producerError') return (e) => e === boom;
  if (exit === 'errItem') return (e) => e instanceof ErrItemError && e.error === info;
  if (exit === 'abort') return (e) => e === reason;
  return undefined;
}

/** Consumes a Node readable along `exit`; notes 'stream closed' on its close event and returns when it closed. */
async function consumeNode(readable: Readable, exit: Exit, at: number, abort: () => void, rec: Recorder, reason: Error): Promise<void> {
  const closed = new Promise<void>((resolve) => readable.on('close', resolve)).then(() => rec.note('stream closed'));
  let failure: unknown;
  let received = 0;
  const block = (): void => {
    if (exit === 'abort') setImmediate(abort);
    if (exit === 'stopBlocked') setImmediate(() => readable.destroy());
  };
  if (at === 0) block();
  try {
    for await (const value of readable) {
      if (received === at && (exit === 'break' || exit === 'throw')) {
        if (exit === 'break') break;
        throw new Error('consumer threw');
      }
      assert.equal(value, received++);
      if (received === at) block();
    }
  } catch (e) {
    failure = e;
  }
  const expected = expectedFailure(exit, reason);
  if (expected !== undefined) assert.ok(expected(failure), `${exit}: ${String(failure)}`);
  await closed;
}

/** Consumes a Web stream along `exit`; notes 'stream closed' when the consumer saw the end, the error, or its cancel resolved. */
async function consumeWeb(stream: ReadableStream<number>, exit: Exit, at: number, abort: () => void, rec: Recorder, reason: Error): Promise<void> {
  if (exit === 'break' || exit === 'throw') {
    let received = 0;
    await (async () => {
      for await (const value of stream as unknown as AsyncIterable<number>) {
        if (received === at) {
          if (exit === 'break') break;
          throw new Error('consumer threw');
        }
        assert.equal(value, received++);
      }
    })().catch((e: unknown) => assert.equal((e as Error).message, 'consumer threw'));
    rec.note('stream closed');
    return;
  }
  const reader = stream.getReader();
  for (let i = 0; exit === 'abort' || exit === 'stopBlocked' ? i < at : true; i++) {
    const step = await reader.read().catch((e: unknown) => ({ failure: e }));
    if ('failure' in step) {
      const expected = expectedFailure(exit, reason);
      assert.ok(expected?.(step.failure), `${exit}: ${String(step.failure)}`);
      rec.note('stream closed');
      return;
    }
    if (step.done) break;
    assert.equal(step.value, i);
  }
  if (exit === 'abort' || exit === 'stopBlocked') {
    const pending = reader.read();
    await tick();
    if (exit === 'abort') {
      abort();
      await assert.rejects(pending, (e) => e === reason);
    } else {
      await reader.cancel();
      assert.equal((await pending).done, true);
    }
  }
  rec.note('stream closed');
}

const arbCase = fc
  .record({
    kind: fc.constantFrom('node' as const, 'web' as const),
    n: fc.nat(8),
    exit: fc.constantFrom<Exit>('end', 'break', 'throw', 'producerError', 'errItem', 'abort', 'stopBlocked'),
    at: fc.nat(8),
  })
  .map((c) => ({ ...c, at: Math.min(c.at, Math.max(c.n - 1, 0)), n: c.exit === 'end' ? c.n : Math.max(c.n, 1) }));

test('every consumer and producer exit path releases the producer resources once, LIFO, before the stream reports its end', async () => {
  await fc.assert(
    fc.asyncProperty(arbCase, async ({ kind, n, exit, at }) => {
      const rec = new Recorder();
      const controller = new AbortController();
      const reason = new Error('external abort');
      const abort = (): void => controller.abort(reason);
      const gen = producer(rec, n, exit, at);
      if (kind === 'node') await consumeNode(pipe(gen, toReadable({ signal: controller.signal })), exit, at, abort, rec, reason);
      else await consumeWeb(pipe(gen, toReadableStream({ signal: controller.signal })), exit, at, abort, rec, reason);
      rec.assertAllReleased();
      assert.equal(rec.acquired, 2);
      assert.equal(rec.count('release'), 2);
      const lastRelease = rec.events.findLastIndex((e) => e.startsWith('release'));
      assert.ok(lastRelease < rec.events.indexOf('stream closed'), `released before the stream reported its end: ${rec.events.join(', ')}`);
    }),
    { numRuns: 300 },
  );
});

type Level = 'node' | 'web';

/** Wraps `gen` in conversion levels, innermost first: a node level is a recorded resource (a Readable made per run, released on close). */
function chain(rec: Recorder, gen: AsyncGen<number, ErrInfo>, levels: readonly Level[]): AsyncGen<number, ErrInfo> {
  let current = gen;
  for (const level of levels) {
    const inner = current;
    const converted =
      level === 'node'
        ? fromReadableFactory<number>(() => {
            const name = rec.acquire('readable level');
            const readable = pipe(inner, toReadable());
            readable.on('close', () => rec.release(name));
            return readable;
          })
        : fromReadableStream<number>(pipe(inner, toReadableStream()));
    // The levels never yield Err items; the cast only widens `never` (AsyncGen is invariant in E).
    current = converted as unknown as AsyncGen<number, ErrInfo>;
  }
  return current;
}

test('a chain of conversions releases every level LIFO, innermost first, on every exit path', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom<Level>('node', 'web'), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 6 }),
      fc.constantFrom<Exit>('end', 'break', 'producerError', 'errItem', 'abort', 'stopBlocked'),
      fc.nat(5),
      async (levels, n, exit, rawAt) => {
        const at = Math.min(rawAt, n - 1);
        const rec = new Recorder();
        const gen = chain(rec, producer(rec, n, exit, at), levels);
        const controller = new AbortController();
        const run = gen.iterate({ signal: controller.signal });
        const reason = new Error('external abort');
        let outcome: unknown;
        try {
          if (exit === 'abort' || exit === 'stopBlocked') {
            for (let i = 0; i < at; i++) assert.deepEqual(await run.next(), { done: false, value: ok(i) });
            const pending = run.next();
            await tick();
            if (exit === 'abort') controller.abort(reason);
            else await run.return();
            await pending;
          } else {
            for (let i = 0; ; i++) {
              const step = await run.next();
              if (step.done === true || (exit === 'break' && i === at)) break;
            }
            await run.return();
          }
        } catch (e) {
          outcome = e;
        }
        rec.note('consumer exit');
        const expected = expectedFailure(exit, reason);
        if (expected !== undefined) assert.ok(expected(outcome), `${exit}: ${String(outcome)}`);
        else assert.equal(outcome, undefined);
        rec.assertAllReleased();
        assert.ok(rec.events.findLastIndex((e) => e.startsWith('release')) < rec.events.indexOf('consumer exit'), rec.events.join(', '));
      },
    ),
    { numRuns: 150 },
  );
});

test('an Err item read through a chain surfaces as the ErrItemError of the innermost conversion', async () => {
  const rec = new Recorder();
  const gen = chain(rec, producer(rec, 3, 'errItem', 1), ['node', 'web']);
  await assert.rejects(pipe(gen, toArray()), (e) => e instanceof ErrItemError && e.error === info && /^toReadable:/.test(e.message));
  rec.assertAllReleased();
});
