import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromResults } from '../../src/async/from-results.js';
import { takeWhile } from '../../src/async/take-while.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();
const params = { numRuns: 100, includeErrorInReport: true };
const arbP = fc.func(fc.boolean()).map((p) => (x: number) => p(x));

test('takeWhile keeps items until the first Ok that fails the predicate; Err items before it pass', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), arbP, async (items, p) => {
      const stop = items.findIndex((r) => r.ok && !p(r.value));
      const expected = stop < 0 ? items : items.slice(0, stop);
      assert.deepEqual(await pipe(fromResults(items), takeWhile(p), toArray()), expected);
    }),
    params,
  );
});

test('the failing item is the last one pulled: the source is closed without another pull', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 10 }), arbP, fc.boolean(), async (items, p, slow) => {
      const rec = new Recorder();
      await pipe(trackedSource(rec, items, slow), takeWhile(p), toArray());
      const stop = items.findIndex((r) => r.ok && !p(r.value));
      assert.equal(rec.count('pull '), stop < 0 ? items.length : stop + 1);
      rec.assertAllReleased();
    }),
    params,
  );
});

test('takeWhile forwards a stop to its upstream', async () => {
  await checkStopForwarding(takeWhile((x: number) => x < 15));
});
