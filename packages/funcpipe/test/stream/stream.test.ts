// The Stream value and its iterator: a description that is run afresh by each iteration, an
// iterator that is itself iterable and disposable, one-shot sources that say so, and the
// guard against re-entering a run from one of its own callbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import { Recorder, RecordingSource } from './recording-source.js';

test('each iteration is an independent run: interleaved iterators do not share state', () => {
  fc.assert(
    fc.property(fc.array(fc.integer(), { maxLength: 15 }), fc.array(fc.boolean(), { maxLength: 40 }), (items, schedule) => {
      const s = pipe(Sync.fromIterable(items), Sync.map((x: number, i) => x + i), Sync.scan((a: number, x: number) => a + x, 0));
      const expected = pipe(s, Sync.toArray());
      const a = s[Symbol.iterator]();
      const b = s[Symbol.iterator]();
      const got: [number[], number[]] = [[], []];
      for (const pickA of schedule) {
        const step = (pickA ? a : b).next();
        if (!step.done) got[pickA ? 0 : 1].push(step.value);
      }
      for (let step = a.next(); !step.done; step = a.next()) got[0].push(step.value);
      for (let step = b.next(); !step.done; step = b.next()) got[1].push(step.value);
      assert.deepEqual(got, [expected, expected]);
    }),
  );
});

test('a stream over a one-shot iterator runs once; a second run throws, pointing to fromFactory', () => {
  function* three() {
    yield 1;
    yield 2;
    yield 3;
  }
  const refused = /fromIterable: this iterator \(a generator object, or any iterator\) was already consumed by an earlier run.*Sync\.fromFactory/;
  const once = Sync.fromIterable(three());
  assert.deepEqual(pipe(once, Sync.toArray()), [1, 2, 3]);
  assert.throws(() => pipe(once, Sync.toArray()), refused);
  const stoppedEarly = Sync.fromIterable(three());
  assert.equal(pipe(stoppedEarly, Sync.first()), 1);
  assert.throws(() => [...stoppedEarly], refused);
  const mapped = pipe(Sync.fromIterable(three()), Sync.map((n: number) => n * 2));
  assert.deepEqual([...mapped], [2, 4, 6]);
  assert.throws(() => pipe(mapped, Sync.sum()), refused);
  const replayable = Sync.fromFactory(three);
  assert.equal(pipe(replayable, Sync.first()), 1);
  assert.deepEqual([...replayable], [1, 2, 3]);
});

test('the iterator is iterable (it returns itself), and finished iterators stay finished', () => {
  const it = pipe(Sync.range(0, 5), Sync.map((x: number) => x * 2))[Symbol.iterator]();
  assert.equal(it[Symbol.iterator](), it);
  assert.deepEqual(it.next(), { value: 0, done: false });
  assert.deepEqual([...it], [2, 4, 6, 8]);
  assert.deepEqual(it.next(), { value: undefined, done: true });
  assert.deepEqual(it.return(), { value: undefined, done: true });
});

test('using closes the run at the end of the block', () => {
  const rec = new Recorder();
  const s = pipe(Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3])), Sync.map((x: number) => x));
  {
    using it = s[Symbol.iterator]();
    assert.deepEqual(it.next(), { value: 1, done: false });
    assert.deepEqual(rec.held(), ['src#0']);
  }
  assert.deepEqual(rec.held(), []);
  assert.deepEqual(rec.violations, []);
});

test('calling next() or return() on a run from inside its own callback throws a TypeError', () => {
  const rec = new Recorder();
  let it: Iterator<number> | undefined;
  const s = pipe(
    Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3])),
    Sync.tap(() => {
      it?.next();
    }),
  );
  const first = s[Symbol.iterator]();
  it = first;
  assert.throws(() => first.next(), /already producing an item/);
  assert.deepEqual(rec.held(), []);
  const t = pipe(
    Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3])),
    Sync.tap(() => {
      it?.return?.();
    }),
  );
  const second = t[Symbol.iterator]();
  it = second;
  assert.throws(() => second.next(), /already producing an item/);
  assert.deepEqual(rec.held(), []);
  assert.deepEqual(rec.violations, []);
});

test('a run that failed is over: later next() calls report done without touching the source', () => {
  const rec = new Recorder();
  const it = pipe(
    Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3])),
    Sync.map((x: number) => {
      if (x === 2) throw new Error('boom');
      return x;
    }),
  )[Symbol.iterator]();
  assert.deepEqual(it.next(), { value: 1, done: false });
  assert.throws(() => it.next(), /boom/);
  assert.deepEqual(it.next(), { value: undefined, done: true });
  assert.deepEqual(rec.held(), []);
  assert.deepEqual(rec.violations, []);
});
