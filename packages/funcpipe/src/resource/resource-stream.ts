import { describe } from '../internal/check.js';
import { combineErrors } from './combine-errors.js';
import { methodOf } from './dispose-protocol.js';

/**
 * A sync iterator that is also `Disposable`: `[Symbol.dispose]()` closes it through `return()`.
 * Iterating it calls the wrapped iterator's `next()` directly.
 */
export interface ResourceStream<T> extends IterableIterator<T, unknown, undefined>, Disposable {
  /** Closes the wrapped iterator (the first call only); later calls return `{ done: true }`. */
  return(value?: unknown): IteratorResult<T, unknown>;
  /**
   * Throws `error` into the wrapped iterator, or, when it has no `throw()`, closes it and rethrows
   * (a close failure merged with `combineErrors`).
   */
  throw(error?: unknown): IteratorResult<T, unknown>;
  [Symbol.iterator](): ResourceStream<T>;
}

/** An async iterator that is also `AsyncDisposable`: `[Symbol.asyncDispose]()` awaits `return()`. */
export interface AsyncResourceStream<T> extends AsyncIterableIterator<T, unknown, undefined>, AsyncDisposable {
  /** Closes the wrapped iterator (the first call only); later calls resolve to `{ done: true }`. */
  return(value?: unknown): Promise<IteratorResult<T, unknown>>;
  /** As {@link ResourceStream.throw}, asynchronously. */
  throw(error?: unknown): Promise<IteratorResult<T, unknown>>;
  [Symbol.asyncIterator](): AsyncResourceStream<T>;
}

class SyncStream<T> implements ResourceStream<T> {
  readonly #source: Iterator<T, unknown, undefined>;
  #open = true;

  constructor(source: Iterator<T, unknown, undefined>) {
    this.#source = source;
  }

  next(): IteratorResult<T, unknown> {
    return this.#source.next();
  }

  return(value?: unknown): IteratorResult<T, unknown> {
    if (!this.#open) return { done: true, value };
    this.#open = false;
    return this.#source.return === undefined ? { done: true, value } : this.#source.return(value);
  }

  throw(error?: unknown): IteratorResult<T, unknown> {
    if (this.#source.throw !== undefined) return this.#source.throw(error);
    try {
      this.return();
    } catch (closeError) {
      throw combineErrors(error, closeError);
    }
    throw error;
  }

  [Symbol.iterator](): ResourceStream<T> {
    return this;
  }

  [Symbol.dispose](): void {
    this.return();
  }
}

class AsyncStream<T> implements AsyncResourceStream<T> {
  readonly #source: AsyncIterator<T, unknown, undefined>;
  #open = true;

  constructor(source: AsyncIterator<T, unknown, undefined>) {
    this.#source = source;
  }

  next(): Promise<IteratorResult<T, unknown>> {
    return this.#source.next();
  }

  async return(value?: unknown): Promise<IteratorResult<T, unknown>> {
    if (!this.#open) return { done: true, value };
    this.#open = false;
    return this.#source.return === undefined ? { done: true, value } : await this.#source.return(value);
  }

  async throw(error?: unknown): Promise<IteratorResult<T, unknown>> {
    if (this.#source.throw !== undefined) return await this.#source.throw(error);
    try {
      await this.return();
    } catch (closeError) {
      throw combineErrors(error, closeError);
    }
    throw error;
  }

  [Symbol.asyncIterator](): AsyncResourceStream<T> {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/**
 * Wraps `source` for {@link withResourceStream} and `managedStream`, naming `where` and `name` in
 * the TypeError for anything that is not an iterator or iterable. Internal.
 */
export function toResourceStream(where: string, name: string, source: unknown): ResourceStream<unknown> | AsyncResourceStream<unknown> {
  const openAsync = methodOf(source, Symbol.asyncIterator);
  if (openAsync !== undefined) return new AsyncStream(iteratorFrom(where, name, openAsync.call(source)));
  if (methodOf(source, 'next') !== undefined) return new SyncStream(source as Iterator<unknown, unknown, undefined>);
  const openSync = source == null ? undefined : (Object(source) as Partial<Iterable<unknown>>)[Symbol.iterator];
  if (typeof openSync === 'function') return new SyncStream(iteratorFrom(where, name, openSync.call(source)));
  throw new TypeError(`${where}: expected \`${name}\` to be an iterator or an iterable (sync or async), got ${describe(source)}`);
}

function iteratorFrom<I>(where: string, name: string, iterator: unknown): I {
  if (methodOf(iterator, 'next') === undefined) {
    throw new TypeError(`${where}: \`${name}\`'s iterator method returned ${describe(iterator)}, not an iterator`);
  }
  return iterator as I;
}

/**
 * Makes a live iterator disposable, so `using` / `await using` closes it on every exit path.
 *
 * Use it when you already hold an iterator that owns a resource (a generator with a `finally`, a
 * cursor) and want its release tied to a block. A sync iterator or iterable gives a
 * {@link ResourceStream}; anything with `Symbol.asyncIterator` (an async generator object, a
 * readable stream) gives an {@link AsyncResourceStream}.
 *
 * Semantics: iterating the result calls the source's `next()` directly (no per-item work).
 * Disposal calls the source's `return()` exactly once: a `break` out of `for...of` already calls
 * it, so the later disposal does nothing; an exhausted generator ignores it. Errors thrown by
 * `return()` propagate (never swallowed): with `using`, an error already in flight is kept as the
 * `suppressed` part of a `SuppressedError`.
 *
 * @example
 * ```ts
 * function* numbers() {
 *   try { yield 1; yield 2; } finally { console.log('closed'); }
 * }
 * {
 *   using it = withResourceStream(numbers());
 *   it.next(); // { value: 1, done: false }
 * } // logs "closed": the generator is closed although it was not exhausted
 * ```
 */
export function withResourceStream<T>(iterator: AsyncIterable<T>): AsyncResourceStream<T>;
export function withResourceStream<T>(iterator: Iterator<T> | Iterable<T>): ResourceStream<T>;
export function withResourceStream(iterator: unknown): ResourceStream<unknown> | AsyncResourceStream<unknown> {
  return toResourceStream('withResourceStream', 'iterator', iterator);
}
