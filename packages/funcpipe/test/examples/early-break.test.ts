// The main example (`npm run example`) checks what it prints: after each stop every file handle
// it held must fail a stat() (it is really closed) and the releases must be LIFO, or it exits 1.
// This runs it against the built package, as a user would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../../../', import.meta.url)); // from build/test/examples/
const run = promisify(execFile);

test('the main example releases its three handles LIFO on every stop, and checks it', async () => {
  const { stdout } = await run(process.execPath, ['examples/early-break.mjs'], { cwd: root });
  const lines = stdout.split('\n').map((line) => line.trim());
  const releases = lines.filter((line) => line.startsWith('released ') && line.includes('(fd '));
  assert.deepEqual(
    releases.map((line) => line.split(' ')[1]),
    ['audit.log', 'index.txt', 'docs.txt', 'audit.log', 'index.txt', 'docs.txt'],
  );
  assert.equal(lines.filter((line) => /^checked: \S+ is closed \(stat\(\) on it fails with EBADF\)$/.test(line)).length, 6);
  assert.equal(lines.filter((line) => line === 'released 3 of 3, in reverse order of acquisition: yes').length, 2);
  assert.ok(!stdout.includes('LEAK'), stdout);
  assert.match(stdout, /producer: connection released\n\s+released [\d.]+ ms after the stop/);
});
