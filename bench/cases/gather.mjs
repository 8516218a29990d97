// Gather: 4 async generators of 250k integers each (1M in a full run), merged in whatever order
// their items arrive, summed. What it measures is the cost of a fan-in boundary per item.
import { add, asyncRange, ranges } from '../lib/work.mjs';
import { steadyFrame } from '../lib/steady-frame.mjs';

/** How many sources are merged. */
const SOURCES = 4;

/**
 * The sources of one run: SOURCES async generators that together yield 0..n-1.
 * @param {number} n
 */
const sources = (n) => ranges(n, SOURCES).map(([start, length]) => asyncRange(start, length));

/**
 * Hand-written merge: one pending `next()` per live iterator, `Promise.race` over them, the winner
 * folded and asked for its next item; the iterators still live are closed on any exit.
 * @param {AsyncIterator<number>[]} iterators
 */
async function raceSum(iterators) {
  /** @type {Map<number, Promise<{ index: number, step: IteratorResult<number> }>>} */
  const pending = new Map();
  const pull = (/** @type {number} */ index) =>
    pending.set(
      index,
      iterators[index].next().then((step) => ({ index, step })),
    );
  iterators.forEach((_, index) => pull(index));
  let sum = 0;
  try {
    while (pending.size > 0) {
      const { index, step } = await Promise.race(pending.values());
      if (step.done === true) pending.delete(index);
      else {
        sum += step.value;
        pull(index);
      }
    }
    return sum;
  } finally {
    await Promise.allSettled([...pending.keys()].map((index) => iterators[index].return?.()));
  }
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'gather',
  title: `gather of ${SOURCES} async generators, sum`,
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'items in all',
  ...steadyFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'Promise.race over one pending next() per async generator',
      baseline: true,
      load: async () => async (n) => raceSum(sources(n).map((source) => source[Symbol.asyncIterator]())),
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.gather([Async.fromProducer x 4]), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const gens = ranges(n, SOURCES).map(([start, length]) =>
            Async.fromProducer((signal) => asyncRange(start, length, signal)),
          );
          const result = await pipe(Async.gather(gens), Async.fold(0, add));
          if (!result.ok) throw result.error;
          return result.value;
        };
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.mergeAll({ concurrency: 4 }) of Stream.fromAsyncIterable x 4, runSum',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runPromise(
            Stream.runSum(
              Stream.mergeAll({ concurrency: SOURCES })(sources(n).map((source) => Stream.fromAsyncIterable(source, (cause) => cause))),
            ),
          );
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.asynciterable merge(from x 4); sum',
      load: async () => {
        const { IxAsync } = await import('../lib/ix.mjs');
        return async (n) => {
          const [first, ...rest] = sources(n).map((source) => IxAsync.from(source));
          return IxAsync.sum(IxAsync.merge(first, ...rest));
        };
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'merge(from(asyncIterable) x 4).pipe(reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => rx.lastValueFrom(rx.merge(...sources(n).map((source) => rx.from(source))).pipe(rx.reduce(add, 0)));
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'pipeline(() => merge(...sources), reduce)',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => si.merge(...sources(n)), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Readable.from x 4 piped into one PassThrough ({ end: false }, ended after the last), .reduce',
      load: async () => {
        const { Readable, PassThrough } = await import('node:stream');
        const { finished } = await import('node:stream/promises');
        return async (n) => {
          const merged = new PassThrough({ objectMode: true });
          const readables = sources(n).map((source) => Readable.from(source));
          for (const readable of readables) readable.pipe(merged, { end: false });
          Promise.all(readables.map((readable) => finished(readable))).then(
            () => merged.end(),
            (error) => merged.destroy(error),
          );
          return merged.reduce(add, 0);
        };
      },
    },
  ],
};
