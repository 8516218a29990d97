import { checkInteger } from '../internal/check.js';
import type { Sink } from './internal/protocol.js';
import { appendStage, type Stream } from './stream.js';

class DropSink<T> implements Sink<T> {
  constructor(
    private readonly down: Sink<T>,
    private readonly n: number,
  ) {}
  push(value: T, index: number): boolean {
    return index < this.n ? true : this.down.push(value, index - this.n);
  }
  end(): void {
    this.down.end();
  }
}

/**
 * Skips the first `n` items and passes the rest. The first pull of the result pulls `n + 1`
 * items upstream (the skipped ones and the first kept one).
 *
 * @throws TypeError / RangeError at build time unless `n` is an integer >= 0.
 * @example
 * ```ts
 * pipe(of('header', 'a', 'b'), drop(1), toArray()); // ['a', 'b']
 * ```
 */
export function drop<T>(n: number): (stream: Stream<T>) => Stream<T> {
  checkInteger('drop', 'n', n, 0);
  return (stream) => appendStage('drop', stream, (down: Sink<T>) => new DropSink(down, n));
}
