import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { fold } from '../../src/async/fold.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { fromResults } from '../../src/async/from-results.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

test('fold reduces the Ok values, or stops at the first Err and returns it, pulling nothing further', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 10 }), fc.boolean(), async (items, slow) => {
      const rec = new Recorder();
      const result = await pipe(trackedSource(rec, items, slow), fold('', (acc: string, v: number) => `${acc}${v},`));
      const firstErr = items.findIndex((r) => !r.ok);
      if (firstErr < 0) {
        assert.deepEqual(result, ok(items.map((r) => `${r.ok ? r.value : ''},`).join('')));
        assert.equal(rec.count('pull '), items.length);
      } else {
        assert.deepEqual(result, items[firstErr]);
        assert.equal(rec.count('pull '), firstErr + 1, 'nothing pulled after the first Err');
      }
      assert.equal(rec.open, 0, 'the source is closed when fold resolves');
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('a throwing f rejects fold after the source is released', async () => {
  const rec = new Recorder();
  const boom = new Error('reducer failed');
  const failing = fold(0, (acc: number, v: number) => {
    if (v === 2) throw boom;
    return acc + v;
  });
  await assert.rejects(pipe(trackedSource(rec, [ok(1), ok(2), ok(3)]), failing), (e: unknown) => e === boom);
  rec.assertAllReleased();
});

test('aborting options.signal rejects fold with the reason, after the producer is released', async () => {
  const events: string[] = [];
  const controller = new AbortController();
  const gen = fromProducer(async function* (signal) {
    try {
      yield 1;
      controller.abort(new Error('enough'));
      await sleep(2_000, undefined, { signal });
    } finally {
      events.push('released');
    }
  });
  await assert.rejects(pipe(gen, fold(0, (a: number, v: number) => a + v, { signal: controller.signal })), (e: unknown) => e === controller.signal.reason);
  assert.deepEqual(events, ['released']);
});

test('fold resolves Ok(init) for an empty stream', async () => {
  assert.deepEqual(await pipe(fromResults<number, never>([]), fold(7, (a: number, v: number) => a + v)), ok(7));
});
