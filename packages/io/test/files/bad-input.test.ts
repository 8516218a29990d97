// Bad input for the file adapters: each case ends in an Err item (or a FileError) that names what
// failed and where, within bounded time, with no descriptor left open.
//
// Permission denied while running as root: root bypasses file modes, so the tests use what
// refuses root too. For a file, /proc/sys/vm/drop_caches (a write-only sysctl: its permission
// check ignores CAP_DAC_OVERRIDE). For a directory inside a walked tree, a child process without
// the power to bypass file modes walks a tree holding a mode-000 directory and reads a mode-000
// file: as root, the same user with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped (util-linux's
// `setpriv`), so it still reaches the checkout wherever it lies (another user such as `nobody`
// cannot import it from a clone under a 0700 temp dir); otherwise the current user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Async, pipe, type ErrInfo } from 'funcpipe';
import { readLines, walk } from '../../src/files.js';
import { openFdCount, tempDir } from '../support/temp-dir.js';

async function onlyErr(gen: ReturnType<typeof readLines>): Promise<ErrInfo> {
  const items = await pipe(gen, Async.toArray());
  assert.equal(items.length, 1, 'exactly one item');
  const [item] = items;
  assert.ok(item !== undefined && !item.ok, 'an Err item');
  return item.error;
}

test('readLines: a missing file, a directory, a path under a file: one Err naming the path', async () => {
  using dir = tempDir();
  writeFileSync(join(dir.path, 'file'), 'x');
  const before = openFdCount();
  const cases: [string, string, RegExp][] = [
    [join(dir.path, 'missing.txt'), 'FILE_ENOENT', /cannot open '.*missing\.txt': no such file or directory \(ENOENT\)/],
    [dir.path, 'FILE_EISDIR', /cannot open '.*': is a directory, not a file \(EISDIR\)/],
    [join(dir.path, 'file', 'below'), 'FILE_ENOTDIR', /cannot open '.*file\/below': a path component is not a directory \(ENOTDIR\)/],
  ];
  for (const [path, code, msg] of cases) {
    const error = await onlyErr(readLines(path));
    assert.equal(error.code, code);
    assert.equal(error.path, path);
    assert.match(error.msg, msg);
  }
  assert.equal(openFdCount(), before);
});

test('readLines: a FIFO is refused at once instead of blocking until a writer appears', async () => {
  using dir = tempDir();
  const fifo = join(dir.path, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const before = openFdCount();
  const error = await onlyErr(readLines(fifo));
  assert.equal(error.code, 'FILE_NOT_REGULAR');
  assert.match(error.msg, /cannot read '.*pipe': not a regular file/);
  assert.equal(openFdCount(), before);
});

test('readLines: permission denied (a file root cannot read either)', async () => {
  const writeOnly = '/proc/sys/vm/drop_caches';
  const error = await onlyErr(readLines(writeOnly));
  assert.equal(error.code, 'FILE_EACCES');
  assert.match(error.msg, /cannot open '\/proc\/sys\/vm\/drop_caches': permission denied \(EACCES\)/);
});

test('walk and readLines without the power to bypass file modes: a mode-000 directory is an Err item and the walk goes on; a mode-000 file is FILE_EACCES', async () => {
  using dir = tempDir();
  for (const name of ['a', 'locked', 'z']) {
    mkdirSync(join(dir.path, name));
    writeFileSync(join(dir.path, name, 'f.txt'), 'content\n');
  }
  chmodSync(join(dir.path, 'locked'), 0o000);
  const secret = join(dir.path, 'a', 'secret.txt');
  writeFileSync(secret, 'hidden\n');
  chmodSync(secret, 0o000);
  const files = pathToFileURL(new URL('../../src/files.js', import.meta.url).pathname).href;
  const script = `
    const { readLines, walk } = await import(${JSON.stringify(files)});
    const show = (r) => (r.ok ? r.value.relativePath : r.error.code + ' ' + r.error.path);
    const walked = [];
    for await (const r of walk(${JSON.stringify(dir.path)})) walked.push(show(r));
    const read = [];
    for await (const r of readLines(${JSON.stringify(secret)})) read.push(r.ok ? r.value : r.error.code + ' ' + r.error.msg);
    console.log(JSON.stringify({ walked, read }));`;
  const node = [process.execPath, '--input-type=module', '-e', script];
  const [command, ...args] = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...node] : node;
  const child = spawnSync(command as string, args, { encoding: 'utf8', timeout: 20_000 });
  assert.equal(child.status, 0, child.stderr);
  const { walked, read } = JSON.parse(child.stdout) as { walked: string[]; read: string[] };
  assert.deepEqual(walked, ['a/f.txt', 'a/secret.txt', `FILE_EACCES ${join(dir.path, 'locked')}`, 'z/f.txt']);
  assert.equal(read.length, 1);
  assert.match(read[0] as string, /^FILE_EACCES readLines: cannot open '.*secret\.txt': permission denied \(EACCES\)$/);
  chmodSync(join(dir.path, 'locked'), 0o755);
});

test('walk: a missing root is one Err naming the path', async () => {
  using dir = tempDir();
  const items = await pipe(walk(join(dir.path, 'nope')), Async.toArray());
  assert.equal(items.length, 1);
  assert.ok(items[0] !== undefined && !items[0].ok);
  assert.match(items[0].error.msg, /walk: cannot list '.*nope': no such file or directory \(ENOENT\)/);
});
