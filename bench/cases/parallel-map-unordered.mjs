// Parallel map, unordered: 2,000 items, each a 2 ms timer (cancellable through its signal),
// at most 16 in flight, results in completion order, summed.
import { numbers, add, work, CONCURRENCY } from '../lib/work.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'parallel-map-unordered',
  title: `parallel map, unordered (2 ms per item, concurrency ${CONCURRENCY})`,
  size: { full: 2_000, quick: 400 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 1, timed: 5 }, quick: { warmup: 1, timed: 2 } },
  metrics: [{ metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' }],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'pool of in-flight promises over the array, refilled on each completion, AbortController per run',
      baseline: true,
      load: async () => {
        const { unorderedWindow } = await import('../lib/window.mjs');
        return async (n) => unorderedWindow(numbers(n), work, CONCURRENCY, add, 0);
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromIterable, mapAsyncUnordered(f, { concurrency }), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const result = await pipe(
            Async.fromIterable(numbers(n)),
            Async.mapAsyncUnordered((/** @type {number} */ x, /** @type {{ signal: AbortSignal }} */ { signal }) => work(x, signal), {
              concurrency: CONCURRENCY,
            }),
            Async.fold(0, add),
          );
          if (!result.ok) throw result.error;
          return result.value;
        };
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.mapEffect(Effect.promise, { concurrency, unordered: true }), runSum',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runPromise(
            Stream.fromIterable(numbers(n)).pipe(
              Stream.mapEffect((x) => Effect.promise((signal) => work(x, signal)), {
                concurrency: CONCURRENCY,
                unordered: true,
              }),
              Stream.runSum,
            ),
          );
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'from(items).pipe(flatMap(f, concurrent)); sum',
      load: async () => {
        const { IxAsync, IxAsyncOps } = await import('../lib/ix.mjs');
        return async (n) =>
          IxAsync.sum(
            IxAsync.from(numbers(n)).pipe(
              IxAsyncOps.flatMap(
                async (/** @type {number} */ x, /** @type {number} */ _index, /** @type {AbortSignal | undefined} */ signal) => [
                  await work(x, signal),
                ],
                CONCURRENCY,
              ),
            ),
          );
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(items).pipe(mergeMap(f, concurrent), reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) =>
          rx.lastValueFrom(rx.from(numbers(n)).pipe(rx.mergeMap((x) => work(x), CONCURRENCY), rx.reduce(add, 0)));
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'transform(concurrency, f), reduce',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => numbers(n), si.transform(CONCURRENCY, (x) => work(x)), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Node streams',
      cannot: 'Readable.map({ concurrency }) always keeps input order; Node 20 streams have no unordered variant',
    },
  ],
};
