// The work every subject of a case does, written once so that subjects differ only in the
// machinery that moves items, never in the per-item functions or the sources.
import { setTimeout as delay } from 'node:timers/promises';

/** First stage of the chains: x -> 2x. @param {number} x */
export const double = (x) => x * 2;
/** Second stage: keep what is not a multiple of 3. @param {number} x */
export const keep = (x) => x % 3 !== 0;
/** Third stage: x -> x + 1. @param {number} x */
export const inc = (x) => x + 1;
/**
 * The async stage of the boundary cases: x -> 2x through an async function that has nothing to
 * wait for, so what a subject measures is the machinery around the call.
 * @param {number} x
 */
export const asyncDouble = async (x) => x * 2;
/** The fold of every chain: a plain sum. @param {number} acc @param {number} x */
export const add = (acc, x) => acc + x;
/**
 * An order-sensitive fold (polynomial hash mod a prime): a result that arrives out of order changes it.
 * @param {number} acc
 * @param {number} x
 */
export const orderHash = (acc, x) => (acc * 31 + x) % 1_000_000_007;

/** @type {Map<number, number[]>} */
const arrays = new Map();

/**
 * The integers 0..n-1 as an array, built once per process so that building it is never timed.
 * @param {number} n
 */
export function numbers(n) {
  let array = arrays.get(n);
  if (array === undefined) {
    array = Array.from({ length: n }, (_, i) => i);
    arrays.set(n, array);
  }
  return array;
}

/**
 * A replayable iterable of 0..n-1 that generates its items (never holds them all).
 * @param {number} n
 * @returns {Iterable<number>}
 */
export function counting(n) {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < n; i++) yield i;
    },
  };
}

/**
 * A plain generator of 0..n-1.
 * @param {number} n
 */
export function* count(n) {
  for (let i = 0; i < n; i++) yield i;
}

/**
 * The async source of the async cases: an async generator of 0..n-1 written to the producer
 * contract `(signal) => AsyncIterable` (it has nothing to wait for, so it never reads the signal).
 * @param {number} n
 * @param {AbortSignal} [_signal]
 */
export async function* asyncCount(n, _signal) {
  for (let i = 0; i < n; i++) yield i;
}

/**
 * How the multi-source cases (gather, concat) split 0..n-1 among `parts` sources: `[start, length]`
 * of each, for `asyncRange`.
 * @param {number} n
 * @param {number} parts
 * @returns {[number, number][]}
 */
export function ranges(n, parts) {
  const per = n / parts;
  return Array.from({ length: parts }, (_, k) => [k * per, per]);
}

/**
 * An async generator of `length` integers from `start`, written to the producer contract.
 * @param {number} start
 * @param {number} length
 * @param {AbortSignal} [_signal]
 */
export async function* asyncRange(start, length, _signal) {
  for (let i = start; i < start + length; i++) yield i;
}

/**
 * The parallel-map work item: a 2 ms timer that resolves with x, cancelled by the signal if given.
 * @param {number} x
 * @param {AbortSignal} [signal]
 */
export function work(x, signal) {
  return delay(2, x, signal === undefined ? undefined : { signal });
}

/** The parallel-map concurrency of every subject. */
export const CONCURRENCY = 16;
