// Stream breaker overhead, async: 1M Ok items from an async producer through circuitBreakerRateEmit
// against the same FuncPipe pipeline without it, in the same run (target <= 1.15x).
import { add, asyncCount } from '../lib/work.mjs';

/** The pipeline, with or without the breaker: the two subjects differ in that stage only. */
async function folding(withBreaker) {
  const { pipe, Async, circuitBreakerRateEmit } = await import('funcpipe');
  const breaker = withBreaker ? circuitBreakerRateEmit({ maxRate: 0.2, window: 100, minItems: 10 }) : (gen) => gen;
  return async (n) => {
    const result = await pipe(Async.fromProducer((signal) => asyncCount(n, signal)), breaker, Async.fold(0, add));
    if (!result.ok) throw result.error;
    return result.value;
  };
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'breaker-async',
  title: 'stream breaker overhead, async (1M Ok items)',
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 1, timed: 4 }, quick: { warmup: 1, timed: 2 } },
  metrics: [{ metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' }],
  subjects: [
    {
      name: 'funcpipe-without-breaker',
      column: 'funcpipe',
      tag: 'without',
      label: 'pipe(Async.fromProducer, fold)',
      baseline: true,
      load: () => folding(false),
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      tag: 'with breaker',
      label: 'pipe(Async.fromProducer, circuitBreakerRateEmit({ window: 100 }), fold)',
      load: () => folding(true),
    },
    {
      name: 'cockatiel',
      column: 'cockatiel',
      label: 'cockatiel',
      cannot: "cockatiel's breakers guard calls, not streams: it has no stream breaker (see the call-breaker case)",
    },
  ],
};
