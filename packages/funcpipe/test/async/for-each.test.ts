import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { drain, forEach } from '../../src/async/for-each.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { pipe } from '../../src/pipe.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import type { Result } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

test('forEach calls f with every item in order and resolves once the source is released', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), fc.boolean(), async (items, slow) => {
      const rec = new Recorder();
      const seen: Result<number, ErrInfo>[] = [];
      await pipe(trackedSource(rec, items, slow), forEach((r: Result<number, ErrInfo>) => void seen.push(r)));
      assert.deepEqual(seen, items);
      assert.equal(rec.open, 0);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('a throwing f rejects forEach after the release, and nothing further is pulled', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { minLength: 1, maxLength: 8 }), fc.nat(7), async (items, at) => {
      const rec = new Recorder();
      const failAt = at % items.length;
      const boom = new Error('f failed');
      let calls = 0;
      const f = (): void => {
        if (calls++ === failAt) throw boom;
      };
      await assert.rejects(pipe(trackedSource(rec, items), forEach(f)), (e: unknown) => e === boom);
      assert.equal(rec.count('pull '), failAt + 1);
      rec.assertAllReleased();
    }),
    { numRuns: 50, includeErrorInReport: true },
  );
});

test('drain runs the stream for its effects and resolves with the number of items', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), async (items) => {
      const rec = new Recorder();
      assert.equal(await drain()(trackedSource(rec, items)), items.length);
      assert.equal(rec.open, 0);
    }),
    { numRuns: 50, includeErrorInReport: true },
  );
});

test('an abort of options.signal rejects forEach and drain with the reason', async () => {
  for (const sink of ['forEach', 'drain'] as const) {
    const controller = new AbortController();
    const gen = fromProducer(async function* (signal) {
      yield 1;
      controller.abort(new Error(`stop ${sink}`));
      await sleep(2_000, undefined, { signal });
    });
    const run = sink === 'forEach' ? forEach<number, never>(() => {}, { signal: controller.signal })(gen) : drain({ signal: controller.signal })(gen);
    await assert.rejects(run, (e: unknown) => e === controller.signal.reason);
  }
});
