import { checkFunction } from '../internal/check.js';
import { combineErrors } from './combine-errors.js';
import type { Manager } from './nested-managed.js';
import { toResourceStream, type AsyncResourceStream, type ResourceStream } from './resource-stream.js';
import { warnOnRejection } from '../internal/late-failure.js';

/**
 * A reusable description of a resource-holding sync stream: `open()` creates a fresh
 * {@link ResourceStream}, and each `for...of` over it is a fresh run, closed on end, break or throw.
 */
export interface ManagedStream<T> extends Manager<ResourceStream<T>>, Iterable<T> {
  open(): ResourceStream<T>;
  [Symbol.iterator](): ResourceStream<T>;
}

/** The async twin of {@link ManagedStream}: each `for await...of` is a fresh run. */
export interface AsyncManagedStream<T> extends Manager<AsyncResourceStream<T>>, AsyncIterable<T> {
  open(): AsyncResourceStream<T>;
  [Symbol.asyncIterator](): AsyncResourceStream<T>;
}

const WHERE = 'managedStream';

/** Presents a sync stream to `for await...of` (the factory's kind is only known once it ran). */
class AsyncView<T> implements AsyncResourceStream<T> {
  readonly #stream: ResourceStream<T>;

  constructor(stream: ResourceStream<T>) {
    this.#stream = stream;
  }

  async next(): Promise<IteratorResult<T, unknown>> {
    const step = this.#stream.next();
    if (step.done === true) return step;
    try {
      return { done: false, value: await step.value };
    } catch (error) {
      // Like `for await` over a sync iterable: a rejected item closes the source.
      try {
        this.#stream.return();
      } catch (closeError) {
        throw combineErrors(error, closeError);
      }
      throw error;
    }
  }

  async return(value?: unknown): Promise<IteratorResult<T, unknown>> {
    return this.#stream.return(value);
  }

  async throw(error?: unknown): Promise<IteratorResult<T, unknown>> {
    return this.#stream.throw(error);
  }

  [Symbol.asyncIterator](): AsyncResourceStream<T> {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stream[Symbol.dispose]();
  }
}

class Managed<T> {
  readonly #factory: () => unknown;

  constructor(factory: () => unknown) {
    this.#factory = factory;
  }

  open(): ResourceStream<T> | AsyncResourceStream<T> {
    return toResourceStream(WHERE, 'factory()', this.#factory()) as ResourceStream<T> | AsyncResourceStream<T>;
  }

  [Symbol.iterator](): ResourceStream<T> {
    const stream = this.open();
    if (!(Symbol.asyncIterator in stream)) return stream;
    const closing = stream.return();
    warnOnRejection(closing, 'managedStream: closing an async stream opened by for...of');
    throw Object.assign(
      new TypeError(`${WHERE}: the factory returned an async iterator; iterate it with \`for await...of\` (it is being closed)`),
      { closing },
    );
  }

  [Symbol.asyncIterator](): AsyncResourceStream<T> {
    const stream = this.open();
    return Symbol.asyncIterator in stream ? stream : new AsyncView(stream);
  }
}

/**
 * Turns a stream factory into a reusable, lazy description that manages each run's lifetime.
 *
 * Use it when a stream acquires a resource (a connection, a file) and you want a value you can
 * pass around, run several times, and never leak: the seed's `managed_stream`.
 *
 * Semantics: `managedStream(factory)` calls nothing. `open()` calls `factory` once and returns the
 * stream as {@link withResourceStream} wraps it, without running any of a generator's body (the
 * first `next()` does); dispose it with `using` / `await using`. Iterating the description directly
 * opens a fresh stream per `for...of` / `for await...of`, which closes it on `break` or `throw`
 * (`return()` is called once); on exhaustion the stream has already finished itself. Close errors
 * propagate. A sync factory can also be run by `for await...of`. An async one under `for...of` is
 * a TypeError; the error's `closing` property holds the promise of closing what the factory opened.
 *
 * @example
 * ```ts
 * const lines = managedStream(function* () {
 *   const fd = openSync('notes.txt', 'r');
 *   try { yield* readFileSync(fd, 'utf8').split('\n'); } finally { closeSync(fd); }
 * });
 * for (const line of lines) if (line === '') break; // the file is closed here
 * {
 *   using again = lines.open(); // a second, independent run; nothing read yet
 *   console.log(again.next().value);
 * }
 * ```
 */
export function managedStream<T>(factory: () => AsyncIterable<T>): AsyncManagedStream<T>;
export function managedStream<T>(factory: () => Iterator<T> | Iterable<T>): ManagedStream<T>;
export function managedStream(factory: () => unknown): ManagedStream<unknown> | AsyncManagedStream<unknown> {
  checkFunction(WHERE, 'factory', factory);
  return new Managed(factory) as ManagedStream<unknown> | AsyncManagedStream<unknown>;
}
