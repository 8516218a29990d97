import { describe } from '../internal/check.js';
import { ChainIterator, type StreamIterator } from './internal/chain-iterator.js';
import { buildChain, driveArray, driveIterator, isPlainArray } from './internal/drive.js';
import { planChain } from './internal/fuse.js';
import type { AnyStage, Link, Sink, Source, Stage, Step } from './internal/protocol.js';

let construct: <T>(source: Source<unknown>, links: readonly Link[]) => Stream<T>;
let sourceOf: (stream: Stream<unknown>) => Source<unknown>;
let linksOf: (stream: Stream<unknown>) => readonly Link[];
let stagesOf: (stream: Stream<unknown>) => readonly AnyStage[];

/**
 * A lazy, replayable description of a synchronous sequence: a source plus a chain of stages.
 *
 * Building one (with `fromIterable`, `range`, `map`, ...) calls no user function and pulls
 * nothing. Each run, started by `[Symbol.iterator]()` (`for ... of`, spread) or by a sink
 * (`toArray()`, `sum()`, ...), is fresh and independent: it opens the source again and starts
 * every stage from its initial state. A stream is therefore replayable whenever its source is
 * (arrays, `range`, `fromFactory`); over a one-shot iterator, the second run finds it spent.
 *
 * Every run closes what it opened exactly once, on every exit path: exhaustion, `break`,
 * `take`/`first`/`takeWhile` ending it, or a throw from the consumer, a callback or the source.
 * Errors reach the consumer after everything upstream is closed; a failure to close is merged
 * with the error in flight (`SuppressedError`) or thrown on its own. One exception belongs to
 * the language: when a `for ... of` body throws, the loop discards a failure of the `return()`
 * it then calls; sinks such as `forEach`, and `using it = stream[Symbol.iterator]()`, keep both.
 *
 * @example
 * ```ts
 * const evens = pipe(range(0, 10), filter((n) => n % 2 === 0)); // nothing has run yet
 * for (const n of evens) if (n > 4) break; // pulls 0..6, then closes the run
 * pipe(evens, toArray()); // [0, 2, 4, 6, 8]: a second, independent run
 * ```
 */
export class Stream<T> implements Iterable<T> {
  readonly #source: Source<unknown>;
  readonly #links: readonly Link[];
  #stages: readonly AnyStage[] | undefined;

  private constructor(source: Source<unknown>, links: readonly Link[]) {
    this.#source = source;
    this.#links = links;
  }

  /** The stages a run builds, planned (fused) on the first run and kept for the next ones. */
  #plan(): readonly AnyStage[] {
    return (this.#stages ??= planChain(this.#links));
  }

  /**
   * Starts a run pulled one item at a time: each `next()` pulls from the source only what one
   * output item needs. Stop early with `return()` (what `break` calls) or `using`.
   */
  [Symbol.iterator](): StreamIterator<T> {
    return new ChainIterator<T>(this.#source.open(), this.#plan());
  }

  static {
    construct = <T>(source: Source<unknown>, links: readonly Link[]) => new Stream<T>(source, links);
    sourceOf = (stream) => stream.#source;
    linksOf = (stream) => stream.#links;
    stagesOf = (stream) => stream.#plan();
  }
}

/** Wraps a source as a stream with no stages. */
export function streamOf<T>(source: Source<T>): Stream<T> {
  return construct<T>(source as Source<unknown>, []);
}

/** Throws a `TypeError` naming `where` unless `value` is a `Stream`. */
export function checkStream(where: string, value: unknown): asserts value is Stream<unknown> {
  if (!(value instanceof Stream)) throw new TypeError(`${where}: expected a Stream, got ${describe(value)}`);
}

/** A new stream: `stream` followed by one more stage (the description is copied, never changed). */
export function appendStage<A, B>(where: string, stream: Stream<A>, stage: Stage<A, B>): Stream<B> {
  checkStream(where, stream);
  return construct<B>(sourceOf(stream), [...linksOf(stream), stage as AnyStage]);
}

/** A new stream: `stream` followed by one more fusible step (`map`, `filter`, `tap`, `takeWhile`). */
export function appendStep<B>(where: string, stream: Stream<unknown>, step: Step): Stream<B> {
  checkStream(where, stream);
  return construct<B>(sourceOf(stream), [...linksOf(stream), step]);
}

/** Runs `stream` into `sink` through its whole chain (see `Source.drive`). */
export function driveStream<T>(stream: Stream<T>, sink: Sink<T>): void {
  sourceOf(stream).drive(buildChain(stagesOf(stream), sink as Sink<unknown>));
}

/** Runs any iterable into `sink`: a stream through its chain, an array by index, else by its iterator. */
export function driveIterable<T>(iterable: Iterable<T>, sink: Sink<T>): void {
  if (iterable instanceof Stream) driveStream(iterable as Stream<T>, sink);
  else if (isPlainArray(iterable)) driveArray(iterable as readonly T[], sink);
  else driveIterator(iterable[Symbol.iterator](), sink);
}
