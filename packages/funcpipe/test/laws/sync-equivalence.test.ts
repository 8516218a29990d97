// Equivalence laws: for random arrays and random operator chains, a sync stream gives exactly
// what the eager array model gives, through every sink and through its iterator; callbacks are
// called with the same arguments in the same order as the lazy generator model; map is a
// functor; a description can be run again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import { applyOps, arbChain, arbItems, type CallLog } from '../stream/sync-ops.js';
import { lazyOps, modelOps } from '../stream/sync-models.js';
import { Recorder, RecordingSource } from '../stream/recording-source.js';

test('every sink and the iterator agree with the array model on random chains', () => {
  fc.assert(
    fc.property(arbItems, arbChain, (items, ops) => {
      const expected = modelOps(items, ops);
      const s = applyOps(Sync.fromIterable(items), ops);
      assert.deepEqual(pipe(s, Sync.toArray()), expected);
      assert.deepEqual([...s], expected);
      assert.equal(pipe(s, Sync.sum()), expected.reduce((a, b) => a + b, 0));
      assert.equal(pipe(s, Sync.count()), expected.length);
      assert.equal(pipe(s, Sync.first()), expected[0]);
      assert.deepEqual(
        pipe(s, Sync.fold([] as string[], (acc, x, i) => [...acc, `${x}@${i}`])),
        expected.map((x, i) => `${x}@${i}`),
      );
      const seen: [number, number][] = [];
      pipe(s, Sync.forEach((x, i) => seen.push([x, i])));
      assert.deepEqual(seen, expected.map((x, i) => [x, i]));
      if (expected.length > 0) {
        const reduceCalls: number[] = [];
        const total = pipe(s, Sync.reduce((a, b, i) => (reduceCalls.push(i), a * 2 + b)));
        assert.equal(total, expected.reduce((a, b) => a * 2 + b));
        assert.deepEqual(reduceCalls, expected.slice(1).map((_, i) => i + 1));
      } else {
        assert.throws(() => pipe(s, Sync.reduce((a: number, b: number) => a + b)), TypeError);
      }
    }),
    { numRuns: 300 },
  );
});

test('callbacks see the same (value, index) calls, in the same order, as hand-written lazy generators', () => {
  fc.assert(
    fc.property(arbItems, arbChain, fc.boolean(), (items, ops, pulled) => {
      const mine: CallLog = [];
      const reference: CallLog = [];
      const s = applyOps(Sync.fromIterable(items), ops, { calls: mine });
      const out = pulled ? [...s] : pipe(s, Sync.toArray());
      const expected = [...lazyOps(items, ops, reference, (_label, xs) => xs)];
      assert.deepEqual(out, expected);
      assert.deepEqual(mine, reference);
    }),
    { numRuns: 300 },
  );
});

test('map is a functor: identity and composition', () => {
  const arbLinear = fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }));
  fc.assert(
    fc.property(arbItems, arbChain, arbLinear, arbLinear, (items, ops, [a, b], [c, d]) => {
      const f = (x: number) => a * x + b;
      const g = (x: number) => c * x + d;
      const s = applyOps(Sync.fromIterable(items), ops);
      assert.deepEqual(pipe(s, Sync.map((x: number) => x), Sync.toArray()), pipe(s, Sync.toArray()));
      assert.deepEqual(pipe(s, Sync.map(f), Sync.map(g), Sync.toArray()), pipe(s, Sync.map((x: number) => g(f(x))), Sync.toArray()));
      assert.deepEqual([...pipe(s, Sync.map(f), Sync.map(g))], [...pipe(s, Sync.map((x: number) => g(f(x))))]);
    }),
  );
});

test('a description is replayable: two runs give equal results and open the source twice', () => {
  fc.assert(
    fc.property(arbItems, arbChain, fc.boolean(), (items, ops, pulled) => {
      const rec = new Recorder();
      let factoryCalls = 0;
      const s = applyOps(
        Sync.fromFactory(() => {
          factoryCalls++;
          return new RecordingSource(rec, 'src', items);
        }),
        ops,
      );
      assert.equal(factoryCalls, 0);
      const run = () => (pulled ? [...s] : pipe(s, Sync.toArray()));
      const first = run();
      const second = run();
      assert.deepEqual(second, first);
      // take(0) is an empty stream that never opens what is upstream of it.
      const runs = ops.some((op) => op.kind === 'take' && op.n === 0) ? 0 : 2;
      assert.equal(factoryCalls, runs);
      assert.equal(rec.events.filter((e) => e.startsWith('acquire src')).length, runs);
      assert.deepEqual(rec.violations, []);
    }),
  );
});

test('sources: of, range and fromIterable over sets, maps and strings give their items', () => {
  fc.assert(
    fc.property(arbItems, fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: -4, max: 4 }), (items, start, end, step) => {
      assert.deepEqual(pipe(Sync.of(...items), Sync.toArray()), items);
      assert.deepEqual(pipe(Sync.fromIterable(new Set(items)), Sync.toArray()), [...new Set(items)]);
      const text = items.join(',');
      assert.deepEqual([...Sync.fromIterable(text)], [...text]);
      const map = new Map(items.map((x, i) => [i, x]));
      assert.deepEqual(pipe(Sync.fromIterable(map), Sync.toArray()), [...map]);
      if (step !== 0) {
        const expected: number[] = [];
        for (let x = start; step > 0 ? x < end : x > end; x += step) expected.push(x);
        assert.deepEqual(pipe(Sync.range(start, end, step), Sync.toArray()), expected);
        assert.deepEqual([...Sync.range(start, end, step)], expected);
      }
    }),
  );
});

test('range with a fractional step computes each item from the start, without drift', () => {
  fc.assert(
    fc.property(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 200 }), (start, n) => {
      const step = 0.1;
      const out = pipe(Sync.range(start, start + n * step - step / 2, step), Sync.toArray());
      assert.equal(out.length, n);
      out.forEach((x, i) => assert.equal(x, start + i * step));
    }),
  );
});
