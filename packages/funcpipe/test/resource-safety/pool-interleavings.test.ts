// Random interleavings of acquire / release / double release / discard / abort / timeout / close
// against a pool of real file handles. A recorder logs every create and destroy; after each step
// the pool's books must match reality, and after close every handle is closed exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { createPool } from '../../src/resource/pool.js';
import { LeaseReleasedError, PoolClosedError, PoolTimeoutError } from '../../src/resource/pool-errors.js';
import type { PoolLease } from '../../src/resource/pool-lease.js';

type Command =
  | { readonly kind: 'acquire' }
  | { readonly kind: 'release' | 'releaseTwice' | 'discard' | 'abort'; readonly at: number }
  | { readonly kind: 'sleep'; readonly ms: number }
  | { readonly kind: 'close' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'acquire' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('release' as const, 'releaseTwice' as const, 'discard' as const, 'abort' as const), at: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
);

const scenario = fc.record({
  max: fc.integer({ min: 1, max: 4 }),
  timeoutMs: fc.integer({ min: 1, max: 12 }),
  failingCreates: fc.uniqueArray(fc.nat(15), { maxLength: 4 }),
  staleItems: fc.uniqueArray(fc.nat(15), { maxLength: 4 }),
  createDelays: fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 16 }),
  createHonoursSignal: fc.boolean(),
  commands: fc.array(command, { minLength: 1, maxLength: 30 }),
});

test('pool interleavings: never over max, never lent twice, books balanced, every handle closed exactly once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'funcpipe-pool-safety-'));
  const file = join(dir, 'data');
  await writeFile(file, 'data');
  try {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ max, timeoutMs, failingCreates, staleItems, createDelays, createHonoursSignal, commands }) => {
        const ids = new Map<FileHandle, number>();
        const destroyCount = new Map<number, number>();
        let creates = 0;
        let creating = 0;
        let alive = 0;
        let peak = 0;
        const pool = createPool<FileHandle>({
          max,
          acquireTimeoutMs: timeoutMs,
          create: async (signal) => {
            const n = creates++;
            creating += 1;
            peak = Math.max(peak, creating + alive);
            try {
              await sleep(createDelays[n] ?? 0, undefined, createHonoursSignal ? { signal } : {});
              const handle = await open(failingCreates.includes(n) ? join(dir, 'missing') : file, 'r');
              ids.set(handle, n);
              alive += 1;
              return handle;
            } finally {
              creating -= 1;
            }
          },
          destroy: async (handle) => {
            const id = ids.get(handle) as number;
            destroyCount.set(id, (destroyCount.get(id) ?? 0) + 1);
            await handle.close();
            alive -= 1;
          },
          validate: (handle) => !staleItems.includes(ids.get(handle) as number),
        });

        const held: PoolLease<FileHandle>[] = [];
        const waiting: AbortController[] = [];
        const outcomes: Promise<void>[] = [];
        let closing: Promise<void> | undefined;
        const acquire = () => {
          const controller = new AbortController();
          waiting.push(controller);
          const wasClosed = closing !== undefined;
          outcomes.push(
            pool.acquire({ signal: controller.signal }).then(
              (lease) => {
                assert.equal(wasClosed, false, 'no lease after close');
                held.push(lease);
              },
              (e: unknown) => {
                const expected =
                  e instanceof PoolTimeoutError || e instanceof PoolClosedError || e === controller.signal.reason || (e as NodeJS.ErrnoException).code === 'ENOENT';
                assert.ok(expected, `unexpected rejection ${String(e)}`);
              },
            ),
          );
        };
        const checkBooks = () => {
          const stats = pool.stats();
          assert.ok(stats.size <= max && peak <= max, `size ${stats.size}, peak ${peak}, max ${max}`);
          assert.equal(stats.size, creating + alive, 'every slot is an item being created or an item that exists');
          assert.equal(stats.inUse, held.length);
          const lent = new Set(held.map((l) => ids.get(l.value)));
          assert.equal(lent.size, held.length, 'an item is lent to one holder at a time');
        };

        for (const step of commands) {
          switch (step.kind) {
            case 'acquire':
              acquire();
              break;
            case 'release':
            case 'releaseTwice':
            case 'discard': {
              const lease = held.splice(step.at % Math.max(held.length, 1), 1)[0];
              if (lease === undefined) break;
              if (step.kind === 'discard') await lease.destroy();
              else await lease.release();
              if (step.kind === 'releaseTwice') await assert.rejects(lease.release(), LeaseReleasedError);
              break;
            }
            case 'abort':
              waiting[step.at % Math.max(waiting.length, 1)]?.abort(new Error('caller gave up'));
              break;
            case 'sleep':
              await sleep(step.ms);
              break;
            case 'close':
              closing ??= pool.close();
              break;
          }
          await tick();
          checkBooks();
        }

        closing ??= pool.close();
        for (const lease of held.splice(0)) await lease.release();
        await closing;
        await Promise.all(outcomes);
        assert.deepEqual(pool.stats(), { size: 0, idle: 0, inUse: 0, pending: 0, waiting: 0 });
        assert.equal(alive, 0);
        for (const [handle, id] of ids) {
          assert.equal(destroyCount.get(id), 1, `item ${id} destroyed exactly once`);
          assert.equal(handle.fd, -1, `item ${id} is closed`);
        }
        assert.equal(destroyCount.size, ids.size);
      }),
      { numRuns: 60 },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
