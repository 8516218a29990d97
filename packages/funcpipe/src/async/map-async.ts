import type { Control, Emitter, RunContext } from './internal/async-protocol.js';
import { BoundedBuffer } from './internal/bounded-buffer.js';
import { checkFunction } from '../internal/check.js';
import { WAIT, type Drained } from './internal/concurrent-run.js';
import { ParallelMapRun, checkParallelMapOptions, type AsyncMapper, type PendingFailure, type Recover } from './internal/parallel-map-run.js';
import type { Result } from '../result/result.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';
import { unorderedMap, type MapAsyncOptions, type PolicyErr } from './map-async-unordered.js';

export type { MapAsyncOptions } from './map-async-unordered.js';
import { checkCallPolicies } from './call-policy.js';
import { mapWithPolicies } from './internal/policy-map.js';

export type { AsyncMapper, MapAsyncContext } from './internal/parallel-map-run.js';


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
 * Policies (`retry`, `timeout`; see {@link MapAsyncUnorderedOptions}): with either one, each
 * item's call runs under them and a failure that remains becomes an `Err` item instead of
 * failing the run (a thrown value keeps its `code`, else `"THROWN"`; a time limit gives
 * `"TIMEOUT"`); the concurrency slot of an item is held until its work has really settled,
 * a timed-out attempt included, so never more than `concurrency` calls are in flight.
 *
 * @example
 * ```ts
 * const embedded = pipe(
 *   Async.fromIterable(chunks),
 *   Async.mapAsync((chunk, { signal }) => embedder.embed(chunk, { signal }), { concurrency: 16 }),
 * );
 * // With policies: up to 3 calls per item, 2 s per call; an item that gives up is an Err.
 * const retry = createRetry({ maxAttempts: 3 });
 * const timeout = createTimeouts({ attempt: '2s' });
 * pipe(chunks, Async.mapAsync(embedOne, { concurrency: 16, retry, timeout }));
 * ```
 */
export function mapAsync<T, U, O extends MapAsyncOptions = MapAsyncOptions>(f: AsyncMapper<T, U>, options: O): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | PolicyErr<O>> {
  checkFunction('mapAsync', 'f', f);
  checkParallelMapOptions('mapAsync', options, true);
  const { concurrency } = options;
  const policies = checkCallPolicies('mapAsync', options);
  const ordered = options.ordered !== false;
  if (policies !== undefined) {
    return mapWithPolicies<T, U, PolicyErr<O>>(policies, f, (mapper, recover) => (ordered ? orderedMap(mapper, concurrency, recover) : unorderedMap('mapAsync', mapper, concurrency, recover)));
  }
  return ordered ? orderedMap<T, U, PolicyErr<O>>(f, concurrency) : unorderedMap<T, U, PolicyErr<O>>('mapAsync', f, concurrency);
}

function orderedMap<T, U, F = never>(f: AsyncMapper<T, U>, concurrency: number, recover?: Recover<T, U>): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | F> {
  return <E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('mapAsync', 'gen', gen);
    return new AsyncGen<U, E | F>({
      open: (context, out, control) => new OrderedMapRun(gen, f, concurrency, context, out as Emitter<U, E>, control, recover),
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

  constructor(gen: AsyncGen<T, E>, f: AsyncMapper<T, U>, concurrency: number, context: RunContext, private readonly out: Emitter<U, E>, control: Control, recover?: Recover<T, U>) {
    super(gen, f, concurrency, context, control, recover);
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
