// The mapAsync boundary: an async generator of 1M integers -> an async function per item, one at
// a time (x -> 2x, nothing to wait for) -> map (x -> x + 1) -> take the first half -> sum. What it
// measures is the cost of crossing one async stage boundary per item, and the early stop.
import { inc, add, asyncDouble, asyncCount } from '../lib/work.mjs';
import { steadyFrame } from '../lib/steady-frame.mjs';

/** @param {AsyncIterable<number>} source @param {(x: number) => Promise<number>} f */
async function* mapAwaitGen(source, f) {
  for await (const x of source) yield await f(x);
}

/** @param {AsyncIterable<number>} source @param {(x: number) => number} f */
async function* mapGen(source, f) {
  for await (const x of source) yield f(x);
}

/** @param {AsyncIterable<number>} source @param {number} n */
async function* takeGen(source, n) {
  if (n <= 0) return;
  let taken = 0;
  for await (const x of source) {
    yield x;
    if (++taken >= n) return;
  }
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'map-async-boundary',
  title: 'mapAsync boundary (async source -> mapAsync, concurrency 1 -> map -> take half -> sum)',
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'items',
  ...steadyFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'chained async generators over the async generator source (await f(x), map, take), for await',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for await (const x of takeGen(mapGen(mapAwaitGen(asyncCount(n), asyncDouble), inc), n / 2)) sum += x;
        return sum;
      },
    },
    {
      name: 'fused-for-await',
      column: 'hand-written',
      label: 'one fused for await over the async generator, with an await inside',
      informative: true,
      load: async () => async (n) => {
        let sum = 0;
        let taken = 0;
        for await (const x of asyncCount(n)) {
          sum += inc(await asyncDouble(x));
          if (++taken >= n / 2) break;
        }
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromProducer, mapAsync(f, { concurrency: 1 }), map, take, fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const result = await pipe(
            Async.fromProducer((signal) => asyncCount(n, signal)),
            Async.mapAsync((/** @type {number} */ x) => asyncDouble(x), { concurrency: 1 }),
            Async.map(inc),
            Async.take(n / 2),
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
      label: 'Stream.fromAsyncIterable, mapEffect(Effect.promise), map, take, runSum; Effect.runPromise',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) =>
          Effect.runPromise(
            Stream.fromAsyncIterable(asyncCount(n), (cause) => cause).pipe(
              Stream.mapEffect((x) => Effect.promise(() => asyncDouble(x))),
              Stream.map(inc),
              Stream.take(n / 2),
              Stream.runSum,
            ),
          );
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.asynciterable from(source).pipe(map(async f), map, take); sum',
      load: async () => {
        const { IxAsync, IxAsyncOps } = await import('../lib/ix.mjs');
        return async (n) =>
          IxAsync.sum(
            IxAsync.from(asyncCount(n)).pipe(IxAsyncOps.map(asyncDouble), IxAsyncOps.map(inc), IxAsyncOps.take(n / 2)),
          );
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'from(asyncIterable).pipe(concatMap(async f), map, take, reduce); lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) =>
          rx.lastValueFrom(
            rx.from(asyncCount(n)).pipe(rx.concatMap(asyncDouble), rx.map(inc), rx.take(n / 2), rx.reduce(add, 0)),
          );
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'pipeline(map(async f), map, take, reduce)',
      load: async () => {
        const si = await import('streaming-iterables');
        return async (n) => si.pipeline(() => asyncCount(n), si.map(asyncDouble), si.map(inc), si.take(n / 2), si.reduce(add, 0));
      },
    },
    {
      name: 'node',
      column: 'node',
      label: 'Readable.from(source).map(async f).map(f).take(n).reduce',
      load: async () => {
        const { Readable } = await import('node:stream');
        return async (n) =>
          Readable.from(asyncCount(n))
            .map(asyncDouble)
            .map(inc)
            .take(n / 2)
            .reduce(add, 0);
      },
    },
  ],
};
