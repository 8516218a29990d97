// FuncPipe's main job until the RAG command line exists: a pipeline that holds real resources
// (three file handles, opened one inside the other, and a producer blocked on a timer), stopped
// early three ways, printing the acquire/release log. Nothing it prints about the resources is a
// fixed string: after each stop it checks that every handle really is closed (a `stat()` on it
// must fail) and that the releases came in reverse order of acquisition (LIFO), and it exits
// with status 1 if either is not so.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Async, pipe } from 'funcpipe';

const dir = await mkdtemp(join(tmpdir(), 'funcpipe-example-'));
const docs = join(dir, 'docs.txt');
await writeFile(docs, Array.from({ length: 10_000 }, (_, i) => `line ${i}: some text to chunk`).join('\n'));
const log = (message) => console.log(`  ${message}`);

/** What the runs opened and released, in order, so the checks below use facts, not hopes. */
let acquired = [];
let released = [];

/** A file handle as a stream resource: opened when a run reaches it, closed when the run ends. */
function withFile(name, flags, use) {
  return Async.bracket(
    async () => {
      const handle = await open(join(dir, name), flags);
      acquired.push({ name, handle });
      log(`acquired ${name} (fd ${handle.fd})`);
      return handle;
    },
    use,
    async (handle) => {
      const fd = handle.fd;
      await handle.close();
      released.push(name);
      log(`released ${name} (fd ${fd})`);
    },
  );
}

// The input, an output it writes to, and an audit log: three handles, the last opened innermost.
const lines = withFile('docs.txt', 'r', (input) =>
  withFile('index.txt', 'a', (index) =>
    withFile('audit.log', 'a', (audit) =>
      pipe(
        Async.fromProducer(() => input.readLines({ autoClose: false })),
        Async.map((text, i) => `${i}: ${text.toUpperCase()}`),
        Async.mapAsync(
          async (entry) => {
            await index.appendFile(`${entry}\n`);
            await audit.appendFile(`indexed ${entry.length} characters\n`);
            return entry;
          },
          { concurrency: 1 },
        ),
      ),
    ),
  ),
);

/**
 * Checks, and reports, that every handle acquired is closed and that releases were LIFO. The
 * probe is `stat()`, which works on an open handle whatever its mode (a read on the write-only
 * ones would fail even while they are open), so only a closed handle makes it fail.
 */
async function checkReleased() {
  for (const { name, handle } of acquired) {
    try {
      await handle.stat();
      log(`LEAK: ${name} is still open (stat() on it succeeds)`);
      process.exitCode = 1;
    } catch (error) {
      log(`checked: ${name} is closed (stat() on it fails with ${error.code})`);
    }
  }
  const lifo = acquired.map(({ name }) => name).reverse();
  const inOrder = released.length === lifo.length && released.every((name, i) => name === lifo[i]);
  log(`released ${released.length} of ${acquired.length}, in reverse order of acquisition: ${inOrder ? 'yes' : `NO (${released.join(', ')})`}`);
  if (!inOrder) process.exitCode = 1;
  acquired = [];
  released = [];
}

// 1. The consumer breaks after 3 of 10,000 lines.
console.log('1) consumer breaks after 3 of 10,000 lines:');
let seen = 0;
for await (const line of lines) {
  log(`item: ${line.ok ? line.value : line.error}`);
  if (++seen === 3) break;
}
await checkReleased();

// 2. A stage stops the run: take(2) closes the source without pulling a third line.
console.log('2) take(2) stops the run:');
const firstTwo = await pipe(lines, Async.take(2), Async.toArray());
log(`collected ${firstTwo.length} items`);
await checkReleased();

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
