import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkfifoSync } from '../support/app-fifo.js';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Async, pipe } from 'funcpipe';
import { scanRoot, type ScanOptions } from '../../src/pipeline/scan.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../src/config/rag-config.js';
import { appTempDir, writeTree } from '../support/app-temp.js';

const defaults: ScanOptions = { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE, gitignore: true, followSymlinks: true };

async function scan(root: string, options: ScanOptions = defaults): Promise<{ files: string[]; errors: string[] }> {
  const items = await pipe(scanRoot(root, options), Async.toArray());
  return {
    files: items.flatMap((r) => (r.ok ? [`${r.value.relativePath}:${r.value.kind}`] : [])),
    errors: items.flatMap((r) => (r.ok ? [] : [r.error.code])),
  };
}

test('the scan lists the supported files in a stable order and honours nested .gitignore files', async () => {
  using dir = appTempDir();
  writeTree(dir.path, {
    'a.md': '# A',
    'b.bin': 'x',
    '.gitignore': 'build/\n*.log.md\n',
    'build/out.md': 'ignored',
    'docs/guide.md': 'guide',
    'docs/debug.log.md': 'ignored by the root rules',
    'docs/.gitignore': 'draft-*\n!draft-keep.md\n',
    'docs/draft-1.md': 'ignored by docs/.gitignore',
    'docs/draft-keep.md': 'kept',
    'docs/sub/page.html': '<p>x</p>',
    'other/draft-2.md': 'docs rules do not apply here',
    '.git/HEAD.md': 'excluded',
  });
  const { files, errors } = await scan(dir.path);
  assert.deepEqual(errors, []);
  assert.deepEqual(files, ['a.md:file', 'docs/draft-keep.md:file', 'docs/guide.md:file', 'docs/sub/page.html:file', 'other/draft-2.md:file']);
  const all = await scan(dir.path, { ...defaults, gitignore: false });
  assert.equal(all.files.length, 8);
});

test('symlink loops are Err items and the scan goes on; a FIFO is listed as other; unfollowed links are left out', async () => {
  using dir = appTempDir();
  writeTree(dir.path, { 'a/x.md': 'x', 'z.md': 'z' });
  symlinkSync(dir.path, join(dir.path, 'a', 'loop'));
  symlinkSync(join(dir.path, 'z.md'), join(dir.path, 'link.md'));
  mkfifoSync(join(dir.path, 'pipe.md'));
  const { files, errors } = await scan(dir.path);
  assert.deepEqual(errors, ['WALK_SYMLINK_LOOP']);
  assert.deepEqual(files, ['a/x.md:file', 'link.md:file', 'pipe.md:other', 'z.md:file']);
  const unfollowed = await scan(dir.path, { ...defaults, followSymlinks: false });
  assert.deepEqual(unfollowed.files, ['a/x.md:file', 'pipe.md:other', 'z.md:file']);
});

test('a missing root is one Err', async () => {
  using dir = appTempDir();
  assert.deepEqual(await scan(join(dir.path, 'none')), { files: [], errors: ['FILE_ENOENT'] });
});
