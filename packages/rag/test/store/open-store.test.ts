import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { dropSchema, freshSchema, storeTempDir, testPostgresUrl } from '../support/store-fixtures.js';

test('openStore: a postgres:// or postgresql:// URL opens the PostgreSQL store (in its ?schema=), anything else a SQLite file', async () => {
  using dir = storeTempDir();
  const path = join(dir.path, 'sub', 'index.db');
  {
    await using store = await openStore(path);
    assert.equal(store.location, path);
  }
  const url = testPostgresUrl();
  const schema = freshSchema();
  try {
    for (const scheme of ['postgres:', 'postgresql:']) {
      const u = new URL(url);
      u.protocol = scheme;
      u.searchParams.set('schema', schema);
      await using store = await openStore(u.toString());
      assert.ok(store.location.startsWith(`${scheme}//`), store.location);
      assert.ok(store.location.endsWith(`?schema=${schema}`), store.location);
      const password = new URL(url).password;
      if (password !== '') assert.ok(!store.location.includes(password));
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'meta']);
    await client.end();
    assert.equal(rows.length, 1, 'the tables are in the schema the URL names');
  } finally {
    await dropSchema(schema);
  }
  await assert.rejects(openStore(join(dir.path, 'sub')), (error: unknown) => error instanceof StoreError && error.code === 'CANNOT_CREATE');
  await assert.rejects(openStore(''), /openStore: expected `location` to be a non-empty string, got string ""/);
});
