import { Buffer } from 'node:buffer';
import { checkAnyIterable, checkFunction, isAsyncIterable } from '../internal/check.js';
import { checkOptions } from '../internal/options.js';
import { combineErrors, NO_ERROR } from '../resource/combine-errors.js';

/** How a measured run ended: the source ran out, the consumer stopped early, or the source threw. */
export type MetricsEnding = 'exhausted' | 'stopped' | 'failed';

/** What {@link streamWithMetrics} reports once per run. Times are by the run's clock, in ms. */
export interface StreamMetrics {
  /** From the start of the run to the first item; `null` when no item arrived. */
  readonly timeToFirstItemMs: number | null;
  readonly itemCount: number;
  /** UTF-8 bytes of string items plus `byteLength` of byte items; other items count 0. */
  readonly bytes: number;
  /** From the start of the run to its end, whatever the ending. */
  readonly totalMs: number;
  readonly ending: MetricsEnding;
}

/** Options of {@link streamWithMetrics}. */
export interface StreamMetricsOptions {
  /** The clock, in milliseconds. Default `performance.now()`; inject one to control time in tests. */
  readonly now?: () => number;
}

function byteSize(item: unknown): number {
  if (typeof item === 'string') return Buffer.byteLength(item, 'utf8');
  return ArrayBuffer.isView(item) ? item.byteLength : 0;
}

/** The counters of one run. `ending` stays `'stopped'` unless the run says otherwise. */
class Meter {
  ending: MetricsEnding = 'stopped';
  failure: unknown = NO_ERROR;
  readonly #now: () => number;
  readonly #start: number;
  #first: number | null = null;
  #count = 0;
  #bytes = 0;

  constructor(now: () => number) {
    this.#now = now;
    this.#start = now();
  }

  count(item: unknown): void {
    if (this.#count === 0) this.#first = this.#now() - this.#start;
    this.#count += 1;
    this.#bytes += byteSize(item);
  }

  /** Builds the metrics and reports them; a report failure never hides the run's own error. */
  report(onReport: (metrics: StreamMetrics) => void): StreamMetrics {
    const metrics: StreamMetrics = {
      timeToFirstItemMs: this.#first,
      itemCount: this.#count,
      bytes: this.#bytes,
      totalMs: this.#now() - this.#start,
      ending: this.ending,
    };
    try {
      onReport(metrics);
    } catch (reportError) {
      throw combineErrors(this.failure, reportError);
    }
    return metrics;
  }
}

function* measureSync<T>(source: Iterable<T>, onReport: (m: StreamMetrics) => void, now: () => number): Generator<T, StreamMetrics, undefined> {
  const meter = new Meter(now);
  let atYield = false;
  let metrics: StreamMetrics;
  try {
    for (const item of source) {
      meter.count(item);
      atYield = true;
      yield item;
      atYield = false;
    }
    meter.ending = 'exhausted';
  } catch (error) {
    if (!atYield) meter.ending = 'failed';
    meter.failure = error;
    throw error;
  } finally {
    metrics = meter.report(onReport);
  }
  return metrics;
}

async function* measureAsync<T>(source: AsyncIterable<T>, onReport: (m: StreamMetrics) => void, now: () => number): AsyncGenerator<T, StreamMetrics, undefined> {
  const meter = new Meter(now);
  let atYield = false;
  let metrics: StreamMetrics;
  try {
    for await (const item of source) {
      meter.count(item);
      atYield = true;
      yield item;
      atYield = false;
    }
    meter.ending = 'exhausted';
  } catch (error) {
    if (!atYield) meter.ending = 'failed';
    meter.failure = error;
    throw error;
  } finally {
    metrics = meter.report(onReport);
  }
  return metrics;
}

/**
 * Passes items through unchanged while measuring the run: time to first item, item count, bytes
 * and total time. Reports them to `onReport` exactly once per run, on every exit path (from a
 * `finally`): `'exhausted'` when the source ran out, `'stopped'` when the consumer ended the run
 * early (`break`, `return()`, or an error thrown into it), `'failed'` when the source threw. On
 * exhaustion the generator also RETURNS the metrics.
 *
 * Async when `source` is async iterable, sync otherwise. Lazy: the clock starts at the first
 * `next()`; a generator never started reports nothing. Bytes: strings count their UTF-8 length
 * (`Buffer.byteLength`), `Uint8Array`s and other ArrayBuffer views their `byteLength`, anything
 * else 0. Stopping early closes the source. If `onReport` throws, the error surfaces from the
 * generator; with a failing source it is merged with the source's error (`combineErrors`), which
 * stays the `suppressed` original.
 *
 * @example
 * ```ts
 * for await (const chunk of streamWithMetrics(response.body, (m) => log.info(m))) res.write(chunk);
 * // logs { timeToFirstItemMs: 41.2, itemCount: 18, bytes: 70211, totalMs: 212.9, ending: 'exhausted' }
 * ```
 */
export function streamWithMetrics<T>(
  source: AsyncIterable<T>,
  onReport: (metrics: StreamMetrics) => void,
  options?: StreamMetricsOptions,
): AsyncGenerator<T, StreamMetrics, undefined>;
export function streamWithMetrics<T>(source: Iterable<T>, onReport: (metrics: StreamMetrics) => void, options?: StreamMetricsOptions): Generator<T, StreamMetrics, undefined>;
export function streamWithMetrics<T>(
  source: AsyncIterable<T> | Iterable<T>,
  onReport: (metrics: StreamMetrics) => void,
  options: StreamMetricsOptions = {},
): AsyncGenerator<T, StreamMetrics, undefined> | Generator<T, StreamMetrics, undefined> {
  const where = 'streamWithMetrics';
  checkAnyIterable(where, 'source', source);
  checkFunction(where, 'onReport', onReport);
  checkOptions(where, options, ['now']);
  const { now = () => performance.now() } = options;
  checkFunction(where, 'options.now', now);
  return isAsyncIterable(source) ? measureAsync(source, onReport, now) : measureSync(source, onReport, now);
}
