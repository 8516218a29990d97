// FuncPipe's main job until the RAG command line exists: a pipeline that holds real resources
// (a file handle, and a producer blocked on a timer), stopped early three ways, printing the
// acquire/release log so you can see every resource released, in LIFO order, at once.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Async, pipe } from 'funcpipe';

const dir = await mkdtemp(join(tmpdir(), 'funcpipe-example-'));
const path = join(dir, 'docs.txt');
await writeFile(path, Array.from({ length: 10_000 }, (_, i) => `line ${i}: some text to chunk`).join('\n'));
const log = (message) => console.log(`  ${message}`);

// 1. A file handle held for the whole stream, released when the consumer breaks after 3 lines.
const lines = Async.bracket(
  async () => {
    const handle = await open(path, 'r');
    log(`acquired file handle fd=${handle.fd}`);
    return handle;
  },
  (handle) => Async.fromProducer(() => handle.readLines({ autoClose: false })),
  async (handle) => {
    await handle.close();
    log('released file handle');
  },
);
console.log('1) consumer breaks after 3 of 10,000 lines:');
let seen = 0;
for await (const line of pipe(lines, Async.map((text) => text.toUpperCase()))) {
  log(`item: ${line.ok ? line.value : line.error}`);
  if (++seen === 3) break;
}
log(`after the loop: the handle is already closed`);

// 2. A stage stops the run: take(2) closes the source without pulling a third line.
console.log('2) take(2) stops the run:');
const firstTwo = await pipe(lines, Async.take(2), Async.toArray());
log(`collected ${firstTwo.length} items`);

// 3. A producer blocked for 2 s in an await is released at once when the consumer stops.
console.log('3) stop while the producer is blocked in a 2,000 ms timer:');
let releasedAt = 0;
const slow = Async.fromProducer(async function* (signal) {
  log('producer: connection opened');
  try {
    yield 'first';
    await sleep(2_000, undefined, { signal });
    yield 'never';
  } finally {
    releasedAt = performance.now();
    log('producer: connection released');
  }
});
const run = slow[Symbol.asyncIterator]();
await run.next();
const pending = run.next();
await sleep(50);
const stoppedAt = performance.now();
await run.return();
await pending;
log(`released ${(releasedAt - stoppedAt).toFixed(2)} ms after the stop (the timer had 1,950 ms left)`);

await rm(dir, { recursive: true, force: true });
