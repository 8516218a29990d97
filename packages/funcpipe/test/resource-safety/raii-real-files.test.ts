// The RAII runner with real resources: file descriptors and FileHandles in a temp directory,
// and a real timer cancelled by an abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { acquire } from '../../src/resource/acquire.js';
import { scoped } from '../../src/resource/scoped.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';
import { TaggedError } from '../resource/resource-recorder.js';

function isClosed(fd: number): boolean {
  try {
    fstatSync(fd);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EBADF';
  }
}

test('scoped closes every file it opened, whatever the program does', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-raii-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: -1, max: 6 }), (files, failAfter) => {
      const fds: number[] = [];
      let error: unknown;
      try {
        scoped(function* () {
          for (let i = 0; i < files; i++) {
            if (i === failAfter) throw new TaggedError('program');
            const fd = yield* acquire(() => openSync(join(dir, `f${i}.txt`), 'w'), closeSync);
            fds.push(fd);
            writeSync(fd, `file ${i}`);
          }
        });
      } catch (e) {
        error = e;
      }
      assert.equal(error instanceof TaggedError, failAfter >= 0 && failAfter < files);
      assert.ok(fds.every(isClosed));
      fds.forEach((_, i) => assert.equal(readFileSync(join(dir, `f${i}.txt`), 'utf8'), `file ${i}`));
    }),
    { numRuns: 40 },
  );
});

test('scopedAsync releases FileHandles (AsyncDisposable) in reverse order, also on failure', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-raii-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.boolean(), async (files, fails) => {
      const handles: FileHandle[] = [];
      const run = scopedAsync(async function* () {
        for (let i = 0; i < files; i++) {
          const handle = yield* acquire(await open(join(dir, `g${i}.txt`), 'w'));
          handles.push(handle);
          await handle.write(`handle ${i}`);
        }
        if (fails) throw new TaggedError('program');
        return handles.length;
      });
      if (fails) await assert.rejects(run, TaggedError);
      else assert.equal(await run, files);
      assert.ok(handles.every((h) => h.fd === -1));
    }),
    { numRuns: 25 },
  );
});

test('scopedAsync: an abort cancels a create blocked on a long timer, releases what was held, rejects with the reason', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-raii-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const controller = new AbortController();
  const reason = new TaggedError('stop');
  const handles: FileHandle[] = [];
  const order: string[] = [];
  const run = scopedAsync(
    async function* () {
      for (let i = 0; i < 2; i++) {
        const h = yield* acquire(() => open(join(dir, `h${i}.txt`), 'w'), async (fh) => (order.push(`close h${i}`), fh.close()));
        handles.push(h);
      }
      setImmediate(() => controller.abort(reason));
      yield* acquire((signal) => sleep(60_000, 'never', { signal }), () => void order.push('release timer'));
      order.push('not reached');
    },
    { signal: controller.signal },
  );
  await assert.rejects(run, (e: unknown) => e === reason);
  assert.deepEqual(order, ['close h1', 'close h0']);
  assert.ok(handles.every((h) => h.fd === -1));
});
