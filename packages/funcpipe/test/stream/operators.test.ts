// Each operator on its own: it forwards return() to its upstream (an early stop anywhere closes
// the source exactly once, whatever the operator in between), it rejects bad arguments at build
// time with an error naming the operator and the argument, and its edge cases behave as its
// documentation says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import { Recorder, RecordingSource, SourceError } from './recording-source.js';

type AnyOp = (s: Sync.Stream<number>) => Sync.Stream<unknown>;

/** Every operator, set up so that it passes items through (more or less) unchanged. */
const operators: readonly (readonly [string, AnyOp])[] = [
  ['map', Sync.map((x: number) => x)],
  ['filter', Sync.filter(() => true)],
  ['tap', Sync.tap(() => undefined)],
  ['take', Sync.take(1_000)],
  ['drop', Sync.drop(0)],
  ['takeWhile', Sync.takeWhile(() => true)],
  ['scan', Sync.scan((acc: number, x: number) => acc + x, 0)],
  ['chunk', Sync.chunk(2)],
  ['flatMap', Sync.flatMap((x: number) => [x, x])],
  ['zip', Sync.zip(Sync.range(0, Infinity))],
  ['concat', Sync.concat([7, 8])],
];

type Stop = 'break' | 'first' | 'take' | 'takeWhile' | 'consumerThrow' | 'callbackThrow' | 'sourceThrow';
const stops: readonly Stop[] = ['break', 'first', 'take', 'takeWhile', 'consumerThrow', 'callbackThrow', 'sourceThrow'];

function stopEarly(s: Sync.Stream<unknown>, stop: Stop, at: number): void {
  switch (stop) {
    case 'break': {
      let k = 0;
      for (const _ of s) if (k++ === at) break;
      return;
    }
    case 'first':
      pipe(s, Sync.first());
      return;
    case 'take':
      pipe(s, Sync.take(at), Sync.toArray());
      return;
    case 'takeWhile':
      pipe(s, Sync.takeWhile((_x, i) => i < at), Sync.toArray());
      return;
    case 'consumerThrow':
      pipe(
        s,
        Sync.forEach((_x, i) => {
          if (i === at) throw new Error('consumer');
        }),
      );
      return;
    case 'callbackThrow':
      pipe(
        s,
        Sync.map((x, i) => {
          if (i === at) throw new Error('callback');
          return x;
        }),
        Sync.toArray(),
      );
      return;
    case 'sourceThrow':
      pipe(s, Sync.toArray());
      return;
  }
}

for (const [name, op] of operators) {
  test(`${name}: every early stop closes the source exactly once`, () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 12 }), fc.constantFrom(...stops), fc.nat({ max: 8 }), (items, stop, at) => {
        const rec = new Recorder();
        const options = stop === 'sourceThrow' ? { throwAt: Math.min(at, items.length - 1) } : {};
        const s = op(Sync.fromIterable(new RecordingSource(rec, 'src', items, options)));
        let caught: unknown = undefined;
        try {
          stopEarly(s, stop, at);
        } catch (error) {
          caught = error;
        }
        if (stop === 'sourceThrow') assert.ok(caught instanceof SourceError);
        else if (caught !== undefined) assert.match((caught as Error).message, stop === 'consumerThrow' ? /^consumer$/ : /^callback$/);
        assert.deepEqual(rec.held(), []);
        assert.deepEqual(rec.violations, []);
        const releases = rec.events.filter((e) => e.startsWith('release'));
        assert.ok(releases.length <= 1);
      }),
      { numRuns: 60 },
    );
  });
}

