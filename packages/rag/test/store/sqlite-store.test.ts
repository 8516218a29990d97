import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { chunkOf, recordOf, sqliteFactory, storeTempDir } from '../support/store-fixtures.js';
import { storeContract } from './store-contract.js';

storeContract(sqliteFactory);

const INFO = { model: 'funcpipe-local-v1', dimension: 4, normalized: true } as const;

test('sqlite store: creates parent directories, writes a WAL-mode file with its schema version, and names the file in `location`', async () => {
  using dir = storeTempDir();
  const path = join(dir.path, 'deep', 'er', 'index.db');
  {
    await using store = await openSqliteStore({ path });
    assert.equal(store.location, path);
    await store.bindEmbedder(INFO);
  }
  assert.ok(existsSync(path));
  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '1');
    assert.deepEqual(JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'embedder'").pluck().get() as string), INFO);
  } finally {
    db.close();
  }
});

test('sqlite store: an index of a newer schema version is refused with SCHEMA_TOO_NEW naming the file', async () => {
  using dir = storeTempDir();
  const path = join(dir.path, 'index.db');
  await (await openSqliteStore({ path }))[Symbol.asyncDispose]();
  const db = new Database(path);
  db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
  db.close();
  await assert.rejects(openSqliteStore({ path }), (error: unknown) => {
    assert.ok(error instanceof StoreError);
    assert.equal(error.code, 'SCHEMA_TOO_NEW');
    assert.ok(error.message.includes(path));
    assert.match(error.message, /schema version 99, newer than the 1/);
    return true;
  });
});

test('sqlite store: a corrupt index file (garbage bytes) fails with CORRUPT naming the file, not a driver stack', async () => {
  using dir = storeTempDir();
  const path = join(dir.path, 'index.db');
  writeFileSync(path, Buffer.from('this is not a database, just some garbage bytes '.repeat(200)));
  await assert.rejects(openSqliteStore({ path }), (error: unknown) => {
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.code, 'CORRUPT');
    assert.equal(error.location, path);
    assert.ok(error.message.startsWith(`index ${path}: the file is not a usable index`), error.message);
    return true;
  });
});

test('sqlite store: a write lock held by another process past the busy timeout fails with LOCKED naming the file, and the store works once it is released', async () => {
  using dir = storeTempDir();
  const path = join(dir.path, 'index.db');
  {
    await using store = await openSqliteStore({ path });
    await store.bindEmbedder(INFO);
  }
  // Another process takes the write lock and holds it until its stdin closes.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const holder = spawn(
    process.execPath,
    ['-e', `const db = new (require(${JSON.stringify(driver)}))(process.argv[1]); db.exec('BEGIN IMMEDIATE'); console.log('locked'); process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); }); process.stdin.resume();`, path],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(holder.stdout!, 'data')) as [Buffer];
  assert.equal(line.toString().trim(), 'locked');
  try {
    await using store = await openSqliteStore({ path, busyTimeoutMs: 50 });
    assert.deepEqual(await store.stats(), { documents: 0, chunks: 0, failedChunks: 0 }, 'reads go on under WAL');
    await assert.rejects(store.commitDocument(recordOf('/r/a.md', '/r'), [chunkOf(0, 'text', 4)], []), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, 'LOCKED');
      assert.ok(error.message.includes(path));
      assert.match(error.message, /busy timeout of 50 ms/);
      return true;
    });
    holder.stdin!.end();
    await once(holder, 'exit');
    await store.commitDocument(recordOf('/r/a.md', '/r'), [chunkOf(0, 'text', 4)], []);
    assert.deepEqual(await store.stats(), { documents: 1, chunks: 1, failedChunks: 0 });
  } finally {
    if (holder.exitCode === null) {
      holder.stdin!.end();
      await once(holder, 'exit');
    }
  }
});

test('sqlite store: a path that cannot hold a file fails with CANNOT_CREATE; bad options are named', async () => {
  using dir = storeTempDir();
  await assert.rejects(openSqliteStore({ path: dir.path }), (error: unknown) => error instanceof StoreError && error.code === 'CANNOT_CREATE' && error.message.includes(dir.path));
  const file = join(dir.path, 'file');
  writeFileSync(file, '');
  await assert.rejects(openSqliteStore({ path: join(file, 'index.db') }), (error: unknown) => error instanceof StoreError && error.code === 'CANNOT_CREATE');
  await assert.rejects(openSqliteStore({ path: '' }), /expected `options.path` to be a non-empty string/);
  await assert.rejects(openSqliteStore({ path: 'x.db', busyTimeoutMs: -1 }), /expected `options.busyTimeoutMs` to be an integer >= 0, got number -1/);
  await assert.rejects(openSqliteStore({ path: 'x.db', busyTimeout: 5 } as never), /unknown key `busyTimeout`/);
});

test('sqlite store: a SQLite database of something else is refused with NOT_AN_INDEX and left untouched', async () => {
  using dir = storeTempDir();
  const path = join(dir.path, 'app.db');
  const db = new Database(path);
  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)');
  db.close();
  await assert.rejects(openSqliteStore({ path }), (error: unknown) => {
    assert.ok(error instanceof StoreError);
    assert.equal(error.code, 'NOT_AN_INDEX');
    assert.match(error.message, /a SQLite database of something else \(tables users\)/);
    return true;
  });
  const after = new Database(path, { readonly: true });
  assert.deepEqual(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(), ['users']);
  after.close();
});
