import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Async, pipe, type ErrInfo, type Result } from 'funcpipe';
import { walk, type WalkEntry, type WalkOptions } from '../../src/files.js';
import { openFdCount, tempDir } from '../support/temp-dir.js';

/** Builds a tree from `{ 'a/b.txt': 'content', 'c/': null }` (a trailing slash makes a directory). */
function makeTree(root: string, spec: Record<string, string | null>): void {
  for (const [relative, content] of Object.entries(spec)) {
    const path = join(root, relative);
    if (content === null) mkdirSync(path, { recursive: true });
    else {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content);
    }
  }
}

async function walked(root: string, options?: WalkOptions): Promise<(string | { code: string; path: string | undefined })[]> {
  const items: Result<WalkEntry, ErrInfo>[] = await pipe(walk(root, options), Async.toArray());
  return items.map((r) => (r.ok ? `${r.value.kind}:${r.value.relativePath}` : { code: r.error.code, path: r.error.path }));
}

const TREE = { 'b.txt': '', 'a/z.md': '', 'a/y/x.md': '', 'a/.hidden': '', 'c/node_modules/m.js': '', 'c/d.md': '', 'empty/': null };

test('walk: depth-first, each directory sorted by name, the same order every run', async () => {
  using dir = tempDir();
  makeTree(dir.path, TREE);
  const expected = ['file:a/.hidden', 'file:a/y/x.md', 'file:a/z.md', 'file:b.txt', 'file:c/d.md', 'file:c/node_modules/m.js'];
  assert.deepEqual(await walked(dir.path), expected);
  assert.deepEqual(await walked(dir.path), expected);
  assert.deepEqual(await walked(dir.path, { directories: true, maxDepth: 2 }), [
    'directory:a',
    'file:a/.hidden',
    'directory:a/y',
    'file:a/z.md',
    'file:b.txt',
    'directory:c',
    'file:c/d.md',
    'directory:c/node_modules',
    'directory:empty',
  ]);
});

test('walk: include filters what is emitted, exclude prunes whole directories', async () => {
  using dir = tempDir();
  makeTree(dir.path, TREE);
  assert.deepEqual(await walked(dir.path, { include: '**/*.md' }), ['file:a/y/x.md', 'file:a/z.md', 'file:c/d.md']);
  assert.deepEqual(await walked(dir.path, { include: ['**/*.md', '*.txt'], exclude: ['**/node_modules', 'a/y'] }), ['file:a/z.md', 'file:b.txt', 'file:c/d.md']);
  const entries = await pipe(walk(dir.path, { include: 'c/*.md' }), Async.toArray());
  assert.deepEqual(entries[0]?.ok && entries[0].value, { path: join(dir.path, 'c', 'd.md'), relativePath: 'c/d.md', kind: 'file', depth: 2 });
});

test('walk: links are emitted, not entered, unless followSymlinks; loops and dangling links are Err items and the walk goes on', async () => {
  using dir = tempDir();
  makeTree(dir.path, { 'a/f.txt': '', 'z.txt': '' });
  symlinkSync(dir.path, join(dir.path, 'a', 'up'));
  symlinkSync(join(dir.path, 'a', 'f.txt'), join(dir.path, 'a', 'g'));
  symlinkSync(join(dir.path, 'nowhere'), join(dir.path, 'a', 'h'));
  symlinkSync(join(dir.path, 'a', 'self'), join(dir.path, 'a', 'self'));
  assert.deepEqual(await walked(dir.path), ['file:a/f.txt', 'symlink:a/g', 'symlink:a/h', 'symlink:a/self', 'symlink:a/up', 'file:z.txt']);
  assert.deepEqual(await walked(dir.path, { followSymlinks: true }), [
    'file:a/f.txt',
    'file:a/g',
    { code: 'FILE_ENOENT', path: join(dir.path, 'a', 'h') },
    { code: 'FILE_ELOOP', path: join(dir.path, 'a', 'self') },
    { code: 'WALK_SYMLINK_LOOP', path: join(dir.path, 'a', 'up') },
    'file:z.txt',
  ]);
});

test('walk: a root that is missing or a file is one Err naming it', async () => {
  using dir = tempDir();
  writeFileSync(join(dir.path, 'file'), '');
  assert.deepEqual(await walked(join(dir.path, 'missing')), [{ code: 'FILE_ENOENT', path: join(dir.path, 'missing') }]);
  assert.deepEqual(await walked(join(dir.path, 'file')), [{ code: 'FILE_ENOTDIR', path: join(dir.path, 'file') }]);
});

test('walk: a directory removed during the walk is an Err item and the walk goes on', async () => {
  using dir = tempDir();
  makeTree(dir.path, { 'a/1': '', 'b/2': '', 'c/3': '' });
  const seen: unknown[] = [];
  for await (const r of walk(dir.path)) {
    seen.push(r.ok ? r.value.relativePath : r.error.code);
    if (r.ok && r.value.relativePath === 'a/1') rmSync(join(dir.path, 'b'), { recursive: true });
  }
  assert.deepEqual(seen, ['a/1', 'FILE_ENOENT', 'c/3']);
});

test('walk: a wide and deep tree holds no descriptor between pulls and none after a stop', async () => {
  using dir = tempDir();
  let deep = dir.path;
  for (let d = 0; d < 60; d++) {
    deep = join(deep, `d${d}`);
    mkdirSync(deep);
    writeFileSync(join(deep, 'f'), '');
  }
  for (let i = 0; i < 500; i++) writeFileSync(join(dir.path, `w${String(i).padStart(3, '0')}`), '');
  const before = openFdCount();
  let count = 0;
  for await (const r of walk(dir.path)) {
    assert.ok(r.ok);
    if (++count % 50 === 0) assert.equal(openFdCount(), before);
  }
  assert.equal(count, 560);
  for await (const _ of walk(dir.path)) break;
  assert.equal(openFdCount(), before);
});

test('walk: options are validated', () => {
  assert.throws(() => walk('.', { include: [] }), /walk: expected `options.include` to be a glob string or a non-empty array of them, got an array/);
  assert.throws(() => walk('.', { maxDepth: 0 }), RangeError);
  assert.throws(() => walk('.', { followSymlinks: 'yes' as never }), /`options.followSymlinks` to be a boolean/);
});
