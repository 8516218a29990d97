// Sync chain: map, filter, map, sum over an in-memory array of integers (1M in a full run), every
// subject reading the same array. `time` is the steady state after warm-up (no forced GC between
// the timed runs, as a long-running pipeline sees it); `time-after-gc` is the same run right after
// a forced full GC, shown apart because it measures what a major GC costs the JIT-compiled code.
import { double, keep, inc, add, numbers } from '../lib/work.mjs';

/** @param {Iterable<number>} source @param {(x: number) => number} f */
function* mapGen(source, f) {
  for (const x of source) yield f(x);
}

/** @param {Iterable<number>} source @param {(x: number) => boolean} p */
function* filterGen(source, p) {
  for (const x of source) if (p(x)) yield x;
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'sync-chain',
  title: 'sync chain (map, filter, map, sum)',
  size: { full: 1_000_000, quick: 200_000 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 5, timed: 15, afterGc: 15 }, quick: { warmup: 2, timed: 3, afterGc: 3 } },
  gc: 'none',
  metrics: [
    { metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' },
    { metric: 'time-after-gc', unit: 'ms', source: 'time-after-gc', headline: 'ratio' },
  ],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'fused for loop over the array',
      baseline: true,
      load: async () => async (n) => {
        const array = numbers(n);
        let sum = 0;
        for (let i = 0; i < array.length; i++) {
          const y = double(array[i]);
          if (keep(y)) sum += inc(y);
        }
        return sum;
      },
    },
    {
      name: 'chained-generators',
      column: 'hand-written',
      label: 'chained generators over the array',
      informative: true,
      load: async () => async (n) => {
        let sum = 0;
        for (const x of mapGen(filterGen(mapGen(numbers(n), double), keep), inc)) sum += x;
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Sync.fromIterable, map, filter, map, sum)',
      load: async () => {
        const { pipe, Sync } = await import('funcpipe');
        return async (n) =>
          pipe(Sync.fromIterable(numbers(n)), Sync.map(double), Sync.filter(keep), Sync.map(inc), Sync.sum());
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.fromIterable, map, filter, map, runSum; Effect.runSync',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runSync(
            Stream.fromIterable(numbers(n)).pipe(Stream.map(double), Stream.filter(keep), Stream.map(inc), Stream.runSum),
          );
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.iterable from(array).pipe(map, filter, map); sum',
      load: async () => {
        const { Ix, IxOps } = await import('../lib/ix.mjs');
        return async (n) => Ix.sum(Ix.from(numbers(n)).pipe(IxOps.map(double), IxOps.filter(keep), IxOps.map(inc)));
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(array).pipe(map, filter, map, reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) =>
          rx.lastValueFrom(rx.from(numbers(n)).pipe(rx.map(double), rx.filter(keep), rx.map(inc), rx.reduce(add, 0)));
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'pipeline(map, filter, map, reduce); its operators are async only',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => numbers(n), si.map(double), si.filter(keep), si.map(inc), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'stream/promises pipeline: Readable.from, 3 object-mode Transforms, Writable',
      load: async () => {
        const { foldThroughPipeline, mapTransform, filterTransform } = await import('../lib/node-streams.mjs');
        return async (n) => foldThroughPipeline(numbers(n), [mapTransform(double), filterTransform(keep), mapTransform(inc)], add, 0);
      },
    },
  ],
};
