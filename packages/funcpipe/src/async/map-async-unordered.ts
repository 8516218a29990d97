import type { Control, Emitter, RunContext } from './internal/async-protocol.js';
import { BoundedBuffer } from './internal/bounded-buffer.js';
import { checkFunction } from '../internal/check.js';
import { emitResult } from './internal/child-runs.js';
import { WAIT, type Drained } from './internal/concurrent-run.js';
import { ParallelMapRun, checkParallelMapOptions, type AsyncMapper, type PendingFailure, type Recover } from './internal/parallel-map-run.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';
import { checkCallPolicies, type CallPolicies } from './call-policy.js';
import { mapWithPolicies } from './internal/policy-map.js';
import type { ErrInfo } from '../result/err-info.js';

/** Options of {@link mapAsyncUnordered}. */
export interface MapAsyncUnorderedOptions extends CallPolicies {
  /**
   * The most calls of `f` in flight at once, and of items held (an integer >= 1). `Infinity`
   * sets no limit: every `Ok` item's call starts as soon as the item arrives (p-map's default),
   * so memory then grows with the calls in flight.
   */
  readonly concurrency: number;
}

/** Options of `mapAsync`. */
export interface MapAsyncOptions extends MapAsyncUnorderedOptions {
  /** `true` (default): results in input order; `false`: in completion order (as {@link mapAsyncUnordered}). */
  readonly ordered?: boolean;
}

/** The error type call policies add to a parallel map's items: `ErrInfo` when `O` may carry `retry` or `timeout`, else none. */
export type PolicyErr<O> = [O[Extract<keyof O, 'retry' | 'timeout'>]] extends [undefined] ? never : ErrInfo;

/**
 * Bounded parallel map that emits results as the calls complete (completion order). Use it when
 * order does not matter: a slow item never holds back the others.
 *
 * `f(value, { signal, index })` runs on each `Ok` value, at most `concurrency` calls at once;
 * the upstream is pulled only while fewer than `concurrency` items are in flight or completed
 * but not yet emitted, so a slow `f` or a slow consumer stops the upstream (backpressure).
 * `Err` items pass through without calling `f`, as soon as they arrive.
 *
 * Failure: if `f` throws or rejects (or the upstream fails), every result that completed before
 * the failure, and every `Err` item that arrived before it, is still delivered; then the pull
 * rejects with that error, alone. The calls still in flight are aborted through their `signal`
 * and their outcomes discarded; no new call starts and the upstream is no longer read. Each
 * call's `signal` is also aborted when the run stops early (consumer break, `take`, an abort).
 * With `retry` or `timeout`, failures become `Err` items instead, as in `mapAsync`. (`options` is
 * typed like `mapAsync`'s so the two are interchangeable; `ordered` is rejected at run time.)
 *
 * @example
 * ```ts
 * const statuses = pipe(
 *   Async.fromIterable(urls),
 *   Async.mapAsyncUnordered(async (url: string, { signal }) => (await fetch(url, { signal })).status, { concurrency: 8 }),
 * );
 * ```
 */
export function mapAsyncUnordered<T, U, O extends MapAsyncOptions = MapAsyncUnorderedOptions>(
  f: AsyncMapper<T, U>,
  options: O,
): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | PolicyErr<O>> {
  checkFunction('mapAsyncUnordered', 'f', f);
  checkParallelMapOptions('mapAsyncUnordered', options, false);
  const { concurrency } = options;
  const policies = checkCallPolicies('mapAsyncUnordered', options);
  if (policies !== undefined) return mapWithPolicies<T, U, PolicyErr<O>>(policies, f, (mapper, recover) => unorderedMap('mapAsyncUnordered', mapper, concurrency, recover));
  return unorderedMap<T, U, PolicyErr<O>>('mapAsyncUnordered', f, concurrency);
}

/** @internal The operator behind {@link mapAsyncUnordered} and `mapAsync(f, { ordered: false })`. */
export function unorderedMap<T, U, F = never>(where: string, f: AsyncMapper<T, U>, concurrency: number, recover?: Recover<T, U>): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | F> {
  return <E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen(where, 'gen', gen);
    return new AsyncGen<U, E | F>({
      open: (context, out, control) => new UnorderedMapRun(gen, f, concurrency, context, out as Emitter<U, E>, control, recover),
    });
  };
}

/** One run: results wait in a buffer of `concurrency` places, in completion order. */
class UnorderedMapRun<T, U, E> extends ParallelMapRun<T, U, E> {
  private readonly ready: BoundedBuffer<Result<U, E>>;
  private inFlight = 0;

  constructor(gen: AsyncGen<T, E>, f: AsyncMapper<T, U>, concurrency: number, context: RunContext, private readonly out: Emitter<U, E>, control: Control, recover?: Recover<T, U>) {
    super(gen, f, concurrency, context, control, recover);
    this.ready = new BoundedBuffer(concurrency);
  }

  protected hasRoom(): boolean {
    return this.inFlight + this.ready.length < this.concurrency;
  }

  protected accept(item: Result<T, E>, index: number): void {
    if (item.ok) {
      this.inFlight++;
      this.call(item.value, index, this.completed);
    } else {
      this.ready.push(new Err<U, E>(item.error));
      this.deliver();
    }
  }

  /** Every call still in flight at a failure is abandoned (completion order has no "before"). */
  protected abandons(_index: number, _failure: PendingFailure): boolean {
    return true;
  }

  protected drain(): Drained {
    const { control, out, ready } = this;
    while (control.pulling && !control.stopped) {
      const item = ready.shift();
      if (item === undefined) {
        if (this.failure !== undefined) this.failNow();
        return this.upstreamDone && this.inFlight === 0 ? true : WAIT;
      }
      this.freed();
      emitResult(out, item);
    }
    return false;
  }

  private readonly completed = (result: U): void => {
    this.inFlight--;
    this.ready.push(new Ok<U, E>(result));
    this.deliver();
  };
}
