// A 200 MB text file line by line (generated in a temp dir by the first, untimed run of each
// child): @funcpipe/io's readLines against the hand-written readline loop, in time and peak RSS.
// The checksum is lines + characters, so every subject must split the same lines.
import { linesFile } from '../lib/io-fixtures.mjs';
import { memoryFrame } from '../lib/memory-frame.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'file-lines',
  title: 'a text file line by line (size in MB)',
  size: { full: 200, quick: 20 },
  sizeUnit: 'MB',
  repeat: { full: { warmup: 1, timed: 3 }, quick: { warmup: 1, timed: 1 } },
  metrics: memoryFrame.metrics,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: "for await over readline.createInterface(createReadStream(path), { crlfDelay: Infinity })",
      baseline: true,
      load: async () => {
        const { createReadStream } = await import('node:fs');
        const { createInterface } = await import('node:readline');
        return async (mb) => {
          let sum = 0;
          const lines = createInterface({ input: createReadStream(linesFile(mb)), crlfDelay: Infinity });
          for await (const line of lines) sum += 1 + line.length;
          return sum;
        };
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      tag: 'fold',
      label: 'pipe(readLines(path), Async.fold(count))',
      load: async () => {
        const { pipe, Async } = await import('funcpipe');
        const { readLines } = await import('@funcpipe/io/files');
        return async (mb) => {
          const r = await pipe(readLines(linesFile(mb)), Async.fold(0, (/** @type {number} */ sum, /** @type {string} */ line) => sum + 1 + line.length));
          if (!r.ok) throw new Error(r.error.msg);
          return r.value;
        };
      },
    },
    {
      name: 'funcpipe-for-await',
      column: 'funcpipe',
      tag: 'for await',
      label: 'for await (const r of readLines(path))',
      load: async () => {
        const { readLines } = await import('@funcpipe/io/files');
        return async (mb) => {
          let sum = 0;
          for await (const r of readLines(linesFile(mb))) {
            if (!r.ok) throw new Error(r.error.msg);
            sum += 1 + r.value.length;
          }
          return sum;
        };
      },
    },
  ],
};
