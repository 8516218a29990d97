import { checkFunction } from '../internal/check.js';
import { iterableSource, pushResult, pushValue } from './internal/iterable-source.js';
import type { Result } from '../result/result.js';
import { AsyncGen } from './async-gen.js';

/**
 * The producer contract: a function that, given the run's `AbortSignal`, returns the values of
 * one run. Typically an `async function*` that passes `signal` to every timer, fetch or query it
 * awaits, so a stop wakes it at once and its `finally` blocks release what it holds.
 */
export type Producer<T> = (signal: AbortSignal) => AsyncIterable<T> | Iterable<T>;

const FRESH = 'a producer that creates a new iterable on each call (such as an async function*)';

/**
 * An {@link AsyncGen} whose runs each call `producer(signal)` (on the first pull, not before)
 * and stream its values as `Ok` items: replayable, lazy, and promptly cancellable.
 *
 * When the run stops (consumer `break`, an operator such as `take`, an external abort), the
 * signal is aborted first; a producer blocked in `await setTimeout(ms, undefined, { signal })`
 * rejects at once, its `finally` runs, and the consumer is released without waiting for the
 * timer. A producer that ignores the signal is waited for at most the run's `closeTimeoutMs`.
 *
 * @example
 * ```ts
 * const ticks = Async.fromProducer(async function* (signal) {
 *   const conn = await pool.acquire({ signal });
 *   try {
 *     for (;;) yield await conn.value.read({ signal });
 *   } finally {
 *     await conn.release();
 *   }
 * });
 * ```
 */
export function fromProducer<T>(producer: Producer<T>): AsyncGen<T, never> {
  checkFunction('fromProducer', 'producer', producer);
  return new AsyncGen<T, never>(iterableSource((context) => producer(context.signal), pushValue, { where: 'fromProducer', replayable: FRESH }));
}

/**
 * Like {@link fromProducer}, for producers that yield `Result` items themselves (seed 001's
 * shape: an async generator of `Ok`/`Err`). A yielded value that is not a `Result` fails the
 * run with a TypeError naming its position.
 */
export function fromResultProducer<T, E>(producer: Producer<Result<T, E>>): AsyncGen<T, E> {
  checkFunction('fromResultProducer', 'producer', producer);
  return new AsyncGen<T, E>(iterableSource((context) => producer(context.signal), pushResult('fromResultProducer'), { where: 'fromResultProducer', replayable: FRESH }));
}
