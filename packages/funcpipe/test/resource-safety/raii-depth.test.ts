// The RAII runner is a loop, not a recursion (DESIGN section 3): 100,000 resources in one
// program, released in exact reverse order, each exactly once, sync and async.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acquire } from '../../src/resource/acquire.js';
import { scoped } from '../../src/resource/scoped.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';
import { TaggedError, errorTags } from '../resource/resource-recorder.js';

const N = 100_000;

function assertExactReverse(released: readonly number[]): void {
  assert.equal(released.length, N);
  const firstWrong = released.findIndex((handle, i) => handle !== N - 1 - i);
  assert.equal(firstWrong, -1, `release #${firstWrong} was resource ${released[firstWrong]}`);
}

test('scoped acquires 100,000 resources and releases them in exact reverse order', () => {
  const released: number[] = [];
  const total = scoped(function* () {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += yield* acquire(() => i, (handle) => void released.push(handle));
    return sum;
  });
  assert.equal(total, (N * (N - 1)) / 2);
  assertExactReverse(released);
});

test('scoped with 100,000 Disposables and a program that throws at the end releases all of them', () => {
  const released: number[] = [];
  assert.throws(
    () =>
      scoped(function* () {
        for (let i = 0; i < N; i++) yield* acquire({ [Symbol.dispose]: () => void released.push(i) });
        throw new TaggedError('program');
      }),
    (e: unknown) => e instanceof TaggedError && e.tag === 'program',
  );
  assertExactReverse(released);
});

test('scoped keeps every one of many release failures, in release order, after the program error', () => {
  const released: number[] = [];
  const failing = (i: number): boolean => i % 10_000 === 0;
  let error: unknown;
  try {
    scoped(function* () {
      for (let i = 0; i < N; i++) {
        yield* acquire(
          () => i,
          (handle) => {
            released.push(handle);
            if (failing(handle)) throw new TaggedError(`release ${handle}`);
          },
        );
      }
      throw new TaggedError('program');
    });
  } catch (e) {
    error = e;
  }
  assertExactReverse(released);
  const expected = released.filter(failing).map((i) => `release ${i}`);
  assert.deepEqual(errorTags(error), ['program', ...expected]);
});

test('scopedAsync acquires 100,000 resources and releases them in exact reverse order', async () => {
  const released: number[] = [];
  const total = await scopedAsync(async function* () {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      sum += i % 2 === 0 ? yield* acquire(() => i, (handle) => void released.push(handle)) : yield* acquire(async () => i, async (handle) => void released.push(handle));
    }
    return sum;
  });
  assert.equal(total, (N * (N - 1)) / 2);
  assertExactReverse(released);
});
