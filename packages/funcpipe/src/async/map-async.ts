import type { Control, Emitter, RunContext } from './internal/async-protocol.js';
import { BoundedBuffer } from './internal/bounded-buffer.js';
import { checkFunction } from '../internal/check.js';
import { WAIT, type Drained } from './internal/concurrent-run.js';
import { ParallelMapRun, checkParallelMapOptions, type AsyncMapper, type PendingFailure } from './internal/parallel-map-run.js';
import type { Result } from '../result/result.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';
import { unorderedMap, type MapAsyncUnorderedOptions } from './map-async-unordered.js';

export type { AsyncMapper, MapAsyncContext } from './internal/parallel-map-run.js';

/** Options of {@link mapAsync}. */
export interface MapAsyncOptions extends MapAsyncUnorderedOptions {
  /** `true` (default): results in input order; `false`: in completion order (as {@link mapAsyncUnordered}). */
  readonly ordered?: boolean;
}

/**
 * Bounded parallel map: runs `f(value, { signal, index })` on each `Ok` value with at most
 * `concurrency` calls in flight, and emits the results in input order (`ordered: true`, the
 * default) or in completion order (`ordered: false`). Use it for per-item I/O: fetches,
 * embeddings, queries.
 *
 * Ordered: a window of `concurrency` items in input order; a result that completes early waits
 * for the earlier ones, and the upstream is pulled only while the window has room, so a slow
 * `f` or a slow consumer stops the upstream (backpressure). `Err` items pass through at their
 * position without calling `f`. The output equals a sequential map's.
 *
 * Failure, as a sequential map would fail: if `f` throws or rejects at position `i` (or the
 * upstream fails after position `i - 1`), every item before `i` is still delivered (calls in
 * flight for them run to completion), then the pull rejects with that error, alone. Calls after
 * `i` are aborted through their `signal` and their outcomes discarded; no new call starts and
 * the upstream is no longer read. Each call has its own `signal`, also aborted when the run stops
 * early (consumer break, `take`, an external abort). When one bad item must not stop the stream,
 * catch inside `f`, or use the lifted form (`liftAsyncItem`), which turns throws into `Err` items.
 *
 * @example
 * ```ts
 * const embedded = pipe(
 *   Async.fromIterable(chunks),
 *   Async.mapAsync((chunk, { signal }) => embedder.embed(chunk, { signal }), { concurrency: 16 }),
 * );
 * ```
 */
export function mapAsync<T, U>(f: AsyncMapper<T, U>, options: MapAsyncOptions): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E> {
  checkFunction('mapAsync', 'f', f);
  checkParallelMapOptions('mapAsync', options, true);
  const { concurrency } = options;
  if (options.ordered === false) return unorderedMap('mapAsync', f, concurrency);
  return <E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('mapAsync', 'gen', gen);
    return new AsyncGen<U, E>({
      open: (context, out, control) => new OrderedMapRun(gen, f, concurrency, context, out as Emitter<U, E>, control),
    });
  };
}

/** An item of the ordered window: a call in flight, a result, or an `Err` passed through. */
interface Slot {
  readonly index: number;
  settled: boolean;
  failed: boolean;
  value: unknown;
}

/** One run: a window of `concurrency` slots in input order; the head is emitted once settled. */
class OrderedMapRun<T, U, E> extends ParallelMapRun<T, U, E> {
  private readonly window: BoundedBuffer<Slot>;

  constructor(gen: AsyncGen<T, E>, f: AsyncMapper<T, U>, concurrency: number, context: RunContext, private readonly out: Emitter<U, E>, control: Control) {
    super(gen, f, concurrency, context, control);
    this.window = new BoundedBuffer(concurrency);
  }

  protected hasRoom(): boolean {
    return !this.window.full;
  }

  protected accept(item: Result<T, E>, index: number): void {
    const { window } = this;
    if (item.ok) {
      const slot: Slot = { index, settled: false, failed: false, value: undefined };
      window.push(slot);
      this.call(item.value, index, (result) => {
        slot.value = result;
        slot.settled = true;
        if (window.peek() === slot) this.deliver();
      });
    } else {
      window.push({ index, settled: true, failed: true, value: item.error });
      if (window.length === 1) this.deliver();
    }
  }

  /** Calls after the failing position are abandoned; those before it are awaited and delivered. */
  protected abandons(index: number, failure: PendingFailure): boolean {
    return index > failure.index;
  }

  protected drain(): Drained {
    const { control, out, window } = this;
    while (control.pulling && !control.stopped) {
      const head = window.peek();
      const failure = this.failure;
      if (failure !== undefined && (head === undefined || head.index >= failure.index)) this.failNow();
      if (head === undefined) return this.upstreamDone ? true : WAIT;
      if (!head.settled) return WAIT;
      window.shift();
      this.freed();
      if (head.failed) out.err(head.value as E);
      else out.ok(head.value as U);
    }
    return false;
  }
}
