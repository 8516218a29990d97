// The fairness law of merge: while a set of sources stays ready, over any window of L
// consecutive items each ready source gets within one item of its share L * w / W (rounded
// down or up). Checked on the scheduler
// alone with random weights and random changes of the ready set, and end to end through
// merge with sources that are always ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { FairScheduler } from '../../src/async/internal/fair-scheduler.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const arbWeights = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 });

/** Throws unless every window of `picks` gives each source of `ready` within one item of its rounded share. */
function assertFairWindows(picks: readonly number[], ready: readonly number[], weights: readonly number[]): void {
  const total = ready.reduce((sum, i) => sum + (weights[i] as number), 0);
  for (let from = 0; from < picks.length; from++) {
    const counts = new Map<number, number>();
    for (let to = from; to < picks.length; to++) {
      const source = picks[to] as number;
      assert.ok(ready.includes(source), `source ${source} was served while not ready`);
      counts.set(source, (counts.get(source) ?? 0) + 1);
      const length = to - from + 1;
      for (const i of ready) {
        const share = (length * (weights[i] as number)) / total;
        const got = counts.get(i) ?? 0;
        assert.ok(
          got >= Math.floor(share + 1e-9) - 1 && got <= Math.ceil(share - 1e-9) + 1,
          `window [${from}, ${to}]: source ${i} (weight ${weights[i]}) got ${got}, share ${share.toFixed(2)}`,
        );
      }
    }
  }
}

test('law: while a set of sources stays ready, every window gives each its share within one item', () => {
  const arbPhases = fc.array(fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(arbWeights, arbPhases, fc.integer({ min: 1, max: 40 }), (weights, phases, length) => {
      const scheduler = new FairScheduler(weights);
      const isReady = weights.map(() => false);
      for (const phase of phases) {
        weights.forEach((_, i) => {
          const now = phase[i] === true;
          if (now && !isReady[i]) scheduler.ready(i);
          if (!now && isReady[i]) scheduler.idle(i);
          isReady[i] = now;
        });
        const ready = weights.flatMap((_, i) => (isReady[i] ? [i] : []));
        const picks = Array.from({ length }, () => scheduler.pick());
        if (ready.length === 0) assert.deepEqual(new Set(picks), new Set([-1]));
        else assertFairWindows(picks, ready, weights);
      }
    }),
    { numRuns: 300 },
  );
});

test('a source that idled banks no credit: when it is ready again it gets its share, not a burst', () => {
  const scheduler = new FairScheduler([1, 1]);
  scheduler.ready(0);
  for (let i = 0; i < 50; i++) assert.equal(scheduler.pick(), 0);
  scheduler.ready(1);
  const picks = Array.from({ length: 6 }, () => scheduler.pick());
  assert.deepEqual(picks.filter((p) => p === 1).length, 3);
});

test('law, end to end: merge of always-ready sources interleaves by weight (fairness of the emitted order)', async () => {
  await fc.assert(
    fc.asyncProperty(arbWeights, fc.integer({ min: 1, max: 4 }), async (weights, bufferSize) => {
      const perSource = 12;
      const sources = weights.map((_, s) => Async.fromIterable(Array.from({ length: perSource }, (_, k) => `${s}:${k}`)));
      const run = Async.merge(sources, { weights, bufferSize })[Symbol.asyncIterator]();
      const picks: number[] = [];
      const seen = weights.map(() => 0);
      for (;;) {
        for (let i = 0; i < 8; i++) await tick(); // every source refills its buffer: all stay ready
        const step = await run.next();
        if (step.done === true) break;
        assert.ok(step.value.ok);
        const [source, k] = (step.value.value as string).split(':').map(Number) as [number, number];
        assert.equal(k, seen[source], 'a source lost its order');
        seen[source] = k + 1;
        picks.push(source);
      }
      assert.deepEqual(seen, weights.map(() => perSource), 'an item was lost');
      // The first item is served as soon as it exists, before the other sources are ready; from
      // the second on, and while every source still has items left, all of them are ready.
      const firstExhausted = Math.min(...weights.map((_, s) => picks.lastIndexOf(s)));
      assertFairWindows(picks.slice(1, firstExhausted), weights.map((_, i) => i), weights);
    }),
    { numRuns: 40 },
  );
});
