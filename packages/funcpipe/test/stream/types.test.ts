// Type-level tests: what pipe() infers for sync streams, checked by the compiler (expect-type)
// when the test suite is type-checked; the runtime part only runs the pipelines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';

test('pipe infers each stage from the previous one', () => {
  const s = pipe(
    Sync.of(1, 2, 3),
    Sync.map((n) => `${n}`),
    Sync.filter((text) => text.length > 0),
    Sync.scan((acc, text) => acc + text.length, 0),
  );
  expectTypeOf(s).toEqualTypeOf<Sync.Stream<number>>();
  expectTypeOf(pipe(s, Sync.toArray())).toEqualTypeOf<number[]>();
  expectTypeOf(pipe(s, Sync.first())).toEqualTypeOf<number | undefined>();
  expectTypeOf(pipe(s, Sync.reduce((a, b) => a + b))).toEqualTypeOf<number>();
  expectTypeOf(pipe(s, Sync.fold('', (acc, n) => acc + n))).toEqualTypeOf<string>();
  expectTypeOf(pipe(s, Sync.sum())).toEqualTypeOf<number>();
  expectTypeOf(pipe(s, Sync.count())).toEqualTypeOf<number>();
  expectTypeOf(pipe(s, Sync.forEach(() => undefined))).toEqualTypeOf<void>();
  assert.deepEqual(pipe(s, Sync.toArray()), [1, 2, 3]);
});

test('type guards narrow; chunk, zip, flatMap and concat shape the item type', () => {
  const mixed = Sync.of<number | string>(1, 'a', 2);
  expectTypeOf(pipe(mixed, Sync.filter((x): x is number => typeof x === 'number'))).toEqualTypeOf<Sync.Stream<number>>();
  expectTypeOf(pipe(mixed, Sync.takeWhile((x): x is number => typeof x === 'number'))).toEqualTypeOf<Sync.Stream<number>>();
  expectTypeOf(pipe(mixed, Sync.filter((x) => x !== 1))).toEqualTypeOf<Sync.Stream<number | string>>();
  expectTypeOf(pipe(Sync.range(0, 3), Sync.chunk(2))).toEqualTypeOf<Sync.Stream<number[]>>();
  expectTypeOf(pipe(Sync.range(0, 3), Sync.zip(['a', 'b']))).toEqualTypeOf<Sync.Stream<[number, string]>>();
  expectTypeOf(pipe(Sync.range(0, 3), Sync.flatMap((n) => Sync.of(`${n}`)))).toEqualTypeOf<Sync.Stream<string>>();
  expectTypeOf(pipe(Sync.range(0, 3), Sync.concat(['x']))).toEqualTypeOf<Sync.Stream<number | string>>();
  expectTypeOf(Sync.range(0, 3)[Symbol.iterator]()).toEqualTypeOf<Sync.StreamIterator<number>>();
  assert.deepEqual(pipe(Sync.range(0, 3), Sync.concat(['x']), Sync.toArray()), [0, 1, 2, 'x']);
});