test('bad arguments are rejected at build time, naming the operator and the argument', () => {
  const cases: readonly (readonly [() => unknown, ErrorConstructor, RegExp])[] = [
    [() => Sync.fromIterable(42 as never), TypeError, /fromIterable: expected `iterable` to be an iterable, got number 42/],
    [() => Sync.fromFactory('nope' as never), TypeError, /fromFactory: expected `factory` to be a function/],
    [() => Sync.range('0' as never, 5), TypeError, /range: expected `start` to be a number/],
    [() => Sync.range(0, Number.NaN), TypeError, /range: expected `end` to be a number/],
    [() => Sync.range(Infinity, 5), RangeError, /range: expected `start` to be a finite number/],
    [() => Sync.range(0, 5, 0), RangeError, /range: expected `step` to be a non-zero number/],
    [() => Sync.map(null as never), TypeError, /map: expected `f` to be a function, got null/],
    [() => Sync.filter({} as never), TypeError, /filter: expected `predicate` to be a function/],
    [() => Sync.tap(1 as never), TypeError, /tap: expected `f` to be a function/],
    [() => Sync.take(-1), RangeError, /take: expected `n` to be an integer >= 0, got -1/],
    [() => Sync.take(1.5), TypeError, /take: expected `n` to be an integer >= 0, got number 1.5/],
    [() => Sync.drop(Number.NaN), TypeError, /drop: expected `n` to be an integer >= 0/],
    [() => Sync.takeWhile(undefined as never), TypeError, /takeWhile: expected `predicate` to be a function, got undefined/],
    [() => Sync.scan(3 as never, 0), TypeError, /scan: expected `f` to be a function/],
    [() => Sync.chunk(0), RangeError, /chunk: expected `size` to be an integer >= 1, got 0/],
    [() => Sync.flatMap([] as never), TypeError, /flatMap: expected `f` to be a function, got an array/],
    [() => Sync.zip(5 as never), TypeError, /zip: expected `other` to be an iterable/],
    [() => Sync.concat([1], 2 as never), TypeError, /concat: expected `others\[1\]` to be an iterable/],
    [() => Sync.fold(0, 'f' as never), TypeError, /fold: expected `f` to be a function/],
    [() => Sync.reduce(undefined as never), TypeError, /reduce: expected `f` to be a function/],
    [() => Sync.forEach(undefined as never), TypeError, /forEach: expected `f` to be a function/],
    [() => Sync.map((x: number) => x)([1, 2] as never), TypeError, /map: expected a Stream, got an array/],
    [() => Sync.take(0)([1, 2] as never), TypeError, /take: expected a Stream, got an array/],
    [() => Sync.toArray()([1, 2] as never), TypeError, /toArray: expected a Stream, got an array/],
    [() => Sync.sum()(undefined as never), TypeError, /sum: expected a Stream, got undefined/],
  ];
  for (const [build, type, message] of cases) assert.throws(build, (e) => e instanceof type && message.test((e as Error).message));
});

test('run-time type errors name the operator: a factory or flatMap function returning a non-iterable', () => {
  const s = Sync.fromFactory(() => 5 as never);
  assert.throws(() => pipe(s, Sync.toArray()), /fromFactory: expected `the value returned by factory` to be an iterable, got number 5/);
  assert.throws(() => [...s], /fromFactory: expected/);
  const rec = new Recorder();
  const bad = pipe(Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2])), Sync.flatMap(() => 5 as never));
  assert.throws(() => pipe(bad, Sync.toArray()), /flatMap: expected `the value returned by f` to be an iterable, got number 5/);
  assert.throws(() => [...bad], /flatMap: expected/);
  assert.deepEqual(rec.held(), []);
});

test('reduce on an empty stream throws a TypeError that points to fold', () => {
  assert.throws(() => pipe(Sync.of<number>(), Sync.reduce((a, b) => a + b)), /reduce: the stream was empty; use fold\(init, f\)/);
});

test('take(0) never opens its upstream; drop(0) and takeWhile(() => true) change nothing', () => {
  const rec = new Recorder();
  const src = Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3]));
  assert.deepEqual(pipe(src, Sync.take(0), Sync.toArray()), []);
  assert.deepEqual([...pipe(src, Sync.take(0))], []);
  assert.deepEqual(rec.events, []);
  assert.deepEqual(pipe(src, Sync.drop(0), Sync.toArray()), [1, 2, 3]);
  assert.deepEqual(pipe(src, Sync.takeWhile(() => true), Sync.toArray()), [1, 2, 3]);
});

