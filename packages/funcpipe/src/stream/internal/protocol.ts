// The two ways a run moves items. Sinks drive a push loop (the fast path: one loop over the
// source, no iterator object per item); `Stream[Symbol.iterator]` pulls the same chain one
// source item at a time. Whatever opens an iterator (a source, or the push stage of flatMap
// or zip) closes it itself, on every path.

/**
 * The receiving end of a run: a stage, or the sink that collects the result.
 *
 * Protocol: `push` delivers one item with its position in this sink's input (0, 1, 2, ...),
 * so one-to-one stages pass callbacks the index they received and keep no counter. It
 * returns `false` once this sink wants no more input; by then it has finished everything
 * below it, so the caller must stop pulling, close what it opened, and must NOT call `end`.
 * `end` says the input ran out normally: the sink flushes what it holds and ends its own
 * downstream. A sink receives nothing after `end` or after returning `false`.
 */
export interface Sink<T> {
  push(value: T, index: number): boolean;
  end(): void;
}

/**
 * A one-to-at-most-one stage (plus flushing at the end), built once per run in front of its
 * downstream sink.
 */
export type Stage<A, B> = (down: Sink<B>) => Sink<A>;

/** A stage with its item types forgotten, as stored in a stream's chain. */
export type AnyStage = Stage<never, unknown>;

/**
 * Where a run's items come from, in two forms that must agree item for item.
 *
 * `open` starts a pulled run and returns its iterator (closing it with `return()` releases
 * whatever the run opened). `drive` runs to the end, pushing every item into `sink` until the
 * sink returns `false` or the input runs out (then it calls `sink.end()`), and closes
 * everything it opened on every path, the sink's own throws included. A sink that needs to
 * know which of the two happened records it itself: a stage such as `take` also ends its
 * downstream and returns `false`, which for the sink above it is an end, not a stop.
 */
export interface Source<T> {
  open(): Iterator<T>;
  drive(sink: Sink<T>): void;
}

/** The function of a fusible step (`map`, `filter`, `tap`, `takeWhile`): it sees `(value, index)`. */
export type StepFn = (value: never, index: number) => unknown;

/**
 * A kind of stateless step, given twice: as a sink class (the reference, always available) and
 * as straight-line code for fusion (see `fuse.ts`). The code works on the item `v` and its
 * index `i`; `$f` stands for the step's function, `$n` for a counter field of its own and
 * `this.down` for the downstream sink; it may `return true;` to drop the item or end
 * downstream and `return false;`, and must leave in `i` the index of `v` in its output. Both
 * forms must agree item for item (the law suites run both, see `fusion-fallback.test.ts`).
 */
export interface StepKind {
  readonly name: string;
  readonly code: string;
  readonly sink: (down: Sink<unknown>, f: StepFn) => Sink<unknown>;
}

/** One use of a step kind in a stream: the kind and the user's function. */
export interface Step {
  readonly kind: StepKind;
  readonly f: StepFn;
}

/** What a stream's chain holds: steps (fusible) and general stages. */
export type Link = Step | AnyStage;
