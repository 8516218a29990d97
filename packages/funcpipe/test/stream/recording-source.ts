// A recording source for the sync stream tests: iterators that behave like generators holding
// a resource, log acquire/pull/release events, and report every breach of the iterator protocol.

/** One event of a run: a source acquired, pulled or released (and why). */
export type Event = `acquire ${string}` | `pull ${string}` | `release ${string} ${'end' | 'return' | 'error'}`;

/** Records what every `RecordingSource` of a test did, and every breach of the iterator protocol. */
export class Recorder {
  readonly events: Event[] = [];
  readonly violations: string[] = [];
  readonly returnCalls = new Map<string, number>();
  /** Every error injected by a test (source, cleanup, callback or consumer), in the order thrown. */
  readonly thrown: unknown[] = [];
  private nextId = 0;
  id(tag: string): string {
    return `${tag}#${this.nextId++}`;
  }
  /** Ids acquired and not yet released. */
  held(): string[] {
    const open: string[] = [];
    for (const e of this.events) {
      const [kind, id] = e.split(' ') as [string, string];
      if (kind === 'acquire') open.push(id);
      else if (kind === 'release') open.splice(open.indexOf(id), 1);
    }
    return open;
  }
}

export interface SourceOptions {
  /** Throw from `next()` instead of yielding the item at this position. */
  readonly throwAt?: number;
  /** Make `return()` throw a `CleanupError` (after releasing; recorded in `thrown`). */
  readonly failOnReturn?: boolean;
}

/**
 * A replayable iterable whose iterators behave like a generator holding a resource: acquired
 * on the first `next()`, released once on exhaustion, on a throw, or on `return()`. Unlike a
 * generator, it reports a second `return()`, a `return()` after it finished, and a `next()`
 * after it was closed, so a runtime that closes twice cannot hide behind generator leniency.
 */
export class RecordingSource<T> implements Iterable<T> {
  constructor(
    readonly rec: Recorder,
    readonly tag: string,
    readonly items: readonly T[],
    readonly options: SourceOptions = {},
  ) {}
  [Symbol.iterator](): Iterator<T> {
    const { rec, items, options } = this;
    const id = rec.id(this.tag);
    let state: 'fresh' | 'open' | 'finished' = 'fresh';
    let position = 0;
    const release = (why: 'end' | 'return' | 'error') => {
      state = 'finished';
      rec.events.push(`release ${id} ${why}`);
    };
    return {
      next: (): IteratorResult<T> => {
        if (state === 'finished') {
          rec.violations.push(`next() on finished ${id}`);
          return { done: true, value: undefined };
        }
        if (state === 'fresh') {
          state = 'open';
          rec.events.push(`acquire ${id}`);
        }
        if (position === options.throwAt) {
          release('error');
          const error = new SourceError(id, position);
          rec.thrown.push(error);
          throw error;
        }
        if (position >= items.length) {
          release('end');
          return { done: true, value: undefined };
        }
        rec.events.push(`pull ${id}`);
        return { done: false, value: items[position++] as T };
      },
      return: (): IteratorResult<T> => {
        const calls = (rec.returnCalls.get(id) ?? 0) + 1;
        rec.returnCalls.set(id, calls);
        if (calls > 1) rec.violations.push(`return() called ${calls} times on ${id}`);
        if (state === 'finished' && calls === 1) rec.violations.push(`return() on finished ${id}`);
        if (state === 'open') release('return');
        state = 'finished';
        if (options.failOnReturn === true) {
          const error = new CleanupError(id);
          rec.thrown.push(error);
          throw error;
        }
        return { done: true, value: undefined };
      },
    };
  }
}

export class SourceError extends Error {
  constructor(
    readonly id: string,
    readonly position: number,
  ) {
    super(`source ${id} failed at ${position}`);
  }
}

export class CleanupError extends Error {
  constructor(readonly id: string) {
    super(`closing ${id} failed`);
  }
}
