import type { Control, Emitter, RunContext } from './internal/async-protocol.js';
import { BoundedBuffer } from './internal/bounded-buffer.js';
import { BufferedChild } from './internal/buffered-child.js';
import { checkInteger, checkLimit, describe } from '../internal/check.js';
import { checkOptions } from '../internal/options.js';
import { emitResult } from './internal/child-runs.js';
import { ConcurrentRun, WAIT, type Drained } from './internal/concurrent-run.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';

/** Options of {@link gather}. */
export interface GatherOptions {
  /** How many children run at once (an integer >= 1, or `Infinity`: all of them). Default: all of them. */
  readonly concurrency?: number;
  /**
   * How many items each child may produce ahead of the consumer (an integer >= 1; not `Infinity`,
   * every buffer is bounded). Default 16. Room is taken as items arrive, never reserved up front,
   * so a large bound costs nothing until it is used.
   */
  readonly bufferSize?: number;
}

/** @internal Validates the streams and the options object of a merging operator (named `where` in the errors). */
export function checkSources(where: string, gens: unknown, options: unknown, keys: readonly string[]): void {
  if (!Array.isArray(gens)) throw new TypeError(`${where}: expected \`gens\` to be an array of AsyncGen streams, got ${describe(gens)}`);
  gens.forEach((gen: unknown, i) => {
    checkAsyncGen(where, `gens[${i}]`, gen);
  });
  checkOptions(where, options, keys);
}

/** The default {@link GatherOptions.bufferSize}. */
export const DEFAULT_GATHER_BUFFER_SIZE = 16;

/** The item type of a stream (an `AsyncGen<T, E>` gives `T`). */
export type GenValue<G> = G extends AsyncGen<infer T, unknown> ? T : never;
/** The error type of a stream (an `AsyncGen<T, E>` gives `E`). */
export type GenError<G> = G extends AsyncGen<unknown, infer E> ? E : never;

/**
 * Runs several streams concurrently and merges their items into one stream (seed 001's
 * `async_gen_gather`). Use it for independent sources: several files, shards or feeds at once.
 *
 * Order: items are emitted as they become available; when several children have items ready,
 * they are taken round-robin, one each; within one child, order is preserved. With
 * `concurrency: 1` the result is the concatenation, in the order of `gens`.
 *
 * Bounds: at most `concurrency` children run at once (a child holds its place until its last
 * item is emitted; then the next child starts); each runs ahead of the consumer by at most
 * `bufferSize` items, then waits (backpressure). `Err` items flow through like any item.
 *
 * Lifetimes: children start on the first pull, each as its own run linked to this run's signal.
 * A child that throws fails the whole run: its siblings are cancelled at once (their signals
 * aborted) and awaited, then the pull rejects with the error (merged with any cleanup errors);
 * items not yet emitted are dropped. On every exit (end, consumer break, failure, external abort),
 * every child is stopped and awaited before this run's cleanup completes: no child outlives it.
 *
 * Streams of different item and error types mix: the result carries the unions.
 *
 * @example
 * ```ts
 * const all = Async.gather([readShard(0), readShard(1), readShard(2)], { concurrency: 2 });
 * for await (const r of all) if (r.ok) index(r.value);
 * ```
 */
export function gather<const G extends readonly AsyncGen<unknown, unknown>[]>(
  gens: G,
  options: GatherOptions = {},
): AsyncGen<GenValue<G[number]>, GenError<G[number]>> {
  checkSources('gather', gens, options, ['concurrency', 'bufferSize']);
  if (options.concurrency !== undefined) checkLimit('gather', 'options.concurrency', options.concurrency, 1);
  if (options.bufferSize !== undefined) checkInteger('gather', 'options.bufferSize', options.bufferSize, 1);
  const children: readonly AsyncGen<unknown, unknown>[] = [...gens];
  const concurrency = Math.min(options.concurrency ?? children.length, children.length);
  const bufferSize = options.bufferSize ?? DEFAULT_GATHER_BUFFER_SIZE;
  return new AsyncGen({
    open: (context, out, control) => new GatherRun(children, concurrency, bufferSize, context, out, control),
  });
}

type Child = BufferedChild<unknown, unknown>;

/** One run of a gather: a reader per child fills that child's buffer; `drain` serves ready children round-robin. */
class GatherRun extends ConcurrentRun {
  /** The children with buffered items, in the order they are served (a child is in it iff its buffer is not empty). */
  private readonly ready: BoundedBuffer<Child>;
  private readonly live = new Set<Child>();
  private started = 0;

  constructor(
    private readonly gens: readonly AsyncGen<unknown, unknown>[],
    private readonly concurrency: number,
    private readonly bufferSize: number,
    context: RunContext,
    private readonly out: Emitter<unknown, unknown>,
    control: Control,
  ) {
    super(context, control, concurrency);
    this.ready = new BoundedBuffer(Math.max(1, concurrency));
  }

  protected begin(): void {
    this.startChildren();
  }

  protected drain(): Drained {
    const { control, out, ready } = this;
    while (control.pulling && !control.stopped) {
      const child = ready.shift();
      if (child === undefined) return this.live.size === 0 && this.started === this.gens.length ? true : WAIT;
      // `take` lets the child refill at once, and a child whose source has items ready refills
      // synchronously: from empty, that re-queues it (its onReady), so only a child that still
      // held items is put back here, and none is queued twice.
      const heldMore = child.buffer.length > 1;
      const item = child.take();
      if (heldMore) ready.push(child);
      else if (child.buffer.length === 0 && child.done) this.retire(child);
      emitResult(out, item);
    }
    return false;
  }

  private startChildren(): void {
    const { group, gens } = this;
    while (this.live.size < this.concurrency && this.started < gens.length && !group.cancelled) {
      const child: Child = new BufferedChild(
        group,
        gens[this.started++] as AsyncGen<unknown, unknown>,
        this.bufferSize,
        () => {
          this.ready.push(child);
          this.deliver();
        },
        () => {
          if (child.buffer.length === 0) this.retire(child);
          this.deliver();
        },
        // with no other child ready and the consumer waiting, the item goes straight to it
        (item) => this.ready.length === 0 && this.passOn(this.out, item),
      );
      this.live.add(child);
      child.pull();
    }
  }

  /** Frees the place of a child whose last item was emitted, and starts the next child. */
  private retire(child: Child): void {
    this.live.delete(child);
    this.startChildren();
  }
}
