import { checkInteger, checkNumber, checkSignal } from '../internal/check.js';
import type { AsyncSource, StageBuilder } from './internal/async-protocol.js';
import type { ErrInfo } from '../result/err-info.js';
import type { Result } from '../result/result.js';
import { AsyncRun, type RunOptions } from './async-run.js';

const identity: StageBuilder<unknown, unknown, unknown, unknown> = (down) => down;

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
    this.build = build ?? (identity as StageBuilder<unknown, unknown, T, E>);
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

/** @internal Validates {@link RunOptions} at an entry point. */
export function checkRunOptions(where: string, options: RunOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: expected \`options\` to be an object`);
  checkSignal(where, options.signal);
  if (options.closeTimeoutMs !== undefined) {
    if (options.closeTimeoutMs !== Infinity) checkInteger(where, 'options.closeTimeoutMs', options.closeTimeoutMs, 0);
    else checkNumber(where, 'options.closeTimeoutMs', options.closeTimeoutMs, 0);
  }
}

/** True when `value` is an {@link AsyncGen}. */
export function isAsyncGen(value: unknown): value is AsyncGen<unknown, unknown> {
  return value instanceof AsyncGen;
}
