// Description purity (DESIGN principle 1): building any pipeline, and even creating its iterator,
// calls no user function and acquires nothing; the first pull is what starts the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbShape, buildShape } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

const params = { numRuns: 100, includeErrorInReport: true };

test('building any pipeline calls no user function and acquires nothing', () => {
  fc.assert(
    fc.property(arbShape({ faults: true }), (shape) => {
      const rec = new Recorder();
      buildShape(shape, rec);
      assert.deepEqual(rec.events, []);
      assert.equal(rec.acquired, 0);
    }),
    params,
  );
});

test('creating iterators does nothing, even across event-loop turns; returning an unstarted one ends it', async () => {
  await fc.assert(
    fc.asyncProperty(arbShape({ faults: true }), async (shape) => {
      const rec = new Recorder();
      const gen = buildShape(shape, rec);
      const plain = gen[Symbol.asyncIterator]();
      const withOptions = gen.iterate({ signal: new AbortController().signal, closeTimeoutMs: 100 });
      await tick();
      assert.deepEqual(rec.events, []);
      assert.deepEqual(await plain.return(), { done: true, value: undefined });
      assert.deepEqual(await plain.next(), { done: true, value: undefined });
      await withOptions[Symbol.asyncDispose]();
      assert.deepEqual(rec.events, []);
    }),
    params,
  );
});
