import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

test('fromResults passes Ok and Err items as they are, from sync or async iterables, and replays arrays', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), fc.boolean(), async (items, isAsync) => {
      const iterable = isAsync ? { async *[Symbol.asyncIterator]() { yield* items; } } : items;
      const gen = fromResults(iterable);
      assert.deepEqual(await toArray()(gen), items);
      assert.deepEqual(await toArray()(gen), items);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('an element that is not a Result fails the run with a TypeError naming its position', async () => {
  const notAResult = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant({ ok: true, value: 1 }));
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 4 }), notAResult, async (items, bad) => {
      const gen = fromResults([...items, bad] as never[]);
      const named = (e: unknown): boolean => e instanceof TypeError && e.message.includes(`fromResults: expected item ${items.length} to be a Result`);
      await assert.rejects(toArray()(gen), named);
    }),
    { numRuns: 60, includeErrorInReport: true },
  );
});
