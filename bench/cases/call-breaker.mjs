// Call circuit breaker overhead: 100k sequential calls of an async function that succeeds, each
// through a closed breaker with a count window of 100 (the breaker records every outcome).
import { add } from '../lib/work.mjs';

/** @param {number} x */
const call = async (x) => x;

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'call-breaker',
  title: 'call circuit breaker overhead (100k successful calls)',
  size: { full: 100_000, quick: 20_000 },
  sizeUnit: 'calls',
  repeat: { full: { warmup: 2, timed: 8 }, quick: { warmup: 1, timed: 2 } },
  metrics: [{ metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' }],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'await call(i), no breaker',
      baseline: true,
      load: async () => async (n) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum = add(sum, await call(i));
        return sum;
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'circuitBreaker({ window: { type: "count", size: 100 } }).wrap(call)',
      load: async () => {
        const { circuitBreaker } = await import('funcpipe');
        const guarded = circuitBreaker({ failureRateThreshold: 0.5, minimumCalls: 10, window: { type: 'count', size: 100 } }).wrap(call);
        return async (n) => {
          let sum = 0;
          for (let i = 0; i < n; i++) sum = add(sum, await guarded(i, {}));
          return sum;
        };
      },
    },
    {
      name: 'cockatiel',
      column: 'cockatiel',
      label: 'circuitBreaker(handleAll, { breaker: new CountBreaker({ threshold: 0.5, size: 100 }) }).execute',
      load: async () => {
        const { circuitBreaker, handleAll, CountBreaker } = await import('cockatiel');
        const policy = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new CountBreaker({ threshold: 0.5, size: 100, minimumNumberOfCalls: 10 }) });
        return async (n) => {
          let sum = 0;
          for (let i = 0; i < n; i++) sum = add(sum, await policy.execute(() => call(i)));
          return sum;
        };
      },
    },
  ],
};
