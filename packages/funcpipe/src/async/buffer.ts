import { checkInteger } from '../internal/check.js';
import type { AsyncGen } from './async-gen.js';
import { gather } from './gather.js';

/**
 * A bounded buffer stage: lets the upstream run up to `size` items ahead of a slow consumer,
 * then makes it wait (backpressure). Use it to overlap a bursty producer (a paged query, a
 * network read) with a slow consumer, without letting memory grow.
 *
 * Laziness: this stage reads ahead by design. Nothing happens before the first pull; from then
 * on, the upstream runs as a child of this run and is pulled while fewer than `size` items are
 * held, whether or not the consumer is asking (at most `size` items held, plus the one the
 * upstream is producing). Everything else is the upstream's stream unchanged: same items, same
 * order, `Err` items included.
 *
 * Lifetimes (it is a one-source {@link gather}): on every exit (end, consumer break or throw,
 * an upstream failure, an external abort) the upstream is stopped, awaited and released before
 * this run's cleanup completes, and buffered items are dropped; an upstream failure reaches the
 * consumer at its next pull, after the items already buffered are discarded.
 *
 * @example
 * ```ts
 * pipe(pages, Async.buffer(1_000), Async.mapAsync(index, { concurrency: 4 }));
 * ```
 */
export function buffer(size: number): <T, E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  checkInteger('buffer', 'size', size, 1);
  return <T, E>(gen: AsyncGen<T, E>) => gather([gen], { bufferSize: size }) as AsyncGen<T, E>;
}
