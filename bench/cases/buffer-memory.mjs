// Backpressure memory: 1,000,000 items from a fast producer (an async generator that never
// waits) into a slow consumer (1 ms per 1,000 items), with and without buffer(1000) between
// them. The headline metric is the child's peak RSS: a bounded buffer keeps it flat (the
// producer waits once 1,000 items are ahead); time shows what the overlap buys.
import { setTimeout as sleep } from 'node:timers/promises';
import { asyncCount } from '../lib/work.mjs';
import { memoryFrame } from '../lib/memory-frame.mjs';

/** The slow consumer: 1 ms of waiting per 1,000 items; returns the sum. */
function consumer() {
  let sum = 0;
  let seen = 0;
  return {
    /** @param {number} x */
    async take(x) {
      sum += x;
      if (++seen % 1_000 === 0) await sleep(1);
    },
    get sum() {
      return sum;
    },
  };
}

/**
 * A FuncPipe subject: the producer as a stream, with `buffer(size)` or none, into the consumer.
 * @param {number | undefined} size
 * @returns {import('../lib/case.mjs').Subject}
 */
function funcpipe(size) {
  return {
    name: size === undefined ? 'funcpipe-unbuffered' : 'funcpipe-buffer',
    column: 'funcpipe',
    tag: size === undefined ? 'no buffer' : `buffer(${size})`,
    label: `for await over ${size === undefined ? 'Async.fromProducer' : `pipe(Async.fromProducer, Async.buffer(${size}))`}, into the consumer`,
    load: async () => {
      const { pipe, Async } = await import('funcpipe');
      return async (n) => {
        const c = consumer();
        const source = Async.fromProducer((signal) => asyncCount(n, signal));
        for await (const r of size === undefined ? source : pipe(source, Async.buffer(size))) if (r.ok) await c.take(r.value);
        return c.sum;
      };
    },
  };
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'buffer-memory',
  title: 'backpressure memory: fast producer, buffer(1000), consumer at 1 ms per 1,000 items',
  ...memoryFrame,
  size: { full: 1_000_000, quick: 100_000 },
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'for await over the producer, straight into the consumer',
      baseline: true,
      load: async () => async (n) => {
        const c = consumer();
        for await (const x of asyncCount(n)) await c.take(x);
        return c.sum;
      },
    },
    funcpipe(undefined),
    funcpipe(1_000),
  ],
};
