import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromResults } from '../../src/async/from-results.js';
import { scan } from '../../src/async/scan.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();

test('scan emits the running accumulation of Ok values; Err items pass without touching it', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), fc.integer({ min: -5, max: 5 }), async (items, init) => {
      let acc = init;
      const expected = items.map((r) => (r.ok ? ok((acc = acc * 2 + r.value)) : r));
      assert.deepEqual(await pipe(fromResults(items), scan((a: number, v: number) => a * 2 + v, init), toArray()), expected);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('the accumulator starts again at init on every run', async () => {
  const gen = pipe(fromResults([ok(1), ok(2)]), scan((a: number, v: number) => a + v, 10));
  assert.deepEqual(await toArray()(gen), [ok(11), ok(13)]);
  assert.deepEqual(await toArray()(gen), [ok(11), ok(13)]);
});

test('scan forwards a stop to its upstream', async () => {
  await checkStopForwarding(scan((a: number, v: number) => a + v, 0));
});
