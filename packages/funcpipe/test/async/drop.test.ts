import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { drop } from '../../src/async/drop.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();

test('drop(n) skips the first n items, Ok and Err alike', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), fc.nat(12), async (items, n) => {
      assert.deepEqual(await pipe(fromResults(items), drop(n), toArray()), items.slice(n));
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('drop restarts its count on every run', async () => {
  const gen = pipe(of(1, 2, 3), drop(1));
  assert.deepEqual(await toArray()(gen), [ok(2), ok(3)]);
  assert.deepEqual(await toArray()(gen), [ok(2), ok(3)]);
});

test('drop forwards a stop to its upstream', async () => {
  await checkStopForwarding(drop(2));
});
