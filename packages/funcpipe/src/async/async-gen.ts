import { checkLimit, checkSignal, describe } from '../internal/check.js';
import { checkOptions } from '../internal/options.js';
import type { AsyncSource, StageBuilder } from './internal/async-protocol.js';
import type { ErrInfo } from '../result/err-info.js';
import type { Result } from '../result/result.js';
import { AsyncRun, type RunOptions } from './async-run.js';
import { noStages } from './internal/no-stages.js';

/**
 * `AsyncGen<T, E>`: a pure, replayable description of a lazy async stream whose items are
 * `Result<T, E>` (seed 001's `AsyncGen`).
 *
 * Building one performs no effect and calls no user function. Each `for await` (or
 * `iterate()`) starts a fresh, independent {@link AsyncRun} that opens what it needs when it
 * reaches it and releases everything on every exit path. Per-item errors are `Err` items that
 * flow downstream without ending the stream; exceptions thrown by plain stages end the run.
 *
 * Synchronous stages (`map`, `filter`, `take`, ...) are fused into the loop of the nearest
 * source, so they cost a function call per item, not an async hop.
 *
 * @example
 * ```ts
 * const squares = pipe(Async.fromIterable([1, 2, 3]), Async.map((n) => n * n));
 * for await (const r of squares) if (r.ok) console.log(r.value); // 1, 4, 9
 * ```
 */
export class AsyncGen<out T, out E = ErrInfo> implements AsyncIterable<Result<T, E>> {
  /** @internal */
  readonly source: AsyncSource<unknown, unknown>;
  /** @internal */
  readonly build: StageBuilder<unknown, unknown, T, E>;

  /** @internal Build streams with the `from*` constructors and the operators. */
  constructor(source: AsyncSource<unknown, unknown>, build?: StageBuilder<unknown, unknown, T, E>) {
    this.source = source;
    this.build = build ?? (noStages as StageBuilder<unknown, unknown, T, E>);
  }

  /** Starts a fresh run with default options (no external signal, 5,000 ms close deadline). */
  [Symbol.asyncIterator](): AsyncRun<T, E> {
    return new AsyncRun(this);
  }

  /**
   * Starts a fresh run with options: an external `signal` that stops it, and the close deadline.
   *
   * @example
   * ```ts
   * for await (const r of gen.iterate({ signal: AbortSignal.timeout(1_000) })) { ... }
   * ```
   */
  iterate(options: RunOptions = {}): AsyncRun<T, E> {
    checkRunOptions('AsyncGen.iterate', options);
    return new AsyncRun(this, options);
  }

  /** @internal Appends a fused synchronous stage. */
  stage<U, F>(stage: StageBuilder<T, E, U, F>): AsyncGen<U, F> {
    const build = this.build;
    return new AsyncGen<U, F>(this.source, (down, control, context) => build(stage(down, control, context), control, context));
  }
}

const RUN_OPTION_KEYS: readonly string[] = ['signal', 'closeTimeoutMs'];

/**
 * @internal Validates {@link RunOptions} at an entry point: an object with no unknown key (`more`
 * lists the keys the entry point adds to the run's own), a `signal` that is an `AbortSignal`, a
 * `closeTimeoutMs` that is an integer >= 1 or `Infinity`.
 */
export function checkRunOptions(where: string, options: RunOptions, more: readonly string[] = []): void {
  checkOptions(where, options, more.length === 0 ? RUN_OPTION_KEYS : [...RUN_OPTION_KEYS, ...more]);
  checkSignal(where, options.signal);
  const { closeTimeoutMs } = options;
  if (closeTimeoutMs !== undefined) checkLimit(where, 'options.closeTimeoutMs', closeTimeoutMs, 1);
}

/**
 * @internal Throws a TypeError unless `value` is an {@link AsyncGen}, naming the entry point,
 * the argument (and the item it was returned for) and how to make one. A plain (async) iterable
 * is not accepted in its place: its one-shot runs, its item shape (values or `Result`s) and its
 * cancellation would all be guesses.
 */
export function checkAsyncGen(where: string, name: string, value: unknown, item?: number): asserts value is AsyncGen<unknown, unknown> {
  if (value instanceof AsyncGen) return;
  const v = value as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null | undefined;
  const iterable = v != null && (typeof v[Symbol.asyncIterator] === 'function' || typeof v[Symbol.iterator] === 'function');
  const hint = iterable
    ? '; wrap an iterable with Async.fromIterable(values) or Async.fromResults(resultItems), or a generator function with Async.fromProducer'
    : '; build one with Async.fromIterable, Async.fromResults or Async.fromProducer';
  const forItem = item === undefined ? '' : ` for item ${item}`;
  throw new TypeError(`${where}: expected \`${name}\` to be an AsyncGen${forItem}, got ${describe(value)}${hint}`);
}

/**
 * @internal Appends a fused stage to `gen` for the operator `where`, after checking that `gen`
 * is an {@link AsyncGen} (the operator's returned function is what `pipe` calls with it).
 */
export function appendStage<T, E, U, F>(where: string, gen: AsyncGen<T, E>, stage: StageBuilder<T, E, U, F>): AsyncGen<U, F> {
  checkAsyncGen(where, 'gen', gen);
  return gen.stage(stage);
}
