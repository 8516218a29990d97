// 10,000 GET requests to a loopback server (its own process), 8 connections, 8 in flight, every
// body read: @funcpipe/io's mapRequests stage against the same requests sent with undici directly
// (a sliding window over one undici Pool). The checksum is the sum of the answers.
import { numbersServer } from '../lib/io-fixtures.mjs';

const CONNECTIONS = 8;

/** @param {number} n */
function* indices(n) {
  for (let i = 0; i < n; i++) yield i;
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'http-requests',
  title: `HTTP requests over a keep-alive pool (${CONNECTIONS} connections, ${CONNECTIONS} in flight)`,
  size: { full: 10_000, quick: 1_000 },
  sizeUnit: 'requests',
  // Steady state, as a long-running ingest sends requests; the figure right after a forced full
  // GC (V8 recompiles the run's code then) is its own metric.
  repeat: { full: { warmup: 5, timed: 5, afterGc: 5 }, quick: { warmup: 3, timed: 1, afterGc: 1 } },
  gc: 'none',
  metrics: [
    { metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' },
    { metric: 'time-after-gc', unit: 'ms', source: 'time-after-gc', headline: 'ratio' },
  ],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'undici Pool.request in a sliding window of 8, body.text(), AbortController per run',
      baseline: true,
      load: async () => {
        const { Pool } = await import('undici');
        const { setMaxListeners } = await import('node:events');
        const { orderedWindow } = await import('../lib/window.mjs');
        const pool = new Pool(await numbersServer(), { connections: CONNECTIONS, pipelining: 1 });
        /** @param {number} i @param {AbortSignal} signal */
        const get = async (i, signal) => {
          // Each request listens to the run's signal until its body closes: lift the window's
          // limit, so the baseline does not pay for listener-leak warnings.
          setMaxListeners(0, signal);
          const { statusCode, body } = await pool.request({ method: 'GET', path: `/${i}`, signal });
          const text = await body.text();
          if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
          return Number(text);
        };
        return async (n) => orderedWindow(indices(n), get, CONNECTIONS, (acc, x) => acc + x, 0);
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(Async.fromIterable, mapRequests(pool, { request, read: text }), fold)',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        const { createHttpPool, mapRequests } = await import('@funcpipe/io/http');
        const pool = await createHttpPool(await numbersServer(), { connections: CONNECTIONS });
        const stage = mapRequests(pool, { request: (/** @type {number} */ i) => ({ path: `/${i}` }), read: async (response) => Number(await response.body.text()) });
        return async (n) => {
          const r = await pipe(Async.fromIterable(indices(n)), stage, Async.fold(0, (/** @type {number} */ acc, /** @type {number} */ x) => acc + x));
          if (!r.ok) throw new Error(r.error.msg);
          return r.value;
        };
      },
    },
  ],
};
