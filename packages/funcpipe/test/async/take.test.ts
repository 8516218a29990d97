import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromResults } from '../../src/async/from-results.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();
const params = { numRuns: 100, includeErrorInReport: true };

test('take(n) keeps the first n items, Ok and Err alike', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), fc.nat(12), async (items, n) => {
      assert.deepEqual(await pipe(fromResults(items), take(n), toArray()), items.slice(0, n));
    }),
    params,
  );
});

test('after the n-th item the source is closed without another pull, before the item is handed out', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 10 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), async (items, n, slow) => {
      const rec = new Recorder();
      let delivered = 0;
      for await (const item of pipe(trackedSource(rec, items, slow), take(n))) {
        void item;
        rec.note(`deliver ${++delivered}`);
      }
      assert.equal(delivered, Math.min(n, items.length));
      assert.equal(rec.count('pull '), Math.min(n, items.length), 'pulls');
      if (n <= items.length) {
        assert.ok(rec.events.indexOf('release producer#0') < rec.events.indexOf(`deliver ${n}`), 'closed before the n-th item is handed out');
      }
      rec.assertAllReleased();
    }),
    params,
  );
});

test('take(0) never calls the producer', async () => {
  const rec = new Recorder();
  assert.deepEqual(await pipe(trackedSource(rec, []), take(0), toArray()), []);
  assert.deepEqual(rec.events, []);
});

test('take forwards a stop to its upstream', async () => {
  await checkStopForwarding(take(3));
});
