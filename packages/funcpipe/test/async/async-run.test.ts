import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { DEFAULT_CLOSE_TIMEOUT_MS } from '../../src/async/async-run.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { map } from '../../src/async/map.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { Recorder, errorsIn, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, buildShape, trackedSource } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();
const DONE = { done: true, value: undefined };

test('a run is its own async iterator; after the end, next() and return() keep answering done', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 5 }), async (items) => {
      const run = fromResults(items)[Symbol.asyncIterator]();
      assert.equal(run[Symbol.asyncIterator](), run);
      for (const item of items) assert.deepEqual(await run.next(), { done: false, value: item });
      assert.deepEqual(await run.next(), DONE);
      assert.deepEqual(await run.next(), DONE);
      assert.deepEqual(await run.return(), DONE);
      assert.deepEqual(await run.return(), DONE);
    }),
    { numRuns: 50, includeErrorInReport: true },
  );
});

test('next() calls made without waiting settle in order, one item each', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 8 }), fc.nat(10), fc.boolean(), async (items, extra, slow) => {
      const rec = new Recorder();
      const run = trackedSource(rec, items, slow)[Symbol.asyncIterator]();
      const steps = await Promise.all(Array.from({ length: items.length + extra }, () => run.next()));
      assert.deepEqual(steps, [...items.map((value) => ({ done: false, value })), ...Array.from({ length: extra }, () => DONE)]);
      if (extra > 0) assert.equal(rec.open, 0, 'a run that answered done has released its source');
      await run.return();
      rec.assertAllReleased();
    }),
    { numRuns: 50, includeErrorInReport: true },
  );
});

test('await using stops the run at the end of the scope', async () => {
  const rec = new Recorder();
  {
    await using run = trackedSource(rec, [ok(1), ok(2)])[Symbol.asyncIterator]();
    await run.next();
    assert.equal(rec.open, 1);
  }
  assert.equal(rec.open, 0);
  rec.assertAllReleased();
});

test('the run signal is aborted when the run is stopped or fails, and not when it runs out', async () => {
  const signalOf = async (end: 'exhaust' | 'stop' | 'fail'): Promise<AbortSignal> => {
    let seen: AbortSignal | undefined;
    const failure = new Error('producer failed');
    const gen = fromProducer(async function* (signal) {
      seen = signal;
      yield 1;
      if (end === 'fail') throw failure;
      yield 2;
    });
    const run = gen[Symbol.asyncIterator]();
    await run.next();
    if (end === 'stop') await run.return();
    else if (end === 'fail') await assert.rejects(run.next(), (e: unknown) => e === failure);
    else while ((await run.next()).done !== true);
    return seen as AbortSignal;
  };
  assert.equal((await signalOf('exhaust')).aborted, false);
  const stopped = await signalOf('stop');
  assert.equal(stopped.aborted, true);
  assert.equal((stopped.reason as Error).name, 'AbortError');
  assert.equal((await signalOf('fail')).aborted, true);
});

test('after a failure was reported, the run is over: next() answers done', async () => {
  const rec = new Recorder();
  const run = buildShape({ kind: 'producer', items: [ok(1), ok(2), ok(3)], failAt: 1, slow: false }, rec)[Symbol.asyncIterator]();
  assert.equal((await run.next()).done, false);
  await assert.rejects(run.next(), (e: unknown) => e === rec.faults[0]);
  assert.deepEqual(await run.next(), DONE);
  rec.assertAllReleased();
});

test('an external abort between pulls makes the next pull reject with the reason, after cleanup', async () => {
  const events: string[] = [];
  const controller = new AbortController();
  const gen = fromProducer(async function* () {
    try {
      yield 1;
      yield 2;
    } finally {
      await sleep(5);
      events.push('released');
    }
  });
  const run = gen.iterate({ signal: controller.signal });
  await run.next();
  controller.abort(new Error('stop'));
  await assert.rejects(run.next(), (e: unknown) => e === controller.signal.reason);
  assert.deepEqual(events, ['released']);
});

test('a failure in a pull that a stop interrupts is not lost (return() reports it, an abort merges it)', async () => {
  const failure = new Error('stage failed');
  const failing = () =>
    pipe(
      of(1),
      map(() => {
        throw failure;
      }),
    );
  const stopped = failing().iterate();
  const pull = stopped.next();
  await assert.rejects(stopped.return(), (e: unknown) => errorsIn(e).includes(failure), 'return() must report the failure it interrupted');
  assert.deepEqual(await pull, DONE);
  const controller = new AbortController();
  const aborted = failing().iterate({ signal: controller.signal });
  const abortedPull = aborted.next();
  controller.abort(new Error('stop'));
  await assert.rejects(abortedPull, (e: unknown) => errorsIn(e).includes(failure), 'the abort must not hide the failure');
});

test('the default close deadline is 5 seconds', () => {
  assert.equal(DEFAULT_CLOSE_TIMEOUT_MS, 5_000);
});
