// Seed 001's vocabulary: the data-first aliases behave exactly like the pipeable operators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { andThen } from '../../src/async/and-then.js';
import { bracket } from '../../src/async/bracket.js';
import { fromResults } from '../../src/async/from-results.js';
import { map } from '../../src/async/map.js';
import { asyncGenAndThen, asyncGenMap, asyncGenReturn, asyncGenUsing } from '../../src/async/seed-names.js';
import { toArray } from '../../src/async/to-array.js';
import { ok } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();
const params = { numRuns: 60, includeErrorInReport: true };

test('asyncGenReturn(x) is a replayable one-item stream', async () => {
  await fc.assert(
    fc.asyncProperty(fc.anything(), async (x) => {
      const gen = asyncGenReturn(x);
      assert.deepEqual(await toArray()(gen), [ok(x)]);
      assert.deepEqual(await toArray()(gen), [ok(x)]);
    }),
    params,
  );
});

test('asyncGenMap and asyncGenAndThen equal map and andThen, and satisfy the seed laws', async () => {
  const arbF = fc.func(fc.array(arbItem, { maxLength: 3 })).map((f) => (x: number) => fromResults(f(x)));
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 6 }), fc.integer(), arbF, arbF, async (items, x, f, g) => {
      const src = fromResults(items);
      const inc = (v: number): number => v + 1;
      assert.deepEqual(await toArray()(asyncGenMap(src, inc)), await toArray()(map(inc)(src)));
      assert.deepEqual(await toArray()(asyncGenAndThen(src, f)), await toArray()(andThen(f)(src)));
      assert.deepEqual(await toArray()(asyncGenAndThen(asyncGenReturn(x), f)), await toArray()(f(x)));
      assert.deepEqual(await toArray()(asyncGenAndThen(src, asyncGenReturn)), items);
      const left = asyncGenAndThen(asyncGenAndThen(src, f), g);
      const right = asyncGenAndThen(src, (v: number) => asyncGenAndThen(f(v), g));
      assert.deepEqual(await toArray()(left), await toArray()(right));
    }),
    params,
  );
});

test('asyncGenUsing equals bracket, and releases on an early break (the seed example)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { minLength: 1, maxLength: 5 }), fc.boolean(), async (items, early) => {
      const logs = await Promise.all(
        [asyncGenUsing, bracket].map(async (using) => {
          const rec = new Recorder();
          const gen = using(() => rec.acquire('resource'), () => fromResults(items), (name: string) => rec.release(name));
          for await (const item of gen) {
            rec.note(`item ${JSON.stringify(item)}`);
            if (early) break;
          }
          assert.equal(rec.open, 0);
          return rec.events;
        }),
      );
      assert.deepEqual(logs[0], logs[1]);
    }),
    params,
  );
});
