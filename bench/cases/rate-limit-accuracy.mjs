// Rate limiter accuracy: 2,000 items/s with a bucket of 50 (25 ms of slack), for 5 s (1 s in --quick), on the real
// clock. Metrics: the achieved rate after the initial burst (target: within 2% of 2,000/s), and the
// peak burst: max over every window [t_i, t_j] of (admitted - span * rate), which a token bucket
// keeps <= its size (target: <= 50). The baseline paces items by absolute deadlines with setTimeout.
import { setTimeout as sleep } from 'node:timers/promises';

const RATE = 2_000;
const BURST = 50;

/** @param {number[]} times admission times in ms, in order */
function measure(times) {
  const perMs = RATE / 1_000;
  let minLead = Infinity;
  let peak = 0;
  for (let j = 0; j < times.length; j++) {
    minLead = Math.min(minLead, j - times[j] * perMs);
    peak = Math.max(peak, j - times[j] * perMs - minLead + 1);
  }
  const span = times[times.length - 1] - times[BURST - 1];
  const achieved = ((times.length - BURST) / span) * 1_000;
  // Time the process spent stalled beyond what a full bucket covers: a token bucket cannot make
  // that up without a burst above its size, so it is reported apart.
  const slackMs = (BURST * 1_000) / RATE;
  let stallMs = 0;
  for (let j = BURST; j < times.length; j++) stallMs += Math.max(0, times[j] - times[j - 1] - slackMs);
  return { achieved, errorPct: (Math.abs(achieved - RATE) / RATE) * 100, peakBurst: peak, stallMs };
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'rate-limit-accuracy',
  title: 'rate limiter accuracy (2,000 items/s, bucket of 50)',
  size: { full: 5_000, quick: 1_000 },
  sizeUnit: 'ms at the configured rate',
  repeat: { full: { warmup: 0, timed: 2 }, quick: { warmup: 0, timed: 1 } },
  metrics: [
    { metric: 'achieved', unit: 'items/s', source: 'achieved', headline: 'value' },
    { metric: 'rate error', unit: '%', source: 'errorPct', headline: 'value' },
    { metric: 'peak burst', unit: 'items', source: 'peakBurst', headline: 'value' },
    { metric: 'stalls beyond the slack', unit: 'ms', source: 'stallMs', headline: 'none' },
  ],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'a loop sleeping until each item\'s deadline (setTimeout)',
      baseline: true,
      load: async () => async (ms) => {
        const n = (ms / 1_000) * RATE;
        const times = [];
        const start = performance.now();
        for (let i = 0; i < n; i++) {
          const due = start + Math.max(0, i - BURST + 1) * (1_000 / RATE);
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          times.push(performance.now() - start);
        }
        return { checksum: times.length, metrics: measure(times) };
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromIterable, rateLimit({ rate: 2000, per: "1s", burst: 50 }), forEach)',
      load: async () => {
        const { pipe, Async, rateLimit } = await import('funcpipe');
        return async (ms) => {
          const n = (ms / 1_000) * RATE;
          const times = [];
          const start = performance.now();
          const items = Array.from({ length: n }, (_, i) => i);
          await pipe(Async.fromIterable(items), rateLimit({ rate: RATE, per: '1s', burst: BURST }), Async.forEach(() => void times.push(performance.now() - start)));
          return { checksum: times.length, metrics: measure(times) };
        };
      },
    },
    {
      name: 'cockatiel',
      column: 'cockatiel',
      label: 'cockatiel',
      cannot: 'cockatiel has no rate limiter (its bulkhead bounds concurrency, not rate)',
    },
  ],
};
