import { checkFunction, describe } from '../internal/check.js';
import { claimIfOneShot } from '../internal/claim-once.js';
import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { pushResult, type Push } from './internal/iterable-source.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncGen } from './async-gen.js';
import type { Producer } from './from-producer.js';

const WHERE = 'fromResultBatchProducer';
const EMPTY: readonly unknown[] = Object.freeze([]);

/**
 * Like {@link fromResultProducer}, for producers that yield their items in batches: each yielded
 * value is an array of `Result` items (the lines of a chunk read from a file, a page of rows), and
 * the stream's items are those of every batch, in order. Use it when the items arrive in groups
 * anyway: the run hands the items of a batch on without an `await` per item, and a `for await`
 * over the stream is answered from the batch at hand.
 *
 * Laziness: the producer is asked for its next batch only once every item of the previous one was
 * pulled. The stages after it see one item per pull, like after any source; a run read with
 * `for await` (or `next()`) and no stage in between moves the rest of the batch at hand into its
 * own queue, which no user code sees before the items are pulled, so the run holds at most one
 * batch. An empty batch is skipped; a batch that is not an array, or an item that is not a
 * `Result`, fails the run with a TypeError naming its position. Cancellation and release are
 * those of {@link fromProducer}: the producer gets the run's signal, and its iterator is closed
 * on every exit.
 *
 * @example
 * ```ts
 * const rows = Async.fromResultBatchProducer(async function* (signal) {
 *   for (let page = 0; ; page++) {
 *     const batch = await fetchPage(page, { signal }); // Result<Row, ErrInfo>[]
 *     if (batch.length === 0) return;
 *     yield batch;
 *   }
 * });
 * ```
 */
export function fromResultBatchProducer<T, E>(producer: Producer<ReadonlyArray<Result<T, E>>>): AsyncGen<T, E> {
  checkFunction(WHERE, 'producer', producer);
  const source: AsyncSource<unknown, unknown> = {
    open: (context, out, control) => new BatchRun(producer, context, out, control),
  };
  return new AsyncGen<T, E>(source);
}

const push: Push<unknown> = pushResult(WHERE);

class BatchRun implements SourceRun {
  private iterator: AsyncIterator<unknown> | Iterator<unknown> | undefined;
  private batch: ArrayLike<unknown> = EMPTY;
  private at = 0;
  /** The position of the next item in the stream, for the TypeError of an item that is not a Result. */
  private index = 0;
  private batches = 0;
  private finished = false;

  constructor(
    private readonly producer: Producer<unknown>,
    private readonly context: RunContext,
    private readonly out: Emitter<unknown, unknown>,
    private readonly control: Control,
  ) {}

  pump(): boolean | Promise<boolean> {
    return this.pushHeld() ? this.fetch() : false;
  }

  close(): void | Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const closed = this.iterator?.return?.();
    if (closed instanceof Promise) return closed.then(ignore);
  }

  /** Pushes the items of the batch at hand while they are wanted; true when it is used up and the consumer still pulls. */
  private pushHeld(): boolean {
    const { control, out, batch } = this;
    // Straight into the run's own queue, as they are (see RunContext.queuesAhead), or pushed.
    const queue = this.context.queuesAhead === true ? out.result : undefined;
    while (this.at < batch.length) {
      if (control.stopped) return false;
      const item = batch[this.at];
      // Ahead of demand only items that cannot fail the run: a bad item waits to be pulled.
      if (queue !== undefined && isResult(item)) queue(item as Result<unknown, unknown>);
      else if (!control.pulling) return false;
      else push(item, out, this.index);
      this.at++;
      this.index++;
    }
    return control.pulling && !control.stopped;
  }

  private async fetch(): Promise<boolean> {
    const iterator = (this.iterator ??= this.begin());
    do {
      const step = await iterator.next();
      if (step.done === true) return (this.finished = true);
      const batch = step.value;
      if (!Array.isArray(batch)) throw new TypeError(`${WHERE}: expected batch ${this.batches} to be an array of Result items, got ${describe(batch)}`);
      this.batches++;
      this.batch = batch;
      this.at = 0;
    } while (this.pushHeld());
    return false;
  }

  private begin(): AsyncIterator<unknown> | Iterator<unknown> {
    const iterable = this.producer(this.context.signal) as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null | undefined;
    const asyncIterate = iterable?.[Symbol.asyncIterator];
    const syncIterate = iterable?.[Symbol.iterator];
    let iterator: AsyncIterator<unknown> | Iterator<unknown>;
    if (typeof asyncIterate === 'function') iterator = asyncIterate.call(iterable) as AsyncIterator<unknown>;
    else if (typeof syncIterate === 'function') iterator = syncIterate.call(iterable) as Iterator<unknown>;
    else throw new TypeError(`${WHERE}: the producer returned ${describe(iterable)}, not an async or sync iterable of batches`);
    claimIfOneShot(WHERE, iterable as object, iterator, 'a producer that creates a new iterable on each call (such as an async function*)');
    return iterator;
  }
}

function isResult(item: unknown): boolean {
  return item instanceof Ok || item instanceof Err;
}

function ignore(): void {}
