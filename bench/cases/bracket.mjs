// Bracket: a resource acquired around an async generator of 1M integers, released once when the
// stream ends, summed. What it measures is the boundary between a bracket and the stream it scopes.
import { add, asyncCount } from '../lib/work.mjs';
import { resource } from '../lib/resource.mjs';
import { SI_NO_RESOURCE_SCOPE, NODE_NO_RESOURCE_SCOPE } from '../lib/cannot.mjs';
import { steadyFrame } from '../lib/steady-frame.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'bracket',
  title: 'bracket around an async generator, sum',
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'items',
  ...steadyFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'try/finally (release) around a for await over the async generator',
      baseline: true,
      load: async () => async (n) => {
        const r = resource();
        let sum = 0;
        try {
          for await (const x of asyncCount(n)) sum += x;
        } finally {
          r.release();
        }
        r.check();
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.bracket(acquire, () => Async.fromProducer, release), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => {
          const r = resource();
          const result = await pipe(
            Async.bracket(
              () => r,
              () => Async.fromProducer((signal) => asyncCount(n, signal)),
              (held) => held.release(),
            ),
            Async.fold(0, add),
          );
          if (!result.ok) throw result.error;
          r.check();
          return result.value;
        };
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.unwrap(acquireRelease -> Stream.fromAsyncIterable), runSum; runPromise',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) => {
          const r = resource();
          const sum = await Effect.runPromise(
            Stream.unwrap(
              Effect.acquireRelease(Effect.succeed(r), (held) => Effect.sync(held.release)).pipe(
                Effect.map(() => Stream.fromAsyncIterable(asyncCount(n), (cause) => cause)),
              ),
            ).pipe(Stream.runSum),
          );
          r.check();
          return sum;
        };
      },
    },
    {
      name: 'ix',
      column: 'ix',
      label: 'Ix.asynciterable defer(() => from(source).pipe(finalize(release))); sum',
      load: async () => {
        const { IxAsync, IxAsyncOps } = await import('../lib/ix.mjs');
        return async (n) => {
          const r = resource();
          const sum = await IxAsync.sum(IxAsync.defer(() => IxAsync.from(asyncCount(n)).pipe(IxAsyncOps.finalize(r.release))));
          r.check();
          return sum;
        };
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'using(() => resource, () => from(asyncIterable)), reduce; lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => {
          const r = resource();
          const sum = await rx.lastValueFrom(
            rx.using(
              () => r,
              () => rx.from(asyncCount(n)),
            ).pipe(rx.reduce(add, 0)),
          );
          r.check();
          return sum;
        };
      },
    },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'streaming-iterables',
      cannot: SI_NO_RESOURCE_SCOPE,
    },
    {
      name: 'node',
      column: 'node',
      label: 'Node streams',
      cannot: NODE_NO_RESOURCE_SCOPE,
    },
  ],
};
