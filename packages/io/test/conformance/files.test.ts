// The file sources pass the public conformance kit (funcpipe/testing): readLines over a real file
// and walk over a real directory tree, in the three shapes of real-resources.ts. readLines holds a
// file handle for its run; walk holds one only inside each readdir. The kit cannot see either, so
// after each case the process's open descriptors (/proc/self/fd) must be back to their count
// before the tests: a handle left open by any exit path is a violation of that case.
import { before, after } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Async, pipe } from 'funcpipe';
import { readLines, walk } from '../../src/files.js';
import { openFdCount, tempDir } from '../support/temp-dir.js';
import { conformanceTests, settledWithin, shapesOf } from './real-resources.js';

const dir = tempDir('files-conformance');
const file = join(dir.path, 'lines.txt');
let baseline = 0;

before(() => {
  writeFileSync(file, Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n'));
  for (const sub of ['a', 'a/b', 'c']) mkdirSync(join(dir.path, 'tree', sub), { recursive: true });
  for (const name of ['a/1.txt', 'a/b/2.txt', 'a/b/3.txt', 'c/4.txt', '5.txt']) writeFileSync(join(dir.path, 'tree', name), name);
  baseline = openFdCount();
});
after(() => dir.remove());

/** Every descriptor a case opened is closed again (a readdir still finishing is given a moment). */
const descriptorsBack = async (): Promise<readonly string[]> =>
  (await settledWithin(() => openFdCount() <= baseline, 1_000)) ? [] : [`${openFdCount() - baseline} file descriptor(s) left open after the case`];

const options = { afterCase: descriptorsBack };

conformanceTests(
  'readLines',
  shapesOf((take: number) => pipe(readLines(file, { chunkBytes: 1 + (take % 16) }), Async.take(take))),
  { ...options, parameters: fc.integer({ min: 1, max: 14 }) },
);

conformanceTests(
  'walk',
  shapesOf((maxDepth: number) => walk(join(dir.path, 'tree'), { maxDepth, directories: true })),
  { ...options, parameters: fc.integer({ min: 1, max: 3 }) },
);
