// Release latency: a producer holds a resource, yields one item, then blocks in a 2 s wait; the
// consumer stops 50 ms after the first item. `size` is the wait in ms. Metrics, from the stop:
// `release` (the producer's resource released) and `consumer` (the consumer's stop settled).
import { measureStop, blockedProducer, deferred } from '../lib/latency.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'release-latency',
  title: 'release latency, producer blocked in a 2 s await',
  size: { full: 2_000, quick: 300 },
  sizeUnit: 'ms of blocking',
  repeat: { full: { warmup: 1, timed: 3 }, quick: { warmup: 0, timed: 1 } },
  metrics: [
    { metric: 'release', unit: 'ms', source: 'release', headline: 'value' },
    { metric: 'consumer', unit: 'ms', source: 'consumer', headline: 'value' },
  ],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'plain async generator; it.return() after the pending next()',
      baseline: true,
      load: async () => async (hold) =>
        measureStop(hold, (probe) => {
          const it = blockedProducer(probe, hold);
          /** @type {Promise<unknown>} */
          let pending = Promise.resolve();
          const first = it.next().then((r) => {
            pending = it.next();
            return /** @type {number} */ (r.value);
          });
          return { first, stop: () => Promise.allSettled([pending, it.return(undefined)]) };
        }),
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'Async.fromProducer((signal) => ...); it.return() after the pending next()',
      load: async () => {
        const { Async, isOk } = await import('funcpipe');
        return async (hold) =>
          measureStop(hold, (probe) => {
            const it = Async.fromProducer((signal) => blockedProducer(probe, hold, signal))[Symbol.asyncIterator]();
            /** @type {Promise<unknown>} */
            let pending = Promise.resolve();
            const first = it.next().then((r) => {
              pending = it.next();
              return !r.done && isOk(r.value) ? r.value.value : Number.NaN; // items are Results; NaN fails the checksum
            });
            return { first, stop: () => Promise.allSettled([pending, it.return?.()]) };
          });
      },
    },
    {
      name: 'effect',
      column: 'effect',
      tag: 'async generator',
      label: 'Stream.fromAsyncIterable(generator), runForEach in a fiber; Fiber.interrupt',
      load: async () => {
        const { Effect, Stream, Fiber } = await import('effect');
        return async (hold) =>
          measureStop(hold, (probe) => {
            const got = deferred();
            const fiber = Effect.runFork(
              Stream.fromAsyncIterable(blockedProducer(probe, hold), (cause) => cause).pipe(
                Stream.runForEach((x) => Effect.sync(() => got.resolve(x))),
              ),
            );
            return { first: got.promise, stop: () => Effect.runPromise(Fiber.interrupt(fiber)) };
          });
      },
    },
    {
      name: 'effect-native',
      column: 'effect',
      tag: 'native producer',
      label: 'producer written in Effect (acquireRelease + Effect.sleep); Fiber.interrupt',
      load: async () => {
        const { Effect, Stream, Fiber } = await import('effect');
        return async (hold) =>
          measureStop(hold, (probe) => {
            const got = deferred();
            const producer = Stream.unwrap(
              Effect.acquireRelease(
                Effect.sync(() => probe.open()),
                (resource) => Effect.sync(() => resource.release()),
              ).pipe(
                Effect.map(() => Stream.concat(Stream.succeed(1), Stream.fromEffect(Effect.as(Effect.sleep(hold), 2)))),
              ),
            );
            const fiber = Effect.runFork(producer.pipe(Stream.runForEach((x) => Effect.sync(() => got.resolve(x)))));
            return { first: got.promise, stop: () => Effect.runPromise(Fiber.interrupt(fiber)) };
          });
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'defer((signal) => generator), forEach(f, _, signal); AbortController.abort()',
      load: async () => {
        const { IxAsync } = await import('../lib/ix.mjs');
        return async (hold) =>
          measureStop(hold, (probe) => {
            const got = deferred();
            const controller = new AbortController();
            const done = IxAsync.defer((/** @type {AbortSignal} */ signal) => blockedProducer(probe, hold, signal)).forEach(
              (/** @type {number} */ x) => got.resolve(x),
              undefined,
              controller.signal,
            );
            done.catch(() => {}); // settles with an AbortError on the stop; measured through `stop`
            return {
              first: got.promise,
              stop: () => {
                controller.abort();
                return done;
              },
            };
          });
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      tag: 'async generator',
      label: 'from(generator).subscribe(); unsubscribe()',
      load: async () => {
        const rx = await import('rxjs');
        return async (hold) =>
          measureStop(hold, (probe) => {
            const got = deferred();
            const subscription = rx.from(blockedProducer(probe, hold)).subscribe({ next: got.resolve });
            return {
              first: got.promise,
              stop: async () => subscription.unsubscribe(),
            };
          });
      },
    },
    {
      name: 'rxjs-native',
      column: 'rxjs',
      tag: 'native producer',
      label: 'producer written as new Observable with a teardown; unsubscribe()',
      load: async () => {
        const rx = await import('rxjs');
        return async (hold) =>
          measureStop(hold, (probe) => {
            const got = deferred();
            const producer = new rx.Observable((/** @type {import('rxjs').Subscriber<number>} */ subscriber) => {
              const resource = probe.open();
              subscriber.next(1);
              const timer = setTimeout(() => {
                subscriber.next(2);
                subscriber.complete();
              }, hold);
              return () => {
                clearTimeout(timer);
                resource.release();
              };
            });
            const subscription = producer.subscribe({ next: got.resolve });
            return { first: got.promise, stop: async () => subscription.unsubscribe() };
          });
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'streaming-iterables',
      cannot:
        'it has no cancellation: no signal reaches the producer and stopping is the bare iterator.return(), ' +
        'so it adds nothing to the hand-written case',
    },
    {
      name: 'node',
      column: 'node',
      label: 'pipeline(async function* ({ signal }), Writable, { signal }); AbortController.abort()',
      load: async () => {
        const { pipeline } = await import('node:stream/promises');
        const { Writable } = await import('node:stream');
        return async (hold) =>
          measureStop(hold, (probe) => {
            const got = deferred();
            const controller = new AbortController();
            // Node's docs pass `{ signal }` to a source function (its type definitions omit it).
            /** @type {any} */
            const source = (/** @type {{ signal: AbortSignal }} */ { signal }) => blockedProducer(probe, hold, signal);
            const done = pipeline(
              source,
              new Writable({
                objectMode: true,
                write(x, _encoding, callback) {
                  got.resolve(x);
                  callback();
                },
              }),
              { signal: controller.signal },
            );
            done.catch(() => {}); // rejects with an AbortError on the stop; measured through `stop`
            return {
              first: got.promise,
              stop: () => {
                controller.abort();
                return done;
              },
            };
          });
      },
    },
  ],
};
