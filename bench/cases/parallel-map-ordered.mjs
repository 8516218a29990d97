// Parallel map, ordered: 2,000 items, each a 2 ms timer (cancellable through its signal),
// at most 16 in flight, results in input order. The fold is order-sensitive, so a subject that
// reorders results fails the checksum.
import { numbers, orderHash, work, CONCURRENCY } from '../lib/work.mjs';
import { IX_NO_ORDERED_PARALLEL_MAP, RXJS_NO_ORDERED_PARALLEL_MAP } from '../lib/cannot.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'parallel-map-ordered',
  title: `parallel map, ordered (2 ms per item, concurrency ${CONCURRENCY})`,
  size: { full: 2_000, quick: 400 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 1, timed: 5 }, quick: { warmup: 1, timed: 2 } },
  metrics: [{ metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' }],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'sliding window of in-flight promises over the array, AbortController per run',
      baseline: true,
      load: async () => {
        const { orderedWindow } = await import('../lib/window.mjs');
        return async (n) => orderedWindow(numbers(n), work, CONCURRENCY, orderHash, 0);
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromIterable, mapAsync(f, { concurrency }), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const result = await pipe(
            Async.fromIterable(numbers(n)),
            Async.mapAsync((/** @type {number} */ x, /** @type {{ signal: AbortSignal }} */ { signal }) => work(x, signal), {
              concurrency: CONCURRENCY,
            }),
            Async.fold(0, orderHash),
          );
          if (!result.ok) throw result.error;
          return result.value;
        };
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.mapEffect(Effect.promise, { concurrency }), runFold',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runPromise(
            Stream.fromIterable(numbers(n)).pipe(
              Stream.mapEffect((x) => Effect.promise((signal) => work(x, signal)), { concurrency: CONCURRENCY }),
              Stream.runFold(() => 0, orderHash),
            ),
          );
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'IxJS',
      cannot: IX_NO_ORDERED_PARALLEL_MAP,
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'RxJS',
      cannot: RXJS_NO_ORDERED_PARALLEL_MAP,
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'parallelMap(concurrency, f), reduce',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => numbers(n), si.parallelMap(CONCURRENCY, (x) => work(x)), si.reduce(orderHash, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Readable.from(items).map(f, { concurrency }).reduce',
      load: async () => {
        const { Readable } = await import('node:stream');
        return async (n) =>
          Readable.from(numbers(n))
            .map((x, options) => work(x, options?.signal), { concurrency: CONCURRENCY })
            .reduce(orderHash, 0);
      },
    },
  ],
};
