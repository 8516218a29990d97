import { buildChain } from './drive.js';
import { DONE, closeAfterError, closeIterator } from './iterators.js';
import type { AnyStage, Sink } from './protocol.js';

/**
 * The iterator of one run of a `Stream`: `next()`, `return()`, and `[Symbol.dispose]()` (so
 * `using it = stream[Symbol.iterator]()` closes the run at the end of the block).
 */
export interface StreamIterator<T> extends IterableIterator<T, undefined, unknown>, Disposable {
  next(): IteratorResult<T, undefined>;
  return(): IteratorResult<T, undefined>;
}



/**
 * Holds what the last stage emitted for one `next()` call: usually one item; a flush at the
 * end (`chunk`) can add a few more, which wait in `rest`.
 */
class Slots implements Sink<unknown> {
  has = false;
  head: unknown = undefined;
  private rest: unknown[] = [];
  private read = 0;
  push(value: unknown): boolean {
    if (this.has) this.rest.push(value);
    else {
      this.head = value;
      this.has = true;
    }
    return true;
  }
  end(): void {}
  shift(): unknown {
    const value = this.head;
    if (this.read < this.rest.length) {
      this.head = this.rest[this.read++];
      if (this.read === this.rest.length) {
        this.rest = [];
        this.read = 0;
      }
    } else {
      this.has = false;
      this.head = undefined;
    }
    return value;
  }
  clear(): void {
    this.has = false;
    this.head = undefined;
    this.rest = [];
    this.read = 0;
  }
}

/**
 * Drives a chain of stages one source item at a time. Each `next()` pulls from the source only
 * until the chain emits something, so nothing is pulled ahead of the consumer. When a stage
 * stops the run (`take`, `takeWhile`), the source is closed at once; when a stage or the
 * source throws, the run is over and the source is closed (unless it was the source's own
 * `next()` that threw). Not reentrant: calling `next()` or `return()` from inside one of this
 * run's own callbacks throws a `TypeError`, as a generator does.
 */
export class ChainIterator<T> implements StreamIterator<T> {
  private source: Iterator<unknown> | undefined;
  private readonly head: Sink<unknown> | undefined;
  private readonly slots = new Slots();
  private pulled = 0;
  private running = false;

  constructor(source: Iterator<unknown>, stages: readonly AnyStage[]) {
    this.source = source;
    if (stages.length > 0) this.head = buildChain(stages, this.slots);
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<T, undefined> {
    if (this.slots.has) return this.shift();
    const source = this.source;
    if (source === undefined) return DONE;
    this.enter();
    try {
      return this.pull(source);
    } finally {
      this.running = false;
    }
  }

  return(): IteratorResult<T, undefined> {
    this.enter();
    this.running = false;
    this.slots.clear();
    const source = this.source;
    if (source !== undefined) {
      this.source = undefined;
      closeIterator(source);
    }
    return DONE;
  }

  [Symbol.dispose](): void {
    this.return();
  }

  private enter(): void {
    if (this.running) throw new TypeError('Stream iterator: next() or return() called while this run is already producing an item');
    this.running = true;
  }

  private shift(): IteratorResult<T, undefined> {
    return { value: this.slots.shift() as T, done: false };
  }

  private pull(source: Iterator<unknown>): IteratorResult<T, undefined> {
    const head = this.head;
    for (;;) {
      let step: IteratorResult<unknown>;
      let done: boolean | undefined;
      try {
        step = source.next();
        done = step.done;
      } catch (error) {
        this.source = undefined;
        throw error;
      }
      if (done) {
        this.source = undefined;
        if (head !== undefined) this.endChain(head);
        return this.slots.has ? this.shift() : DONE;
      }
      if (head === undefined) return { value: step.value as T, done: false };
      let more: boolean;
      try {
        more = head.push(step.value, this.pulled++);
      } catch (error) {
        this.source = undefined;
        this.slots.clear();
        closeAfterError(source, error);
      }
      if (!more) {
        this.source = undefined;
        try {
          closeIterator(source);
        } catch (error) {
          this.slots.clear();
          throw error;
        }
        return this.slots.has ? this.shift() : DONE;
      }
      if (this.slots.has) return this.shift();
    }
  }

  private endChain(head: Sink<unknown>): void {
    try {
      head.end();
    } catch (error) {
      this.slots.clear();
      throw error;
    }
  }
}
