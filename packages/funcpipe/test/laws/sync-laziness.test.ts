// Laziness laws, checked by stepping iterators by hand: building a pipeline calls nothing,
// getting its iterator pulls nothing, and each next() pulls from every source exactly what the
// hand-written lazy generators pull for the same output item, never more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import { applyOps, arbChain, arbItems, type CallLog } from '../stream/sync-ops.js';
import { lazyOps } from '../stream/sync-models.js';
import { Recorder, RecordingSource } from '../stream/recording-source.js';

const pullsAndAcquires = (rec: Recorder) => rec.events.filter((e) => !e.startsWith('release'));

test('building a pipeline calls no user function and opens nothing', () => {
  fc.assert(
    fc.property(arbItems, arbChain, (items, ops) => {
      const rec = new Recorder();
      const calls: CallLog = [];
      let factoryCalls = 0;
      applyOps(
        Sync.fromFactory(() => {
          factoryCalls++;
          return new RecordingSource(rec, 'src', items);
        }),
        ops,
        { calls, rec },
      );
      assert.equal(factoryCalls, 0);
      assert.deepEqual(calls, []);
      assert.deepEqual(rec.events, []);
    }),
  );
});

test('getting the iterator pulls nothing and calls no callback; closing it unused releases nothing', () => {
  fc.assert(
    fc.property(arbItems, arbChain, (items, ops) => {
      const rec = new Recorder();
      const calls: CallLog = [];
      const it = applyOps(Sync.fromIterable(new RecordingSource(rec, 'src', items)), ops, { calls, rec })[Symbol.iterator]();
      assert.deepEqual(calls, []);
      assert.deepEqual(rec.events, []);
      it.return();
      assert.deepEqual(rec.events, []);
      assert.deepEqual(rec.violations, []);
      assert.deepEqual(it.next(), { done: true, value: undefined });
    }),
  );
});

test('each next() pulls exactly what the lazy generator model pulls, item by item', () => {
  fc.assert(
    fc.property(arbItems, arbChain, fc.nat({ max: 30 }), (items, ops, steps) => {
      const mineRec = new Recorder();
      const refRec = new Recorder();
      const mineCalls: CallLog = [];
      const refCalls: CallLog = [];
      const mine = applyOps(Sync.fromIterable(new RecordingSource(mineRec, 'src', items)), ops, { calls: mineCalls, rec: mineRec })[Symbol.iterator]();
      const ref = lazyOps(new RecordingSource(refRec, 'src', items), ops, refCalls, (label, xs) => new RecordingSource(refRec, label, xs))[
        Symbol.iterator
      ]();
      for (let k = 0; k < steps; k++) {
        const a = mine.next();
        const b = ref.next();
        assert.deepEqual(a, b, `item ${k}`);
        assert.deepEqual(pullsAndAcquires(mineRec), pullsAndAcquires(refRec), `pulls after item ${k}`);
        assert.deepEqual(mineCalls, refCalls, `callbacks after item ${k}`);
        if (a.done) break;
      }
      mine.return();
      assert.deepEqual(mineRec.held(), []);
      assert.deepEqual(mineRec.violations, []);
    }),
    { numRuns: 300 },
  );
});

test('fromFactory: building calls nothing, starting a run calls the factory, the first pull runs the body', () => {
  const events: string[] = [];
  const s = pipe(
    Sync.fromFactory(function* () {
      events.push('body');
      yield 42;
    }),
    Sync.map((x: number) => x + 1),
  );
  const counted = Sync.fromFactory(() => {
    events.push('factory');
    return s;
  });
  assert.deepEqual(events, []);
  const it = counted[Symbol.iterator]();
  assert.deepEqual(events, ['factory']);
  assert.deepEqual(it.next(), { value: 43, done: false });
  assert.deepEqual(events, ['factory', 'body']);
});

test('take(n) pulls n items and never the (n+1)-th; first() pulls one', () => {
  fc.assert(
    fc.property(arbItems, fc.nat({ max: 25 }), (items, n) => {
      const rec = new Recorder();
      const src = Sync.fromIterable(new RecordingSource(rec, 'src', items));
      assert.deepEqual(pipe(src, Sync.take(n), Sync.toArray()), items.slice(0, n));
      assert.equal(rec.events.filter((e) => e.startsWith('pull')).length, Math.min(n, items.length));
      const before = rec.events.length;
      assert.equal(pipe(src, Sync.first()), items[0]);
      assert.equal(rec.events.slice(before).filter((e) => e.startsWith('pull')).length, Math.min(1, items.length));
      assert.deepEqual(rec.held(), []);
      assert.deepEqual(rec.violations, []);
    }),
  );
});

test('an infinite source is fine wherever only a finite prefix is needed', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 5 }), (n, size) => {
      const naturals = Sync.range(0, Infinity);
      assert.deepEqual(pipe(naturals, Sync.take(n), Sync.toArray()), Array.from({ length: n }, (_, i) => i));
      assert.deepEqual(pipe(naturals, Sync.takeWhile((x: number) => x < n), Sync.count()), n);
      assert.deepEqual(pipe(naturals, Sync.chunk(size), Sync.take(2), Sync.toArray()).flat(), Array.from({ length: 2 * size }, (_, i) => i));
      assert.deepEqual(pipe(naturals, Sync.flatMap((x: number) => [x, x]), Sync.drop(n), Sync.first()), Math.floor(n / 2));
      assert.deepEqual(pipe(Sync.of('a', 'b'), Sync.zip(naturals), Sync.toArray()), [['a', 0], ['b', 1]]);
    }),
  );
});
