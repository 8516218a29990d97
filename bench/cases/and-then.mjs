// andThen: an async generator of 100k outer items, each expanded into an inner async generator of
// 10 items (outer x -> 10x .. 10x + 9, so together 0..1M-1), read in order, summed. What it
// measures is opening, reading and closing one inner stream per outer item.
import { add, asyncCount, asyncRange } from '../lib/work.mjs';
import { steadyFrame } from '../lib/steady-frame.mjs';

/** Inner items per outer item. */
const INNER = 10;

/**
 * The inner stream of outer item x.
 * @param {number} x
 * @param {AbortSignal} [signal]
 */
const inner = (x, signal) => asyncRange(x * INNER, INNER, signal);

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'and-then',
  title: `andThen, ${INNER} inner items per outer item (async generators)`,
  size: { full: 100_000, quick: 10_000 },
  sizeUnit: 'outer items',
  ...steadyFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'nested for await: the outer async generator, an inner async generator per item',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for await (const x of asyncCount(n)) for await (const y of inner(x)) sum += y;
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromProducer, andThen((x) => Async.fromProducer(inner)), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const result = await pipe(
            Async.fromProducer((signal) => asyncCount(n, signal)),
            Async.andThen((/** @type {number} */ x) => Async.fromProducer((signal) => inner(x, signal))),
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
      label: 'Stream.fromAsyncIterable, flatMap((x) => Stream.fromAsyncIterable(inner)), runSum',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runPromise(
            Stream.fromAsyncIterable(asyncCount(n), (cause) => cause).pipe(
              Stream.flatMap((x) => Stream.fromAsyncIterable(inner(x), (cause) => cause)),
              Stream.runSum,
            ),
          );
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.asynciterable from(source).pipe(concatMap(inner)); sum',
      load: async () => {
        const { IxAsync, IxAsyncOps } = await import('../lib/ix.mjs');
        return async (n) => IxAsync.sum(IxAsync.from(asyncCount(n)).pipe(IxAsyncOps.concatMap((/** @type {number} */ x) => inner(x))));
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(asyncIterable).pipe(concatMap((x) => from(inner)), reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => rx.lastValueFrom(rx.from(asyncCount(n)).pipe(rx.concatMap((x) => rx.from(inner(x))), rx.reduce(add, 0)));
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'pipeline(flatMap(inner), reduce)',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => asyncCount(n), si.flatMap((/** @type {number} */ x) => inner(x)), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Readable.from(source).flatMap(inner).reduce',
      load: async () => {
        const { Readable } = await import('node:stream');
        return async (n) => Readable.from(asyncCount(n)).flatMap((x) => inner(x)).reduce(add, 0);
      },
    },
  ],
};