test('chunk emits a partial last chunk also when an upstream take ends the input', () => {
  fc.assert(
    fc.property(fc.nat({ max: 20 }), fc.integer({ min: 1, max: 5 }), (n, size) => {
      const chunks = pipe(Sync.range(0, Infinity), Sync.take(n), Sync.chunk(size), Sync.toArray());
      assert.deepEqual(chunks.flat(), Array.from({ length: n }, (_, i) => i));
      chunks.forEach((c, i) => assert.ok(c.length > 0 && (i < chunks.length - 1 ? c.length === size : c.length <= size)));
    }),
  );
});

test('concat and flatMap keep going after a part or inner stream that ends through its own take', () => {
  const limited = pipe(Sync.range(0, Infinity), Sync.take(2));
  assert.deepEqual(pipe(Sync.of(9), Sync.concat(limited, [7]), Sync.toArray()), [9, 0, 1, 7]);
  assert.deepEqual([...pipe(Sync.of(9), Sync.concat(limited, [7]))], [9, 0, 1, 7]);
  assert.deepEqual(pipe(Sync.of(1, 2), Sync.flatMap(() => limited), Sync.toArray()), [0, 1, 0, 1]);
  assert.deepEqual(pipe(limited, Sync.concat([5]), Sync.zip('abc'), Sync.toArray()), [
    [0, 'a'],
    [1, 'b'],
    [5, 'c'],
  ]);
});

test('zip closes both sides: the other side first, then the stream', () => {
  const rec = new Recorder();
  const left = Sync.fromIterable(new RecordingSource(rec, 'left', [1, 2, 3, 4]));
  const right = new RecordingSource(rec, 'right', ['a', 'b', 'c', 'd']);
  const shortRight = new RecordingSource(rec, 'short', ['a']);
  for (const run of [() => pipe(left, Sync.zip(right), Sync.take(2), Sync.toArray()), () => [...pipe(left, Sync.zip(right), Sync.take(2))]]) {
    rec.events.length = 0;
    assert.deepEqual(run(), [
      [1, 'a'],
      [2, 'b'],
    ]);
    assert.deepEqual(
      rec.events.filter((e) => e.startsWith('release')).map((e) => e.replace(/#\d+/, '')),
      ['release right return', 'release left return'],
    );
  }
  rec.events.length = 0;
  assert.deepEqual(pipe(left, Sync.zip(shortRight), Sync.toArray()), [[1, 'a']]);
  assert.deepEqual(
    rec.events.filter((e) => e.startsWith('release')).map((e) => e.replace(/#\d+/, '')),
    ['release short end', 'release left return'],
  );
  assert.deepEqual(rec.violations, []);
});

test('callbacks are called with this undefined, never with an internal object', () => {
  const receivers = new Set<unknown>();
  function record(this: unknown): boolean {
    receivers.add(this);
    return true;
  }
  const s = pipe(
    Sync.fromFactory(function (this: unknown) {
      receivers.add(this);
      return [1, 2];
    }),
    Sync.map(record),
    Sync.filter(record),
    Sync.tap(record),
    Sync.takeWhile(record),
    Sync.scan(record, true),
    Sync.flatMap(function (this: unknown) {
      receivers.add(this);
      return [1];
    }),
  );
  pipe(s, Sync.toArray());
  [...s];
  pipe(s, Sync.fold(true, record));
  pipe(
    s,
    Sync.reduce(function (this: unknown, acc: number) {
      receivers.add(this);
      return acc;
    }),
  );
  pipe(s, Sync.forEach(record));
  assert.deepEqual([...receivers], [undefined]);
});
