import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { dropSchema, freshSchema, postgresFactory, testPostgresUrl } from '../support/store-fixtures.js';
import { storeContract } from './store-contract.js';

storeContract(postgresFactory);

/** The test server's URL with one part changed. */
function urlWith(change: (url: URL) => void): string {
  const url = new URL(testPostgresUrl());
  change(url);
  return url.toString();
}

function failsWith(code: string, password?: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.startsWith(`index ${error.location}: `), error.message);
    assert.ok(error.location.startsWith('postgres'), error.location);
    if (password !== undefined) {
      assert.ok(!error.message.includes(password), `the password leaked into: ${error.message}`);
      assert.ok(!error.location.includes(password));
    }
    return true;
  };
}

test('postgres store: location is the URL without its password; the tables live in the chosen schema', async () => {
  const schema = freshSchema();
  const url = testPostgresUrl();
  try {
    await using store = await openPostgresStore({ url, schema });
    const expected = new URL(url);
    expected.password = '';
    assert.equal(store.location, expected.toString());
    const password = new URL(url).password;
    if (password !== '') assert.ok(!store.location.includes(password));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
      assert.deepEqual(tables.rows.map((r) => r.table_name), ['chunks', 'documents', 'embed_cache', 'failures', 'meta']);
    } finally {
      await client.end();
    }
  } finally {
    await dropSchema(schema);
  }
});

test('postgres store: a wrong password fails with AUTH, a missing database with NO_DATABASE, both naming the URL without the password', async () => {
  const secret = 'not-the-password-0123';
  await assert.rejects(openPostgresStore({ url: urlWith((u) => (u.password = secret)), schema: freshSchema() }), failsWith('AUTH', secret));
  await assert.rejects(openPostgresStore({ url: urlWith((u) => (u.pathname = '/no_such_database_here')), schema: freshSchema() }), failsWith('NO_DATABASE'));
});

test('postgres store: an unreachable server fails with UNREACHABLE naming the URL, promptly and without a pool left open', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const url = urlWith((u) => {
    u.hostname = '127.0.0.1';
    u.port = String(port);
    u.password = 'hidden-secret';
  });
  await assert.rejects(openPostgresStore({ url, connectTimeoutMs: 2_000 }), (error: unknown) => {
    failsWith('UNREACHABLE', 'hidden-secret')(error);
    assert.ok((error as StoreError).message.includes(`127.0.0.1:${port}`));
    return true;
  });
});

test('postgres store: an index of a newer schema version is refused with SCHEMA_TOO_NEW; bad options are named', async () => {
  const schema = freshSchema();
  try {
    await (await openPostgresStore({ url: testPostgresUrl(), schema }))[Symbol.asyncDispose]();
    const client = new pg.Client({ connectionString: testPostgresUrl() });
    await client.connect();
    await client.query(`UPDATE "${schema}".meta SET value = '7' WHERE key = 'schema_version'`);
    await client.end();
    await assert.rejects(openPostgresStore({ url: testPostgresUrl(), schema }), (error: unknown) => {
      failsWith('SCHEMA_TOO_NEW')(error);
      assert.match((error as Error).message, /schema version 7, newer than the 1/);
      return true;
    });
  } finally {
    await dropSchema(schema);
  }
  await assert.rejects(openPostgresStore({ url: 'mysql://x' }), /expected `options.url` to start with postgres:\/\/ or postgresql:\/\//);
  await assert.rejects(openPostgresStore({ url: testPostgresUrl(), schema: 'Bad-Name' }), /expected `options.schema` to be a lower-case identifier/);
  await assert.rejects(openPostgresStore({ url: testPostgresUrl(), maxConnections: 0 }), /expected `options.maxConnections` to be an integer >= 1, got number 0/);
  await assert.rejects(openPostgresStore({ url: testPostgresUrl(), pool: 3 } as never), /unknown key `pool`/);
});

test('postgres store: a backend that dies under an idle pooled connection never crashes the process; the store goes on with a new connection', async () => {
  const schema = freshSchema();
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  try {
    await using store = await openPostgresStore({ url: testPostgresUrl(), schema, maxConnections: 1 });
    assert.deepEqual(await store.stats(), { documents: 0, chunks: 0, failedChunks: 0 });
    const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`funcpipe-rag:${schema}`]);
    assert.equal(killed.rowCount, 1);
    // The pool may not have seen the death yet: then that one call fails with a StoreError.
    await store.stats().catch((error: unknown) => assert.ok(error instanceof StoreError, String(error)));
    assert.deepEqual(await store.stats(), { documents: 0, chunks: 0, failedChunks: 0 });
  } finally {
    await admin.end();
    await dropSchema(schema);
  }
});

test('postgres store: a schema holding tables of something else is refused with NOT_AN_INDEX and left untouched', async () => {
  const schema = freshSchema();
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".users (id int)`);
    await assert.rejects(openPostgresStore({ url: testPostgresUrl(), schema }), (error: unknown) => {
      failsWith('NOT_AN_INDEX')(error);
      assert.match((error as Error).message, new RegExp(`the schema ${schema} holds tables of something else \\(users\\)`));
      return true;
    });
    const { rows } = await admin.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    assert.deepEqual(rows.map((r: { table_name: string }) => r.table_name), ['users']);
  } finally {
    await admin.end();
    await dropSchema(schema);
  }
});
