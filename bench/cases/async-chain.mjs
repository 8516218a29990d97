// Async chain: map, filter, map, fold over an async generator of integers (1M in a full run),
// the source written to FuncPipe's producer contract `(signal) => AsyncIterable`.
import { double, keep, inc, add, asyncCount } from '../lib/work.mjs';

/** @param {AsyncIterable<number>} source @param {(x: number) => number} f */
async function* mapAsyncGen(source, f) {
  for await (const x of source) yield f(x);
}

/** @param {AsyncIterable<number>} source @param {(x: number) => boolean} p */
async function* filterAsyncGen(source, p) {
  for await (const x of source) if (p(x)) yield x;
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'async-chain',
  title: 'async chain (map, filter, map, fold)',
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 1, timed: 4 }, quick: { warmup: 1, timed: 2 } },
  metrics: [{ metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' }],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'chained async generators over the async generator source, for await per stage',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for await (const x of mapAsyncGen(filterAsyncGen(mapAsyncGen(asyncCount(n), double), keep), inc)) sum += x;
        return sum;
      },
    },
    {
      name: 'fused-for-await',
      column: 'hand-written',
      label: 'one fused for await over the async generator source',
      informative: true,
      load: async () => async (n) => {
        let sum = 0;
        for await (const x of asyncCount(n)) {
          const y = double(x);
          if (keep(y)) sum += inc(y);
        }
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromProducer, map, filter, map, fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const result = await pipe(
            Async.fromProducer((signal) => asyncCount(n, signal)),
            Async.map(double),
            Async.filter(keep),
            Async.map(inc),
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
      label: 'Stream.fromAsyncIterable, map, filter, map, runSum; Effect.runPromise',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runPromise(
            Stream.fromAsyncIterable(asyncCount(n), (cause) => cause).pipe(
              Stream.map(double),
              Stream.filter(keep),
              Stream.map(inc),
              Stream.runSum,
            ),
          );
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.asynciterable from(source).pipe(map, filter, map); sum',
      load: async () => {
        const { IxAsync, IxAsyncOps } = await import('../lib/ix.mjs');
        return async (n) =>
          IxAsync.sum(
            IxAsync.from(asyncCount(n)).pipe(IxAsyncOps.map(double), IxAsyncOps.filter(keep), IxAsyncOps.map(inc)),
          );
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(asyncIterable).pipe(map, filter, map, reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) =>
          rx.lastValueFrom(rx.from(asyncCount(n)).pipe(rx.map(double), rx.filter(keep), rx.map(inc), rx.reduce(add, 0)));
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'pipeline(map, filter, map, reduce)',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => asyncCount(n), si.map(double), si.filter(keep), si.map(inc), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'stream/promises pipeline: Readable.from, 3 object-mode Transforms, Writable',
      load: async () => {
        const { foldThroughPipeline, mapTransform, filterTransform } = await import('../lib/node-streams.mjs');
        return async (n) => foldThroughPipeline(asyncCount(n), [mapTransform(double), filterTransform(keep), mapTransform(inc)], add, 0);
      },
    },
  ],
};
