// Regression (found by the chaos suite): a gather child refilled synchronously while the
// consumer took an item was queued twice, overflowing the ready queue ("BoundedBuffer: capacity
// 1 exceeded"): buffer(1) over a merge, read by zip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { pipe } from '../../src/pipe.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const source = (items: readonly number[]) =>
  Async.fromProducer(async function* () {
    yield* items;
  });

test('buffer over merge, read by zip: every item once, whatever the buffer size', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(9), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(9), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), async (a, b, size) => {
      const left = pipe(Async.merge([source(a), source(b)]), Async.buffer(size));
      const right = source(Array.from({ length: a.length + b.length }, (_, i) => i));
      const out = await pipe(left, Async.zip(right), Async.toArray());
      const lefts = out.map((r) => (r.ok ? r.value[0] : Number.NaN));
      assert.deepEqual([...lefts].sort(), [...a, ...b].sort());
    }),
    { numRuns: 100 },
  );
});

test('gather with a synchronous child refilling as it is read delivers every item once', async () => {
  const out = await pipe(Async.gather([Async.fromIterable([1, 2, 3]), Async.fromIterable([4, 5])], { bufferSize: 1, concurrency: 1 }), Async.toArray());
  assert.deepEqual(out.map((r) => (r.ok ? r.value : Number.NaN)), [1, 2, 3, 4, 5]);
});
