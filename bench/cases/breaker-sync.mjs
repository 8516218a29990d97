// Stream breaker overhead, sync: 1M Ok items through circuitBreakerRateEmit (a window of 100,
// never tripping) against the same FuncPipe pipeline without it, in the same run (target <= 1.15x).
import { numbers } from '../lib/work.mjs';

/** @param {{ ok: boolean, value: number }} r */
const sumOk = (acc, r) => acc + r.value;

/** The pipeline, with or without the breaker: the two subjects differ in that stage only. */
async function folding(withBreaker) {
  const { pipe, Sync, ok, circuitBreakerRateEmit } = await import('funcpipe');
  const breaker = withBreaker ? circuitBreakerRateEmit({ maxRate: 0.2, window: 100, minItems: 10 }) : (stream) => stream;
  return async (n) => pipe(Sync.fromIterable(numbers(n)), Sync.map(ok), breaker, Sync.fold(0, sumOk));
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'breaker-sync',
  title: 'stream breaker overhead, sync (1M Ok items)',
  size: { full: 1_000_000, quick: 200_000 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 5, timed: 15 }, quick: { warmup: 2, timed: 3 } },
  metrics: [{ metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' }],
  subjects: [
    {
      name: 'funcpipe-without-breaker',
      column: 'funcpipe',
      tag: 'without',
      label: 'pipe(Sync.fromIterable, map(ok), fold)',
      baseline: true,
      load: () => folding(false),
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      tag: 'with breaker',
      label: 'pipe(Sync.fromIterable, map(ok), circuitBreakerRateEmit({ window: 100 }), fold)',
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
