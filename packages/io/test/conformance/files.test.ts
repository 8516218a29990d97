// The file sources pass the public conformance kit (funcpipe/testing): readLines over a real file
// and walk over a real directory tree, in the three shapes of real-resources.ts. readLines holds a
// file handle for its run; walk holds one only inside each readdir. The kit cannot see either, so
// after each case no descriptor of the process (/proc/self/fd) may be open on anything under the
// test's directory: a handle left open by any exit path is a violation of that case.
import { before, after } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Async, pipe } from 'funcpipe';
import { readLines, walk } from '../../src/files.js';
import { tempDir } from '../support/temp-dir.js';
import { conformanceTests, descriptorsClosed, shapesOf } from './real-resources.js';

const dir = tempDir('files-conformance');
const file = join(dir.path, 'lines.txt');

before(() => {
  writeFileSync(file, Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n'));
  for (const sub of ['a', 'a/b', 'c']) mkdirSync(join(dir.path, 'tree', sub), { recursive: true });
  for (const name of ['a/1.txt', 'a/b/2.txt', 'a/b/3.txt', 'c/4.txt', '5.txt']) writeFileSync(join(dir.path, 'tree', name), name);
});
after(() => dir.remove());

const options = { afterCase: () => descriptorsClosed(dir.path) };

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
