import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './async-protocol.js';
import { describe } from '../../internal/check.js';
import { claimIfOneShot } from '../../internal/claim-once.js';
import { Err, Ok } from '../../result/result.js';

/** How a source turns an element into pushes: plain values become `Ok`, `Result`s are unpacked. */
export type Push<X> = (element: X, out: Emitter<unknown, unknown>, index: number) => void;

/** Pushes a plain value as an `Ok` item. */
export const pushValue: Push<unknown> = (value, out) => out.ok(value);

/** Pushes a `Result` element as it is; anything else is a TypeError naming its position. */
export function pushResult(where: string): Push<unknown> {
  return (element, out, index) => {
    if (element instanceof Ok) out.ok(element.value);
    else if (element instanceof Err) out.err(element.error);
    else throw new TypeError(`${where}: expected item ${index} to be a Result (ok(...) or err(...)), got ${describe(element)}`);
  };
}

/**
 * A source over whatever `make` returns for a run: an array (indexed directly), a sync iterable
 * (pumped synchronously, no promise per item) or an async iterable (one `await` per item).
 * `make` is called on the first pump, so building and opening stay free of effects. The
 * iterator is closed with `return()` unless it was exhausted, and never while a pull is pending.
 */
export function iterableSource<X>(
  make: (context: RunContext) => AsyncIterable<X> | Iterable<X>,
  push: Push<X>,
  oneShot: OneShotHint,
): AsyncSource<unknown, unknown> {
  return new IterableSource(make, push, oneShot);
}

/** True when `source` was made by {@link iterableSource}: its runs read nothing of the run's context but the signal they pass to `make`. */
export function isIterableSource(source: AsyncSource<unknown, unknown>): boolean {
  return source instanceof IterableSource;
}

class IterableSource<X> implements AsyncSource<unknown, unknown> {
  constructor(
    private readonly make: (context: RunContext) => AsyncIterable<X> | Iterable<X>,
    private readonly push: Push<X>,
    private readonly oneShot: OneShotHint,
  ) {}

  open(context: RunContext, out: Emitter<unknown, unknown>, control: Control): SourceRun {
    return new IterableRun(this.make, this.push, this.oneShot, context, out, control);
  }
}

/** Who reads the iterable and what to use instead, for the error of a second run over a one-shot one. */
export interface OneShotHint {
  readonly where: string;
  readonly replayable: string;
}

class IterableRun<X> implements SourceRun {
  private array: ArrayLike<X> | undefined;
  private syncIterator: Iterator<X> | undefined;
  private asyncIterator: AsyncIterator<X> | undefined;
  private index = 0;
  private finished = false;

  constructor(
    private readonly make: (context: RunContext) => AsyncIterable<X> | Iterable<X>,
    private readonly push: Push<X>,
    private readonly oneShot: OneShotHint,
    private readonly context: RunContext,
    private readonly out: Emitter<unknown, unknown>,
    private readonly control: Control,
  ) {}

  pump(): boolean | Promise<boolean> {
    if (this.array === undefined && this.syncIterator === undefined && this.asyncIterator === undefined) this.begin();
    if (this.array !== undefined) return this.pumpArray(this.array);
    if (this.syncIterator !== undefined) return this.pumpSync(this.syncIterator);
    return this.pumpAsync(this.asyncIterator as AsyncIterator<X>);
  }

  close(): void | Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const iterator = this.syncIterator ?? this.asyncIterator;
    if (iterator?.return === undefined) return;
    const closed = iterator.return();
    if (closed instanceof Promise) return closed.then(ignore);
  }

  private begin(): void {
    const iterable = this.make(this.context) as Partial<AsyncIterable<X> & Iterable<X>> | null | undefined;
    const asyncIterate = iterable?.[Symbol.asyncIterator];
    const syncIterate = iterable?.[Symbol.iterator];
    if (Array.isArray(iterable)) {
      this.array = iterable as X[];
      return;
    }
    if (typeof asyncIterate === 'function') this.asyncIterator = asyncIterate.call(iterable);
    else if (typeof syncIterate === 'function') this.syncIterator = syncIterate.call(iterable);
    else throw new TypeError(`AsyncGen source: the producer returned ${describe(iterable)}, not an async or sync iterable`);
    claimIfOneShot(this.oneShot.where, iterable as object, (this.asyncIterator ?? this.syncIterator) as object, this.oneShot.replayable);
  }

  private pumpArray(array: ArrayLike<X>): boolean {
    const { control, out, push } = this;
    while (control.pulling && !control.stopped) {
      if (this.index >= array.length) return (this.finished = true);
      const i = this.index++;
      push(array[i] as X, out, i);
    }
    return false;
  }

  private pumpSync(iterator: Iterator<X>): boolean {
    const { control, out, push } = this;
    while (control.pulling && !control.stopped) {
      const step = iterator.next();
      if (step.done === true) return (this.finished = true);
      push(step.value, out, this.index++);
    }
    return false;
  }

  private async pumpAsync(iterator: AsyncIterator<X>): Promise<boolean> {
    const { control, out, push } = this;
    while (control.pulling && !control.stopped) {
      const step = await iterator.next();
      if (step.done === true) return (this.finished = true);
      push(step.value, out, this.index++);
    }
    return false;
  }
}

function ignore(): void {}
