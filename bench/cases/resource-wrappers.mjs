// Resource wrappers: the per-item cost of iterating a generator through FuncPipe's disposable
// wrappers (`withResourceStream`, `managedStream`) against iterating the bare generator, 1M items.
// Peers that have a documented resource-scoped stream run the same generator inside it.
import { count } from '../lib/work.mjs';
import { resource } from '../lib/resource.mjs';
import { SI_NO_RESOURCE_SCOPE, NODE_NO_RESOURCE_SCOPE } from '../lib/cannot.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'resource-wrappers',
  title: 'resource wrappers around a generator',
  size: { full: 1_000_000, quick: 200_000 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 5, timed: 15 }, quick: { warmup: 2, timed: 3 } },
  metrics: [{ metric: 'per-item', unit: 'ns', source: 'ns-per-item', headline: 'ratio' }],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'for...of over the bare generator',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for (const x of count(n)) sum += x;
        return sum;
      },
    },
    {
      name: 'funcpipe-with-resource-stream',
      column: 'funcpipe',
      tag: 'withResourceStream',
      label: 'for...of over withResourceStream(generator)',
      load: async () => {
        const { withResourceStream } = await import('funcpipe');
        return async (n) => {
          let sum = 0;
          for (const x of withResourceStream(count(n))) sum += x;
          return sum;
        };
      },
    },
    {
      name: 'funcpipe-managed-stream',
      column: 'funcpipe',
      tag: 'managedStream',
      label: 'for...of over managedStream(() => generator)',
      load: async () => {
        const { managedStream } = await import('funcpipe');
        return async (n) => {
          let sum = 0;
          for (const x of managedStream(() => count(n))) sum += x;
          return sum;
        };
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Stream.unwrap(acquireRelease -> Stream.fromIteratorSucceed), runSum; runSync',
      load: async () => {
        const { Effect, Stream } = await import('effect');
        return async (n) => {
          const r = resource();
          const sum = Effect.runSync(
            Stream.unwrap(
              Effect.acquireRelease(Effect.succeed(r), (held) => Effect.sync(held.release)).pipe(
                Effect.map(() => Stream.fromIteratorSucceed(count(n))),
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
      label: 'Ix.iterable defer(() => from(generator).pipe(finalize(release))); sum',
      load: async () => {
        const { Ix, IxOps } = await import('../lib/ix.mjs');
        return async (n) => {
          const r = resource();
          const sum = Ix.sum(Ix.defer(() => Ix.from(count(n)).pipe(IxOps.finalize(r.release))));
          r.check();
          return sum;
        };
      },
    },
    {
      name: 'rxjs',
      column: 'rxjs',
      label: 'using(() => resource, () => from(generator)), reduce; lastValueFrom',
      load: async () => {
        const rx = await import('rxjs');
        return async (n) => {
          const r = resource();
          const sum = await rx.lastValueFrom(
            rx.using(
              () => r,
              () => rx.from(count(n)),
            ).pipe(rx.reduce((acc, x) => acc + x, 0)),
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
