// Memory: 10M generated items (never an array) through map and filter into a sum; the headline
// metric is the child process's peak RSS (every child imports only its own subject's library).
import { double, keep, add, counting } from '../lib/work.mjs';
import { memoryFrame } from '../lib/memory-frame.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'memory',
  title: 'memory, map + filter over generated items',
  ...memoryFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'plain for...of loop over the generator',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for (const x of counting(n)) {
          const y = double(x);
          if (keep(y)) sum += y;
        }
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Sync.fromIterable, map, filter, sum)',
      load: async () => {
        const { pipe, Sync } = await import('funcpipe');
        return async (n) => pipe(Sync.fromIterable(counting(n)), Sync.map(double), Sync.filter(keep), Sync.sum());
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.fromIterable, map, filter, runSum; Effect.runSync',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runSync(Stream.fromIterable(counting(n)).pipe(Stream.map(double), Stream.filter(keep), Stream.runSum));
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.iterable from(iterable).pipe(map, filter); sum',
      load: async () => {
        const { Ix, IxOps } = await import('../lib/ix.mjs');
        return async (n) => Ix.sum(Ix.from(counting(n)).pipe(IxOps.map(double), IxOps.filter(keep)));
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(iterable).pipe(map, filter, reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => rx.lastValueFrom(rx.from(counting(n)).pipe(rx.map(double), rx.filter(keep), rx.reduce(add, 0)));
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'pipeline(map, filter, reduce)',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => counting(n), si.map(double), si.filter(keep), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'stream/promises pipeline: Readable.from, 2 object-mode Transforms, Writable',
      load: async () => {
        const { foldThroughPipeline, mapTransform, filterTransform } = await import('../lib/node-streams.mjs');
        return async (n) => foldThroughPipeline(counting(n), [mapTransform(double), filterTransform(keep)], add, 0);
      },
    },
  ],
};
