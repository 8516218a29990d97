// The @example of every exported sync stream function, run as written (with its stated result
// as the assertion), so the documentation cannot drift from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pipe } from '../../src/pipe.js';
import {
  chunk,
  concat,
  count,
  drop,
  filter,
  first,
  flatMap,
  fold,
  forEach,
  fromFactory,
  fromIterable,
  map,
  of,
  range,
  reduce,
  scan,
  sum,
  take,
  takeWhile,
  tap,
  toArray,
  zip,
} from '../../src/stream/index.js';

test('Stream', () => {
  const evens = pipe(range(0, 10), filter((n) => n % 2 === 0));
  const pulled: number[] = [];
  for (const n of pipe(evens, tap((n) => pulled.push(n)))) if (n > 4) break;
  assert.deepEqual(pulled, [0, 2, 4, 6]);
  assert.deepEqual(pipe(evens, toArray()), [0, 2, 4, 6, 8]);
});

test('sources: fromIterable, of, range, fromFactory', () => {
  assert.deepEqual(pipe(fromIterable(new Set([1, 2, 3])), map((n) => n * 10), toArray()), [10, 20, 30]);
  assert.equal(pipe(of(1, 2, 3), sum()), 6);
  assert.deepEqual(pipe(range(0, 5), toArray()), [0, 1, 2, 3, 4]);
  assert.deepEqual(pipe(range(10, 0, -3), toArray()), [10, 7, 4, 1]);
  const log: string[] = [];
  const s = fromFactory(function* () {
    log.push('open');
    try {
      yield* [1, 2, 3];
    } finally {
      log.push('close');
    }
  });
  assert.equal(pipe(s, first()), 1);
  assert.deepEqual(log, ['open', 'close']);
  assert.equal(pipe(s, count()), 3);
  assert.deepEqual(log, ['open', 'close', 'open', 'close']);
});

test('operators', () => {
  assert.deepEqual(pipe(of(1, 2, 3), map((n, i) => n * 10 + i), toArray()), [10, 21, 32]);
  const numbers: number[] = pipe(of<number | string>(1, 'a', 2), filter((x): x is number => typeof x === 'number'), toArray());
  assert.deepEqual(numbers, [1, 2]);
  const seen: number[] = [];
  assert.deepEqual(pipe(of(1, 2, 3), tap((n) => seen.push(n)), take(2), toArray()), [1, 2]);
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(pipe(range(0, Infinity), take(3), toArray()), [0, 1, 2]);
  assert.deepEqual(pipe(of('header', 'a', 'b'), drop(1), toArray()), ['a', 'b']);
  assert.deepEqual(pipe(range(1, Infinity), takeWhile((n) => n * n < 30), toArray()), [1, 2, 3, 4, 5]);
  assert.deepEqual(pipe(of(1, 2, 3, 4), scan((acc, n) => acc + n, 0), toArray()), [1, 3, 6, 10]);
  assert.deepEqual(pipe(range(0, 7), chunk(3), toArray()), [[0, 1, 2], [3, 4, 5], [6]]);
  assert.deepEqual(pipe(of('a b', 'c'), flatMap((line) => line.split(' ')), toArray()), ['a', 'b', 'c']);
  assert.deepEqual(pipe(of('a', 'b', 'c'), zip(range(1, Infinity)), toArray()), [
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ]);
  assert.deepEqual(pipe(of(1, 2), concat([3], range(4, 6)), toArray()), [1, 2, 3, 4, 5]);
});

test('sinks', () => {
  assert.deepEqual(pipe(range(0, 3), map((n) => n * n), toArray()), [0, 1, 4]);
  assert.equal(pipe(of('a', 'b', 'c'), fold('', (acc, s) => acc + s)), 'abc');
  assert.equal(pipe(of(3, 9, 4), reduce((a, b) => Math.max(a, b))), 9);
  assert.equal(pipe(range(1, 101), sum()), 5050);
  assert.equal(pipe(range(0, 100), filter((n) => n % 7 === 0), count()), 15);
  const seen: string[] = [];
  pipe(of('a', 'b'), forEach((s, i) => seen.push(`${i}:${s}`)));
  assert.deepEqual(seen, ['0:a', '1:b']);
  assert.equal(pipe(range(0, Infinity), filter((n) => n > 0 && n % 17 === 0), first()), 17);
});
