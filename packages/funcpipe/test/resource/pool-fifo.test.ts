// Fairness law: when every item is lent, waiters are served in the order they called acquire(),
// skipping only those that gave up. Items are real file handles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import { createPool } from '../../src/resource/pool.js';

test('pool law: waiters are served first come, first served; aborted ones are skipped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'funcpipe-pool-fifo-'));
  const file = join(dir, 'data');
  await writeFile(file, 'data');
  try {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), async (max, abortFlags) => {
        const pool = createPool<FileHandle>({ max, create: () => open(file, 'r'), destroy: (h) => h.close() });
        const first = await Promise.all(Array.from({ length: max }, () => pool.acquire()));
        const served: number[] = [];
        const waiters = abortFlags.map((abort, i) => {
          const controller = new AbortController();
          const done = pool.acquire({ signal: controller.signal }).then(
            async (lease) => {
              served.push(i);
              await tick();
              await lease.release();
            },
            () => assert.equal(abort, true, `waiter ${i} was not aborted`),
          );
          if (abort) controller.abort();
          return done;
        });
        await Promise.all(first.map((lease) => lease.release()));
        await Promise.all(waiters);
        const expected = abortFlags.flatMap((abort, i) => (abort ? [] : [i]));
        assert.deepEqual(served, expected);
        await pool.close();
        assert.equal(pool.stats().size, 0);
      }),
      { numRuns: 50 },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
