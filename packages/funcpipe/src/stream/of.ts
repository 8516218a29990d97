import { IterableSource } from './from-iterable.js';
import { streamOf, type Stream } from './stream.js';

/**
 * A replayable stream of the given values, in order.
 *
 * @example
 * ```ts
 * pipe(of(1, 2, 3), sum()); // 6
 * ```
 */
export function of<T>(...values: T[]): Stream<T> {
  return streamOf(new IterableSource(values));
}
