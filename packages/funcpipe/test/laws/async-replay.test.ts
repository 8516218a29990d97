// Replayability (DESIGN principle 1): a description can be run again. Each run is fresh and
// independent: it yields the same items and acquires its own resources, also when two runs of
// one description are interleaved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toArray } from '../../src/async/to-array.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import type { Result } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbShape, buildShape } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

const params = { numRuns: 100, includeErrorInReport: true };
const acquisitions = (rec: Recorder): string[] => rec.events.filter((e) => e.startsWith('acquire '));

test('two runs of one description give equal items and acquire separately', async () => {
  await fc.assert(
    fc.asyncProperty(arbShape({ faults: false }), async (shape) => {
      const rec = new Recorder();
      const gen = buildShape(shape, rec);
      const first = await toArray()(gen);
      const firstAcquired = acquisitions(rec);
      assert.equal(rec.open, 0);
      const second = await toArray()(gen);
      const secondAcquired = acquisitions(rec).slice(firstAcquired.length);
      assert.equal(rec.open, 0);
      assert.deepEqual(second, first);
      assert.equal(secondAcquired.length, firstAcquired.length, 'the second run acquires as much as the first');
      assert.ok(secondAcquired.every((a) => !firstAcquired.includes(a)), 'and acquires its own resources');
    }),
    params,
  );
});

test('interleaved runs of one description do not share state', async () => {
  await fc.assert(
    fc.asyncProperty(arbShape({ faults: false }), async (shape) => {
      const solo = await toArray()(buildShape(shape, new Recorder()));
      const rec = new Recorder();
      const gen = buildShape(shape, rec);
      const runs = [gen[Symbol.asyncIterator](), gen[Symbol.asyncIterator]()] as const;
      const got: [Result<number, ErrInfo>[], Result<number, ErrInfo>[]] = [[], []];
      const done = [false, false];
      while (!done[0] || !done[1]) {
        for (const i of [0, 1] as const) {
          if (done[i]) continue;
          const step = await runs[i].next();
          if (step.done === true) done[i] = true;
          else got[i].push(step.value);
        }
      }
      assert.deepEqual(got[0], solo);
      assert.deepEqual(got[1], solo);
      assert.equal(rec.open, 0);
    }),
    params,
  );
});
