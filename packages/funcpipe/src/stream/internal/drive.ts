import { closeAfterError, closeIterator } from './iterators.js';
import type { AnyStage, Sink } from './protocol.js';

const arrayValues = Array.prototype[Symbol.iterator];

/**
 * True for an array whose iteration is the built-in one, so an index loop visits exactly what
 * `for ... of` would (holes read as `undefined`, growth during the run is seen).
 */
export function isPlainArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && value[Symbol.iterator] === arrayValues;
}

/**
 * Feeds several inputs in turn into one downstream sink (concat's parts, flatMap's inner
 * iterables): numbers their items as one sequence, hides the end of each input from
 * downstream, and remembers whether downstream stopped. An input that ended (even through its
 * own `take`, which also answers `false`) is not a stop; only `stopped` says so.
 */
export class PartSink<T> implements Sink<T> {
  stopped = false;
  private emitted = 0;
  constructor(readonly down: Sink<T>) {}
  push(value: T): boolean {
    if (this.down.push(value, this.emitted++)) return true;
    this.stopped = true;
    return false;
  }
  end(): void {}
}

/** Builds one run's chain: the stages in front of `sink`, last stage first. Returns the head. */
export function buildChain(stages: readonly AnyStage[], sink: Sink<unknown>): Sink<unknown> {
  let head = sink;
  for (let i = stages.length - 1; i >= 0; i--) head = (stages[i] as AnyStage)(head) as Sink<unknown>;
  return head;
}

/** Pushes every element of an array into `sink` with an index loop (no iterator objects). */
export function driveArray<T>(array: readonly T[], sink: Sink<T>): void {
  for (let i = 0; i < array.length; i++) {
    if (!sink.push(array[i] as T, i)) return;
  }
  sink.end();
}

/**
 * Pushes every item of an open iterator into `sink`. When the sink stops or throws, the
 * iterator is closed (once); when the iterator ends or its own `next()` throws, it is not
 * (it has finished, as with `for ... of`). Cleanup failures are merged, never swallowed.
 */
export function driveIterator<T>(iterator: Iterator<T>, sink: Sink<T>): void {
  for (let index = 0; ; index++) {
    const step = iterator.next();
    if (step.done) break;
    let more: boolean;
    try {
      more = sink.push(step.value, index);
    } catch (error) {
      closeAfterError(iterator, error);
    }
    if (!more) {
      closeIterator(iterator);
      return;
    }
  }
  sink.end();
}
