// Memory with a real async stage: 10M items from an async generator (never an array) through an
// async function per item, one at a time (x -> 2x), then a filter, into a sum; the headline metric
// is the child process's peak RSS.
import { keep, add, asyncDouble, asyncCount } from '../lib/work.mjs';
import { memoryFrame } from '../lib/memory-frame.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'memory-map-async',
  title: 'memory, mapAsync (an async function per item) + filter over an async generator',
  ...memoryFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'one for await loop over the async generator, awaiting the function inside',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for await (const x of asyncCount(n)) {
          const y = await asyncDouble(x);
          if (keep(y)) sum += y;
        }
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromProducer, mapAsync(f, { concurrency: 1 }), filter, fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const r = await pipe(
            Async.fromProducer((signal) => asyncCount(n, signal)),
            Async.mapAsync((/** @type {number} */ x) => asyncDouble(x), { concurrency: 1 }),
            Async.filter(keep),
            Async.fold(0, add),
          );
          if (!r.ok) throw new Error('unexpected Err item');
          return r.value;
        };
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(asyncIterable).pipe(concatMap(async f), filter, reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => rx.lastValueFrom(rx.from(asyncCount(n)).pipe(rx.concatMap(asyncDouble), rx.filter(keep), rx.reduce(add, 0)));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Readable.from(source).map(async f).filter(f).reduce',
      load: async () => {
        const { Readable } = await import('node:stream');
        return async (n) => Readable.from(asyncCount(n)).map(asyncDouble).filter(keep).reduce(add, 0);
      },
    },
  ],
};
