import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { concat } from '../../src/async/concat.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();
const params = { numRuns: 100, includeErrorInReport: true };

test('concat yields the items of each stream in turn, Err items included', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(arbItem, { maxLength: 5 }), { minLength: 1, maxLength: 4 }), async (lists) => {
      const [first, ...rest] = lists.map((xs) => fromResults(xs));
      assert.deepEqual(await pipe(first as (typeof rest)[number], concat(...rest), toArray()), lists.flat());
    }),
    params,
  );
});

test('each stream opens only after the previous one is exhausted and closed; a stop opens nothing further', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(arbItem, { maxLength: 4 }), { minLength: 1, maxLength: 4 }), fc.nat(12), async (lists, k) => {
      const rec = new Recorder();
      const [first, ...rest] = lists.map((xs) => trackedSource(rec, xs));
      let seen = 0;
      for await (const item of pipe(first as (typeof rest)[number], concat(...rest))) {
        void item;
        if (seen++ === k) break;
      }
      let open = 0;
      for (const event of rec.events) {
        if (event.startsWith('acquire ')) open++;
        if (event.startsWith('release ')) open--;
        assert.ok(open <= 1, 'two streams open at once');
      }
      const before = (n: number): number => lists.slice(0, n).reduce((sum, xs) => sum + xs.length, 0);
      const opened = lists.findIndex((_, i) => before(i + 1) > k);
      assert.equal(rec.count('call producer'), opened < 0 ? lists.length : opened + 1, 'streams opened');
      rec.assertAllReleased();
    }),
    params,
  );
});

test('concat rejects an argument that is not an AsyncGen, naming its position', () => {
  assert.throws(() => concat(of(1), [2] as never), (e: unknown) => e instanceof TypeError && /concat: expected `others\[1\]` to be an AsyncGen, got an array; wrap an iterable with Async.fromIterable/.test(e.message));
});

test('concat forwards a stop to the stream it is reading', async () => {
  await checkStopForwarding((gen) => pipe(gen, concat(of(1, 2))));
  await checkStopForwarding((gen) => pipe(of(1, 2), concat(gen)));
});
