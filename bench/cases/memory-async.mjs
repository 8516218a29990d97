// Memory on the async path: 10M items from an async generator (never an array) through map and
// filter (synchronous stages) into a sum; the headline metric is the child process's peak RSS. The
// case with an async function per item is memory-map-async.
import { double, keep, add, asyncCount } from '../lib/work.mjs';
import { memoryFrame } from '../lib/memory-frame.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'memory-async',
  title: 'memory, Async.map (sync stages) + filter over an async generator',
  ...memoryFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'one for await loop over the async generator',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for await (const x of asyncCount(n)) {
          const y = double(x);
          if (keep(y)) sum += y;
        }
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromProducer, map, filter, fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const r = await pipe(Async.fromProducer((signal) => asyncCount(n, signal)), Async.map(double), Async.filter(keep), Async.fold(0, add));
          if (!r.ok) throw new Error('unexpected Err item');
          return r.value;
        };
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(asyncIterable).pipe(map, filter, reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => rx.lastValueFrom(rx.from(asyncCount(n)).pipe(rx.map(double), rx.filter(keep), rx.reduce(add, 0)));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'stream/promises pipeline: Readable.from, 2 object-mode Transforms, Writable',
      load: async () => {
        const { foldThroughPipeline, mapTransform, filterTransform } = await import('../lib/node-streams.mjs');
        return async (n) => foldThroughPipeline(asyncCount(n), [mapTransform(double), filterTransform(keep)], add, 0);
      },
    },
  ],
};
