import { combineErrors, NO_ERROR } from '../../resource/combine-errors.js';

/** The shared result of a finished iterator (frozen, so sharing it is safe). */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Closes an iterator that was stopped before it ran out (calls its `return()` when it has one).
 * A failure to close is thrown: nothing else is in flight, so it is the run's error.
 */
export function closeIterator(iterator: Iterator<unknown>): void {
  const close = iterator.return;
  if (typeof close === 'function') close.call(iterator);
}

/**
 * Closes an iterator because `error` interrupted the run, then throws. If closing fails too,
 * the thrown value is a `SuppressedError` keeping both (the cleanup failure as `error`, the
 * original as `suppressed`), so the original is never masked and the cleanup failure is never
 * swallowed.
 */
export function closeAfterError(iterator: Iterator<unknown>, error: unknown): never {
  const close = iterator.return;
  if (typeof close === 'function') {
    try {
      close.call(iterator);
    } catch (cleanupError) {
      throw combineErrors(error, cleanupError);
    }
  }
  throw error;
}

/**
 * Closes several iterators in the order given (callers pass them newest first, for LIFO
 * release). Every one is closed even when an earlier one fails; the failures are chained as
 * `DisposableStack` does (each later failure wraps the earlier ones as `suppressed`) and thrown.
 */
export function closeAll(iterators: readonly (Iterator<unknown> | undefined)[]): void {
  let failure: unknown = NO_ERROR;
  for (const iterator of iterators) {
    if (iterator === undefined) continue;
    try {
      closeIterator(iterator);
    } catch (error) {
      failure = combineErrors(failure, error);
    }
  }
  if (failure !== NO_ERROR) throw failure;
}
