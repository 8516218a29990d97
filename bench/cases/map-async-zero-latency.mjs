// mapAsync at concurrency 16 with a zero-latency async function (x -> 2x, nothing to wait for),
// over an array of 200k integers, input order kept (order-sensitive checksum): pure overhead of
// the bounded parallel map, per item.
import { numbers, orderHash, asyncDouble, CONCURRENCY } from '../lib/work.mjs';
import { IX_NO_ORDERED_PARALLEL_MAP, RXJS_NO_ORDERED_PARALLEL_MAP } from '../lib/cannot.mjs';
import { steadyFrame } from '../lib/steady-frame.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'map-async-zero-latency',
  title: `mapAsync, zero-latency async function, concurrency ${CONCURRENCY}, ordered`,
  size: { full: 200_000, quick: 20_000 },
  sizeUnit: 'items',
  ...steadyFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'sliding window of in-flight promises over the array, AbortController per run',
      baseline: true,
      load: async () => {
        const { orderedWindow } = await import('../lib/window.mjs');
        return async (n) => orderedWindow(numbers(n), asyncDouble, CONCURRENCY, orderHash, 0);
      },
    },
    {
      name: 'p-map',
      column: 'hand-written',
      label: "p-map 7's pMapIterable(array, f, { concurrency }), for await",
      informative: true,
      load: async () => {
        const { pMapIterable } = await import('p-map');
        return async (n) => {
          let acc = 0;
          for await (const y of pMapIterable(numbers(n), asyncDouble, { concurrency: CONCURRENCY })) acc = orderHash(acc, y);
          return acc;
        };
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromIterable(array), mapAsync(f, { concurrency }), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const result = await pipe(
            Async.fromIterable(numbers(n)),
            Async.mapAsync((/** @type {number} */ x) => asyncDouble(x), { concurrency: CONCURRENCY }),
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
      label: 'Stream.fromIterable(array), mapEffect(Effect.promise, { concurrency }), runFold',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runPromise(
            Stream.fromIterable(numbers(n)).pipe(
              Stream.mapEffect((x) => Effect.promise(() => asyncDouble(x)), { concurrency: CONCURRENCY }),
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
      label: 'pipeline(() => array, parallelMap(concurrency, f), reduce)',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => numbers(n), si.parallelMap(CONCURRENCY, asyncDouble), si.reduce(orderHash, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Readable.from(array).map(f, { concurrency }).reduce',
      load: async () => {
        const { Readable } = await import('node:stream');
        return async (n) => Readable.from(numbers(n)).map(asyncDouble, { concurrency: CONCURRENCY }).reduce(orderHash, 0);
      },
    },
  ],
};
