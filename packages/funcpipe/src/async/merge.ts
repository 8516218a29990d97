import type { Control, Emitter, RunContext } from './internal/async-protocol.js';
import { BufferedChild } from './internal/buffered-child.js';
import { checkInteger, describe } from '../internal/check.js';
import { emitResult } from './internal/child-runs.js';
import { ConcurrentRun, WAIT, type Drained } from './internal/concurrent-run.js';
import { FairScheduler } from './internal/fair-scheduler.js';
import { AsyncGen } from './async-gen.js';
import { DEFAULT_GATHER_BUFFER_SIZE, checkSources, type GenError, type GenValue } from './gather.js';

/** Options of {@link merge}: the fairness policy, as plain data. */
export interface MergeOptions {
  /**
   * The share of each source, one integer from 1 to 1,000,000 per source, in the order of the
   * sources: with `[3, 1]` the first source gets three items for every one of the second while
   * both have items ready. Default: all 1 (round-robin).
   */
  readonly weights?: readonly number[];
  /** How many items each source may produce ahead of the consumer (an integer >= 1). Default 16. */
  readonly bufferSize?: number;
}

/** The largest weight {@link merge} accepts. */
export const MAX_MERGE_WEIGHT = 1_000_000;

/**
 * Runs several streams at once and interleaves their items fairly: round-robin, or weighted
 * shares with `weights`. Use it to combine feeds where one busy source must not starve the
 * others: tenants, shards, priority classes.
 *
 * Fairness (scope: per run): among the sources that have items ready, the next item goes to the
 * one furthest behind its weighted share (worst-case fair weighted queueing, one item at a time).
 * A source that is always ready never gets more than its share while others have items ready:
 * over any window of `L` consecutive items during which a set of sources stays ready, each gets
 * within one item of `L * weight / (sum of their weights)`, rounded down or up. A source
 * with nothing ready is skipped and banks no credit for later. Within one source, order is preserved.
 *
 * Bounds and lifetimes are those of {@link gather} (it is built on the same structured-concurrency
 * core): every source starts on the first pull as a child run linked to this run's signal, runs
 * ahead by at most `bufferSize` items (backpressure), and a failing source fails the run after
 * its siblings are cancelled and awaited; on every exit every source is stopped and awaited
 * before this run's cleanup completes. `Err` items count as items.
 *
 * @example
 * ```ts
 * // Interactive requests get 4 items for every batch item while both are waiting.
 * const work = Async.merge([interactive, batch], { weights: [4, 1] });
 * ```
 */
export function merge<const G extends readonly AsyncGen<unknown, unknown>[]>(
  gens: G,
  options: MergeOptions = {},
): AsyncGen<GenValue<G[number]>, GenError<G[number]>> {
  checkSources('merge', gens, options, ['weights', 'bufferSize']);
  const weights = checkWeights(options.weights, gens.length);
  if (options.bufferSize !== undefined) checkInteger('merge', 'options.bufferSize', options.bufferSize, 1);
  const children: readonly AsyncGen<unknown, unknown>[] = [...gens];
  const bufferSize = options.bufferSize ?? DEFAULT_GATHER_BUFFER_SIZE;
  return new AsyncGen({
    open: (context, out, control) => new MergeRun(children, weights, bufferSize, context, out, control),
  });
}

function checkWeights(weights: unknown, count: number): readonly number[] {
  if (weights === undefined) return new Array<number>(count).fill(1);
  if (!Array.isArray(weights)) throw new TypeError(`merge: expected \`options.weights\` to be an array of integers, got ${describe(weights)}`);
  if (weights.length !== count) {
    throw new RangeError(`merge: expected \`options.weights\` to have one weight per source (${count}), got ${weights.length}`);
  }
  weights.forEach((w: unknown, i) => {
    checkInteger('merge', `options.weights[${i}]`, w, 1);
    if (w > MAX_MERGE_WEIGHT) throw new RangeError(`merge: expected \`options.weights[${i}]\` to be at most ${MAX_MERGE_WEIGHT}, got ${w}`);
  });
  return [...(weights as number[])];
}

/** One run of a merge: every source read ahead into its buffer; `drain` serves the ready ones in fair order. */
class MergeRun extends ConcurrentRun {
  private readonly children: BufferedChild<unknown, unknown>[] = [];
  private readonly scheduler: FairScheduler;
  private ended = 0;

  constructor(
    private readonly gens: readonly AsyncGen<unknown, unknown>[],
    weights: readonly number[],
    private readonly bufferSize: number,
    context: RunContext,
    private readonly out: Emitter<unknown, unknown>,
    control: Control,
  ) {
    super(context, control, gens.length);
    this.scheduler = new FairScheduler(weights);
  }

  protected begin(): void {
    const { group, scheduler } = this;
    this.gens.forEach((gen, i) => {
      const child = new BufferedChild(
        group,
        gen,
        this.bufferSize,
        () => {
          scheduler.ready(i);
          this.deliver();
        },
        () => {
          this.ended++;
          this.deliver();
        },
      );
      this.children.push(child);
    });
    for (const child of this.children) child.pull();
  }

  protected drain(): Drained {
    const { control, out, scheduler, children } = this;
    while (control.pulling && !control.stopped) {
      const i = scheduler.pick();
      if (i === -1) return this.ended === children.length ? true : WAIT;
      const child = children[i] as BufferedChild<unknown, unknown>;
      const item = child.take();
      if (child.buffer.length === 0) scheduler.idle(i);
      emitResult(out, item);
    }
    return false;
  }
}
