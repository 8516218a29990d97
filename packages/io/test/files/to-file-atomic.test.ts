import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Async, err, errInfo, ok, pipe } from 'funcpipe';
import { FileError, toFileAtomic } from '../../src/files.js';
import { openFdCount, tempDir } from '../support/temp-dir.js';

test('toFileAtomic: writes strings and bytes, then renames into place; no temporary file remains', async () => {
  using dir = tempDir();
  const target = join(dir.path, 'out.txt');
  const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
  const result = await pipe(Async.fromIterable<string | Uint8Array>([...lines, Buffer.from('bytes\n')]), toFileAtomic(target));
  const expected = lines.join('') + 'bytes\n';
  assert.deepEqual(result, ok({ path: target, bytes: Buffer.byteLength(expected), items: 20_001 }));
  assert.equal(readFileSync(target, 'utf8'), expected);
  assert.deepEqual(readdirSync(dir.path), ['out.txt']);
});

/** Runs `write` over an existing target and checks the old content survived, with no leftovers. */
async function assertUntouched(write: (target: string) => Promise<void>): Promise<void> {
  using dir = tempDir();
  const target = join(dir.path, 'keep.txt');
  writeFileSync(target, 'old content');
  const before = openFdCount();
  await write(target);
  assert.equal(readFileSync(target, 'utf8'), 'old content');
  assert.deepEqual(readdirSync(dir.path), ['keep.txt']);
  assert.equal(openFdCount(), before);
}

test('toFileAtomic: an Err item resolves Err and leaves the old file as it was', async () => {
  const bad = errInfo('BAD', 'bad record');
  await assertUntouched(async (target) => {
    const items = Async.fromResults([ok('a\n'), ok('b'.repeat(100_000)), err(bad), ok('never\n')]);
    assert.deepEqual(await pipe(items, toFileAtomic(target)), err(bad));
  });
});

test('toFileAtomic: a producer failure or an abort midway rejects and leaves no partial file', async () => {
  const boom = new Error('producer failed');
  await assertUntouched(async (target) => {
    const failing = Async.fromProducer(async function* () {
      yield 'x'.repeat(200_000);
      throw boom;
    });
    await assert.rejects(pipe(failing, toFileAtomic(target)), boom);
  });
  await assertUntouched(async (target) => {
    const controller = new AbortController();
    const reason = new Error('user abort');
    const slow = Async.fromProducer(async function* (signal) {
      for (;;) {
        yield 'y'.repeat(100_000);
        await sleep(5, undefined, { signal });
      }
    });
    setTimeout(() => controller.abort(reason), 30);
    await assert.rejects(pipe(slow, toFileAtomic(target, { signal: controller.signal })), reason);
  });
  await assertUntouched(async (target) => {
    await assert.rejects(pipe(Async.of<unknown>('a', 42), toFileAtomic(target) as never), /toFileAtomic: expected item 1 to be a string or a Uint8Array, got number 42/);
  });
});

test('toFileAtomic: a rename that fails (the target is a directory) removes the temporary file and names the target', async () => {
  using dir = tempDir();
  const target = join(dir.path, 'taken');
  mkdirSync(join(target, 'inside'), { recursive: true });
  await assert.rejects(pipe(Async.of('data'), toFileAtomic(target)), (e: unknown) => {
    assert.ok(e instanceof FileError);
    assert.equal(e.info.path, target);
    assert.match(e.info.code, /^FILE_E(ISDIR|NOTEMPTY|EXIST)$/);
    assert.match(e.message, /toFileAtomic: cannot rename/);
    return true;
  });
  assert.deepEqual(readdirSync(dir.path), ['taken']);
});

test('toFileAtomic: a missing directory is a FileError naming the path, before anything is run', async () => {
  using dir = tempDir();
  let pulled = false;
  const gen = Async.fromProducer(function* () {
    pulled = true;
    yield 'x';
  });
  await assert.rejects(pipe(gen, toFileAtomic(join(dir.path, 'no', 'such', 'f.txt'))), (e: unknown) => {
    assert.ok(e instanceof FileError);
    assert.equal(e.info.code, 'FILE_ENOENT');
    assert.match(e.message, /cannot open '.*\/no\/such\/\.f\.txt\.[0-9a-f]+\.tmp': no such file or directory/);
    return true;
  });
  assert.equal(pulled, false);
});

test('toFileAtomic: options are validated', () => {
  assert.throws(() => toFileAtomic('x', { mode: -1 }), RangeError);
  assert.throws(() => toFileAtomic('x', { signal: 'no' as never }), /toFileAtomic: expected `signal` to be an AbortSignal/);
});
