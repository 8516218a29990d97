import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bracket } from '../../src/async/bracket.js';
import { fromResults } from '../../src/async/from-results.js';
import { map } from '../../src/async/map.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();
const params = { numRuns: 100, includeErrorInReport: true };

test('map transforms every Ok value and passes Err items unchanged, in order', async () => {
  const arbF = fc.func(fc.integer()).map((f) => (x: number) => f(x));
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), arbF, async (items, f) => {
      assert.deepEqual(await pipe(fromResults(items), map(f), toArray()), items.map((r) => r.map(f)));
    }),
    params,
  );
});

test('a throwing f ends the run: the error propagates after everything upstream is released', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { minLength: 1, maxLength: 8 }), fc.nat(7), async (items, failAt) => {
      const rec = new Recorder();
      const boom = new Error('mapper failed');
      let calls = 0;
      const gen = pipe(
        bracket(() => rec.acquire('outer'), () => trackedSource(rec, items), (name) => rec.release(name)),
        map((x: number) => {
          if (calls++ === failAt) throw boom;
          return x;
        }),
      );
      const got: unknown[] = [];
      const oks = items.filter((r) => r.ok).length;
      try {
        for await (const item of gen) got.push(item);
        assert.ok(failAt >= oks, 'the run ended normally although f threw');
      } catch (error) {
        assert.equal(error, boom);
        assert.ok(failAt < oks);
      }
      assert.equal(rec.open, 0, 'released before the consumer saw the error');
      rec.assertAllReleased();
    }),
    params,
  );
});

test('map forwards a stop to its upstream', async () => {
  await checkStopForwarding(map((x: number) => x + 1));
});
