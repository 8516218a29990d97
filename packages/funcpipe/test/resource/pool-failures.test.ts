// Failures inside a pool's own work, with real temp files as items: `create` writes a file,
// `destroy` unlinks it, so a file removed behind the pool's back makes `destroy` fail for real
// (ENOENT). None of these failures may be swallowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from '../../src/resource/pool.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';

async function filePool(options: { max?: number; min?: number; validate?: (path: string) => boolean | Promise<boolean> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'funcpipe-pool-'));
  let made = 0;
  const pool = createPool<string>({
    name: 'files',
    create: async () => {
      const path = join(dir, `item-${made++}`);
      await writeFile(path, 'x');
      return path;
    },
    destroy: (path) => unlink(path),
    ...options,
  });
  return { pool, dir, files: () => readdir(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const isEnoent = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

test('pool failures: close() rejects with a destroy failure after destroying every other item', async () => {
  const { pool, files, cleanup } = await filePool({ max: 3 });
  try {
    const leases = [await pool.acquire(), await pool.acquire(), await pool.acquire()];
    await unlink(leases[1]!.value);
    for (const lease of leases) await lease.release();
    await assert.rejects(pool.close(), isEnoent);
    assert.deepEqual(await files(), []);
    assert.equal(pool.stats().size, 0);
  } finally {
    await cleanup();
  }
});

test('pool failures: two destroy failures are both kept, chained with SuppressedError', async () => {
  const { pool, cleanup } = await filePool({ max: 2 });
  try {
    const a = await pool.acquire();
    const b = await pool.acquire();
    await unlink(a.value);
    await unlink(b.value);
    const [pathA, pathB] = [a.value, b.value];
    await a.release();
    await b.release();
    await assert.rejects(pool.close(), (e) => {
      assert.ok(e instanceof SuppressedError);
      const paths = [(e.error as NodeJS.ErrnoException).path, (e.suppressed as NodeJS.ErrnoException).path];
      assert.deepEqual(paths.sort(), [pathA, pathB].sort());
      return true;
    });
  } finally {
    await cleanup();
  }
});

test('pool failures: a destroy failure after a failed validate is reported by close()', async () => {
  const { pool, files, cleanup } = await filePool({ max: 1, validate: (path) => existsSync(path) });
  try {
    const first = await pool.acquire();
    const stale = first.value;
    await unlink(stale);
    await first.release();
    const second = await pool.acquire();
    assert.notEqual(second.value, stale);
    assert.deepEqual(await files(), ['item-1']);
    await second.release();
    await assert.rejects(pool.close(), (e) => isEnoent(e) && (e as NodeJS.ErrnoException).path === stale);
  } finally {
    await cleanup();
  }
});

test('pool failures: a throwing validate fails that acquire and destroys the item', async () => {
  const boom = new Error('validate crashed');
  const { pool, files, cleanup } = await filePool({
    max: 1,
    validate: () => {
      throw boom;
    },
  });
  try {
    await (await pool.acquire()).release();
    await assert.rejects(pool.acquire(), (e) => e === boom);
    assert.deepEqual(await files(), []);
    assert.equal(pool.stats().size, 0);
    await pool.close();
  } finally {
    await cleanup();
  }
});

test('pool failures: lease.destroy() rejects with its own failure, which close() does not repeat', async () => {
  const { pool, cleanup } = await filePool({ max: 1 });
  try {
    const lease = await pool.acquire();
    await unlink(lease.value);
    await assert.rejects(lease.destroy(), isEnoent);
    assert.equal(pool.stats().size, 0);
    await pool.close();
  } finally {
    await cleanup();
  }
});

test('pool failures: warm() keeps the items it made and rejects with the create failures', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'funcpipe-pool-'));
  try {
    let n = 0;
    const pool = createPool<string>({
      min: 3,
      create: async () => {
        n += 1;
        const path = n === 2 ? join(dir, 'missing-dir', 'x') : join(dir, `item-${n}`);
        await writeFile(path, 'x');
        return path;
      },
      destroy: (path) => unlink(path),
    });
    await assert.rejects(pool.warm(), isEnoent);
    assert.deepEqual(pool.stats(), { size: 2, idle: 2, inUse: 0, pending: 0, waiting: 0 });
    await pool.close();
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
