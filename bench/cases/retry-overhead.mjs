// Retry overhead on the happy path: 1,000,000 items through a bounded parallel map (16 in flight)
// whose calls all succeed at once, with and without a retry policy (3 attempts, exponential
// backoff, the shared budget on). Target: the policy costs at most 1.15x the same pipeline
// without it, in the same run (compare the two FuncPipe rows). The peer that can express a
// retry around a bounded parallel map: cockatiel's retry inside p-map.
import { numbers, add, CONCURRENCY } from '../lib/work.mjs';

/** The call every subject makes: succeeds at once (an async function, so one promise per call). @param {number} x */
const call = async (x) => x;

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'retry-overhead',
  title: `retry policy on the happy path (calls that all succeed, concurrency ${CONCURRENCY})`,
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 2, timed: 5 }, quick: { warmup: 1, timed: 2 } },
  metrics: [
    { metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' },
    { metric: 'ns-per-item', unit: 'ns', source: 'ns-per-item', headline: 'none' },
  ],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'sliding window of in-flight promises, each call in a try/catch retry loop (3 attempts)',
      baseline: true,
      load: async () => {
        const { orderedWindow } = await import('../lib/window.mjs');
        /** @param {number} x @param {AbortSignal} signal */
        const withRetry = async (x, signal) => {
          for (let attempt = 1; ; attempt++) {
            try {
              return await call(x);
            } catch (error) {
              if (attempt >= 3 || signal.aborted) throw error;
            }
          }
        };
        return async (n) => orderedWindow(numbers(n), withRetry, CONCURRENCY, add, 0);
      },
    },
    {
      name: 'funcpipe-plain',
      column: 'funcpipe',
      tag: 'no policy',
      label: 'pipe(Async.fromIterable, mapAsync(f, { concurrency }), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        return async (n) => sumOk(await pipe(Async.fromIterable(numbers(n)), Async.mapAsync(call, { concurrency: CONCURRENCY }), Async.fold(0, add)));
      },
    },
    {
      name: 'funcpipe-retry',
      column: 'funcpipe',
      tag: 'retry',
      label: 'the same with { retry: createRetry({ maxAttempts: 3 }) } (budget on)',
      load: async () => {
        const { pipe, Async, createRetry } = await import('funcpipe');
        const retry = createRetry({ maxAttempts: 3 });
        return async (n) => sumOk(await pipe(Async.fromIterable(numbers(n)), Async.mapAsync(call, { concurrency: CONCURRENCY, retry }), Async.fold(0, add)));
      },
    },
    {
      name: 'cockatiel-p-map',
      column: 'cockatiel',
      tag: 'p-map',
      label: 'pMap(items, (x) => retry(handleAll, { maxAttempts: 2 }).execute(() => f(x)), { concurrency }), summed',
      load: async () => {
        const { retry, handleAll, ExponentialBackoff } = await import('cockatiel');
        const { default: pMap } = await import('p-map');
        const policy = retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() });
        return async (n) => (await pMap(numbers(n), (x) => policy.execute(() => call(x)), { concurrency: CONCURRENCY })).reduce(add, 0);
      },
    },
    {
      name: 'cockatiel-p-limit',
      column: 'cockatiel',
      tag: 'p-limit',
      cannot: 'p-limit has no backpressure: it takes every call up front (1,000,000 queued closures and promises; about 15 s per run here, 16x p-map), so it is shown in notes.md, not timed in every run',
    },
  ],
};

/** @param {{ ok: boolean, value?: number, error?: unknown }} r */
function sumOk(r) {
  if (!r.ok) throw new Error('unexpected Err item');
  return /** @type {number} */ (r.value);
}
