import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { filter } from '../../src/async/filter.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();

test('filter keeps the Ok items that satisfy the predicate; Err items always pass', async () => {
  const arbP = fc.func(fc.boolean()).map((p) => (x: number) => p(x));
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), arbP, async (items, p) => {
      const expected = items.filter((r) => !r.ok || p(r.value));
      assert.deepEqual(await pipe(fromResults(items), filter(p), toArray()), expected);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('a throwing predicate ends the run with its error', async () => {
  const boom = new Error('predicate failed');
  const failing = filter((x: number) => {
    if (x === 2) throw boom;
    return true;
  });
  await assert.rejects(pipe(of(1, 2, 3), failing, toArray()), (e: unknown) => e === boom);
});

test('filter forwards a stop to its upstream', async () => {
  await checkStopForwarding(filter((x: number) => x % 2 === 0));
});
