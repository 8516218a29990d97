// RAII runner: 1M trivial resources acquired in one scope and released LIFO when it ends.
// Every release checks it comes in LIFO order; the checksum is the number of in-order releases.
const LIFO_BROKEN = 'release out of LIFO order';

/**
 * Release bookkeeping shared by all subjects: `release(i)` must see n-1, n-2, ..., 0.
 * @param {number} n
 */
function lifoCounter(n) {
  let expected = n - 1;
  return {
    /** @param {number} i */
    release: (i) => {
      if (i !== expected) throw new Error(`${LIFO_BROKEN}: got ${i}, expected ${expected}`);
      expected -= 1;
    },
    released: () => n - 1 - expected,
  };
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'raii-runner',
  title: 'RAII runner, trivial resources in one scope',
  size: { full: 1_000_000, quick: 50_000 },
  sizeUnit: 'resources',
  repeat: { full: { warmup: 1, timed: 2 }, quick: { warmup: 1, timed: 2 } },
  metrics: [{ metric: 'per-resource', unit: 'ns', source: 'ns-per-item', headline: 'ratio' }],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'handles and release functions in two arrays, released LIFO in a loop, each in try/catch',
      baseline: true,
      load: async () => async (n) => {
        const counter = lifoCounter(n);
        /** @type {number[]} */
        const handles = [];
        /** @type {((handle: number) => void)[]} */
        const releases = [];
        /** @type {unknown[]} */
        const errors = [];
        try {
          for (let i = 0; i < n; i++) {
            handles.push(i);
            releases.push(counter.release);
          }
        } finally {
          for (let k = releases.length - 1; k >= 0; k--) {
            try {
              releases[k](handles[k]);
            } catch (error) {
              errors.push(error);
            }
          }
        }
        if (errors.length > 0) throw new AggregateError(errors, 'release failed');
        return counter.released();
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'scoped(function* () { yield* acquire(create, release) } x n)',
      load: async () => {
        const { scoped, acquire } = await import('funcpipe');
        return async (n) => {
          const counter = lifoCounter(n);
          await scoped(function* () {
            for (let i = 0; i < n; i++) yield* acquire(() => i, counter.release);
          });
          return counter.released();
        };
      },
    },
    {
      name: 'effect',
      column: 'effect',
      label: 'Effect.scoped(Effect.gen(... yield* Effect.acquireRelease ... x n)); runSync',
      load: async () => {
        const { Effect } = await import('effect');
        return async (n) => {
          const counter = lifoCounter(n);
          Effect.runSync(
            Effect.scoped(
              Effect.gen(function* () {
                for (let i = 0; i < n; i++) {
                  yield* Effect.acquireRelease(Effect.succeed(i), (handle) => Effect.sync(() => counter.release(handle)));
                }
              }),
            ),
          );
          return counter.released();
        };
      },
    },
    { name: 'ix', column: 'ix', label: 'IxJS', cannot: 'it has no scope or RAII runner' },
    { name: 'rxjs', column: 'rxjs', label: 'RxJS', cannot: 'it has no scope or RAII runner' },
    {
      name: 'streaming-iterables',
      column: 'streaming-iterables',
      label: 'streaming-iterables',
      cannot: 'it has no scope or RAII runner',
    },
    { name: 'node', column: 'node', label: 'Node streams', cannot: 'Node has no scope or RAII runner' },
  ],
};
