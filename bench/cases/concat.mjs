// Concat: 10 async generators of 100k integers each (1M in a full run), read one after the other,
// summed. What it measures is the boundary between a stream and the sources it reads in turn.
import { add, asyncRange, ranges } from '../lib/work.mjs';
import { steadyFrame } from '../lib/steady-frame.mjs';

/** How many sources are concatenated. */
const SOURCES = 10;

/**
 * The sources of one run: SOURCES async generators that together yield 0..n-1.
 * @param {number} n
 */
const sources = (n) => ranges(n, SOURCES).map(([start, length]) => asyncRange(start, length));

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'concat',
  title: `concat of ${SOURCES} async generators, sum`,
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'items in all',
  ...steadyFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'a for await over each async generator in turn',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for (const source of sources(n)) for await (const x of source) sum += x;
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromProducer, concat(...9 Async.fromProducer), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const [first, ...rest] = ranges(n, SOURCES).map(([start, length]) =>
            Async.fromProducer((signal) => asyncRange(start, length, signal)),
          );
          const result = await pipe(first, Async.concat(...rest), Async.fold(0, add));
          if (!result.ok) throw result.error;
          return result.value;
        };
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.fromAsyncIterable x 10 joined by Stream.concat, runSum',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) => {
          const [first, ...rest] = sources(n).map((source) => Stream.fromAsyncIterable(source, (cause) => cause));
          return Effect.runPromise(Stream.runSum(rest.reduce((joined, next) => Stream.concat(joined, next), first)));
        };
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.asynciterable concat(from x 10); sum',
      load: async () => {
        const { IxAsync } = await import('../lib/ix.mjs');
        return async (n) => {
          const [first, ...rest] = sources(n).map((source) => IxAsync.from(source));
          return IxAsync.sum(IxAsync.concat(first, ...rest));
        };
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'concat(from(asyncIterable) x 10).pipe(reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => rx.lastValueFrom(rx.concat(...sources(n).map((source) => rx.from(source))).pipe(rx.reduce(add, 0)));
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'pipeline(() => concat(...sources), reduce)',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => si.concat(...sources(n)), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Readable.from(sources).flatMap((source) => source).reduce',
      load: async () => {
        const { Readable } = await import('node:stream');
        return async (n) => Readable.from(sources(n)).flatMap((source) => source).reduce(add, 0);
      },
    },
  ],
};
