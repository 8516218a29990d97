// Proof that the file adapters leak nothing: 10,000 line streams and 10,000 walks, each stopped
// early in one of several ways (break, a throw in the loop, take, an external abort between
// pulls, an abort during a pull), leave the process's open descriptor count at its baseline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Async, pipe, type AsyncGen } from 'funcpipe';
import { readLines, walk } from '../../src/files.js';
import { openFdCount, tempDir } from '../support/temp-dir.js';

const RUNS = 10_000;
const consumerError = new Error('consumer stops by throwing');

/** Ends one run of `gen` in the way `exit` selects, after `after` items. */
async function stopEarly(gen: AsyncGen<unknown>, exit: number, after: number): Promise<void> {
  const controller = new AbortController();
  switch (exit % 5) {
    case 0: {
      let seen = 0;
      for await (const _ of gen) if (seen++ === after) break;
      return;
    }
    case 1:
      await assert.rejects(async () => {
        let seen = 0;
        for await (const _ of gen) if (seen++ === after) throw consumerError;
      }, consumerError);
      return;
    case 2:
      assert.equal((await pipe(gen, Async.take(after + 1), Async.toArray())).length, after + 1);
      return;
    case 3:
      await assert.rejects(async () => {
        let seen = 0;
        for await (const _ of gen.iterate({ signal: controller.signal })) if (seen++ === after) controller.abort(consumerError);
      }, consumerError);
      return;
    default: {
      const run = gen.iterate({ signal: controller.signal });
      const pending = run.next();
      controller.abort(consumerError);
      await assert.rejects(pending, consumerError);
    }
  }
}

test(`readLines: ${RUNS} early-stopped runs leave the descriptor count at its baseline`, async () => {
  using dir = tempDir();
  const file = join(dir.path, 'lines.txt');
  writeFileSync(file, Array.from({ length: 2_000 }, (_, i) => `line ${i}`).join('\n'));
  const lines = readLines(file, { chunkBytes: 4096 });
  const baseline = openFdCount();
  for (let i = 0; i < RUNS; i++) await stopEarly(lines, i, i % 7);
  assert.equal(openFdCount(), baseline);
});

test(`walk: ${RUNS} early-stopped runs leave the descriptor count at its baseline`, async () => {
  using dir = tempDir();
  for (const sub of ['a', 'a/b', 'c']) {
    mkdirSync(join(dir.path, sub));
    for (let f = 0; f < 4; f++) writeFileSync(join(dir.path, sub, `f${f}`), '');
  }
  const tree = walk(dir.path);
  const baseline = openFdCount();
  for (let i = 0; i < RUNS; i++) await stopEarly(tree, i, i % 7);
  assert.equal(openFdCount(), baseline);
});
