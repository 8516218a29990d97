// Release latency: a producer holds a resource, yields one item, then blocks in a 2 s wait; the
// consumer stops 50 ms after the first item. `size` is the wait in ms. Metrics, from the stop:
// `release` (the producer's resource released) and `consumer` (the consumer's stop settled).
// Every library that can be stopped has two rows: `cancellable producer`, the producer written the
// library's own way so the stop reaches its wait (the run's AbortSignal for FuncPipe, IxJS and Node,
// an interruptible Effect, an Observable teardown), and `plain generator`, the same async generator
// read without any signal, which nothing can interrupt in its `await`.
import { measureStop, blockedProducer, deferred } from '../lib/latency.mjs';

const CANCELLABLE = 'cancellable producer';
const PLAIN = 'plain generator';

/**
 * A stop that aborts the run's controller and settles with the run (which rejects with an
 * AbortError on the stop; that rejection is the stop, measured through `stop`).
 * @param {AbortController} controller
 * @param {Promise<unknown>} done
 */
function abortStop(controller, done) {
  done.catch(() => {});
  return () => {
    controller.abort();
    return done;
  };
}

/**
 * FuncPipe's subject: `Async.fromProducer`, stopped with `it.return()` after the pending `next()`.
 * @param {boolean} cancellable
 * @returns {import('../lib/case.mjs').Subject}
 */
const funcpipeSubject = (cancellable) => ({
  name: cancellable ? 'funcpipe' : 'funcpipe-plain',
  column: 'funcpipe',
  tag: cancellable ? CANCELLABLE : PLAIN,
  label: `Async.fromProducer(${cancellable ? '(signal) => generator' : '() => generator, the signal ignored'}); it.return() after the pending next()`,
  load: async () => {
    const { Async, isOk } = await import('funcpipe');
    return async (hold) =>
      measureStop(hold, (probe) => {
        const it = Async.fromProducer((signal) => blockedProducer(probe, hold, cancellable ? signal : undefined))[Symbol.asyncIterator]();
        /** @type {Promise<unknown>} */
        let pending = Promise.resolve();
        const first = it.next().then((r) => {
          pending = it.next();
          return !r.done && isOk(r.value) ? r.value.value : Number.NaN; // items are Results; NaN fails the checksum
        });
        return { first, stop: () => Promise.allSettled([pending, it.return?.()]) };
      });
  },
});

/**
 * IxJS's subject: `forEach` with an AbortSignal, stopped by aborting it; the cancellable producer
 * is `defer((signal) => generator)`, the plain one `from(generator)`.
 * @param {boolean} cancellable
 * @returns {import('../lib/case.mjs').Subject}
 */
const ixSubject = (cancellable) => ({
  name: cancellable ? 'ix' : 'ix-plain',
  column: 'ix',
  tag: cancellable ? CANCELLABLE : PLAIN,
  label: `${cancellable ? 'defer((signal) => generator)' : 'from(generator)'}, forEach(f, _, signal); AbortController.abort()`,
  load: async () => {
    const { IxAsync } = await import('../lib/ix.mjs');
    return async (hold) =>
      measureStop(hold, (probe) => {
        const got = deferred();
        const controller = new AbortController();
        const source = cancellable
          ? IxAsync.defer((/** @type {AbortSignal} */ signal) => blockedProducer(probe, hold, signal))
          : IxAsync.from(blockedProducer(probe, hold));
        const done = source.forEach((/** @type {number} */ x) => got.resolve(x), undefined, controller.signal);
        return { first: got.promise, stop: abortStop(controller, done) };
      });
  },
});

/**
 * Node's subject: `stream/promises` `pipeline` into a Writable with `{ signal }`, stopped by aborting
 * it; the cancellable producer is a source function, which Node calls with `{ signal }` (its docs
 * show it; its type definitions omit it), the plain one the generator itself.
 * @param {boolean} cancellable
 * @returns {import('../lib/case.mjs').Subject}
 */
const nodeSubject = (cancellable) => ({
  name: cancellable ? 'node' : 'node-plain',
  column: 'node',
  tag: cancellable ? CANCELLABLE : PLAIN,
  label: `pipeline(${cancellable ? 'async function* ({ signal })' : 'generator (no signal)'}, Writable, { signal }); AbortController.abort()`,
  load: async () => {
    const { pipeline } = await import('node:stream/promises');
    const { Writable } = await import('node:stream');
    return async (hold) =>
      measureStop(hold, (probe) => {
        const got = deferred();
        const controller = new AbortController();
        /** @type {any} */
        const source = cancellable
          ? (/** @type {{ signal: AbortSignal }} */ { signal }) => blockedProducer(probe, hold, signal)
          : blockedProducer(probe, hold);
        const sink = new Writable({
          objectMode: true,
          write(x, _encoding, callback) {
            got.resolve(x);
            callback();
          },
        });
        return { first: got.promise, stop: abortStop(controller, pipeline(source, sink, { signal: controller.signal })) };
      });
  },
});

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
    funcpipeSubject(true),
    funcpipeSubject(false),
    {
      name: 'effect',
      column: 'effect',
      tag: CANCELLABLE,
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
      name: 'effect-plain',
      column: 'effect',
      tag: PLAIN,
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
    ixSubject(true),
    ixSubject(false),
    {
      name: 'rxjs',
      column: 'rxjs',
      tag: CANCELLABLE,
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
      name: 'rxjs-plain',
      column: 'rxjs',
      tag: PLAIN,
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
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'streaming-iterables',
      cannot:
        'it has no cancellation: no signal reaches the producer and stopping is the bare iterator.return(), ' +
        'so it adds nothing to the hand-written case',
    },
    nodeSubject(true),
    nodeSubject(false),
  ],
};
