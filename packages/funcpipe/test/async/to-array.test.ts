import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { bracket } from '../../src/async/bracket.js';
import { of } from '../../src/async/from-iterable.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, buildShape, trackedSource } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

test('toArray collects every item, Ok and Err, in order, and releases the source before resolving', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), fc.boolean(), async (items, slow) => {
      const rec = new Recorder();
      assert.deepEqual(await toArray()(trackedSource(rec, items, slow)), items);
      assert.equal(rec.open, 0);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('a producer failure rejects toArray after everything is released', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { minLength: 1, maxLength: 6 }), fc.nat(5), async (items, at) => {
      const rec = new Recorder();
      const failAt = at % items.length;
      const gen = bracket(() => rec.acquire('outer'), () => buildShape({ kind: 'producer', items, failAt, slow: false }, rec), (r) => rec.release(r));
      await assert.rejects(toArray()(gen), (e: unknown) => e === rec.faults[0]);
      rec.assertAllReleased();
    }),
    { numRuns: 50, includeErrorInReport: true },
  );
});

test('a cleanup failure rejects toArray even though every item was collected', async () => {
  const failure = new Error('close failed');
  const gen = bracket(() => 'r', () => of(1, 2), () => {
    throw failure;
  });
  await assert.rejects(toArray()(gen), (e: unknown) => e === failure);
});

test('toArray with an aborted or aborting signal rejects with its reason', async () => {
  const reason = new Error('no');
  await assert.rejects(toArray({ signal: AbortSignal.abort(reason) })(of(1)), (e: unknown) => e === reason);
  const controller = new AbortController();
  const slow = fromProducer(async function* (signal) {
    yield 1;
    controller.abort(reason);
    await sleep(2_000, undefined, { signal });
  });
  await assert.rejects(pipe(slow, toArray({ signal: controller.signal })), (e: unknown) => e === reason);
  assert.deepEqual(await pipe(fromResults([]), toArray()), []);
});
