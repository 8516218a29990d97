// A locked or corrupt index, an unreachable database or embedding service, a refused API key:
// one clear line naming what and where, a non-zero exit, and nothing half-written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCliChild } from '../support/app-cli.js';
import { appTempDir } from '../support/app-temp.js';
import { writeCorpus } from '../support/app-corpus.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { serveEmbeddings } from '../../src/server/serve-embeddings.js';
import { createLocalEmbedder } from '../../src/embed/local-embedder.js';

/** A temp dir with the corpus under `tree/` and an index path beside it. */
function corpusDir(): { readonly path: string; readonly tree: string; readonly index: string } & Disposable {
  const dir = appTempDir('rag-e2e');
  const tree = join(dir.path, 'tree');
  writeCorpus(tree);
  return { path: dir.path, tree, index: join(dir.path, 'index.sqlite'), [Symbol.dispose]: dir[Symbol.dispose] };
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a corrupt index file: exit 5, the file named, the file left as it was', async () => {
  using dir = corpusDir();
  const { tree, index } = dir;
  const garbage = 'this is not a database '.repeat(300);
  writeFileSync(index, garbage);
  const run = await runCliChild(['rag', 'ingest', tree, '--index', index]);
  assert.equal(run.code, 5, run.stderr);
  assert.ok(run.stderr.includes(index), run.stderr);
  assert.match(run.stderr, /CORRUPT/);
  assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
  const query = await runCliChild(['rag', 'query', 'x', '--index', index]);
  assert.equal(query.code, 5);
});

test('an index locked by another connection: exit 5 after the busy timeout, nothing committed', async () => {
  using dir = corpusDir();
  const { tree, index } = dir;
  // Create the index, then hold its write lock from this process.
  {
    await using store = await openSqliteStore({ path: index });
    await store.stats();
  }
  const holder = new Database(index);
  holder.exec('BEGIN IMMEDIATE');
  let run;
  try {
    run = await runCliChild(['rag', 'ingest', tree, '--index', index, '--json']);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  assert.equal(run.code, 5, run.stderr);
  assert.match(run.stderr, /LOCKED/);
  assert.ok(run.stderr.includes(index));
  await using store = await openSqliteStore({ path: index });
  assert.deepEqual(await store.stats(), { documents: 0, chunks: 0, failedChunks: 0 });
});

test('an unreachable PostgreSQL: exit 5, the URL named without its password', async () => {
  using dir = appTempDir('rag-e2e');
  const port = await closedPort();
  const run = await runCliChild(['rag', 'ingest', dir.path, '--store', `postgres://someone:secret@127.0.0.1:${port}/nowhere`]);
  assert.equal(run.code, 5, run.stderr);
  assert.ok(run.stderr.includes(`127.0.0.1:${port}`), run.stderr);
  assert.ok(!run.stderr.includes('secret'), 'the password is never printed');
});

test('an unreachable embedding service: the breaker stops the run (exit 4) naming the URL, nothing committed', async () => {
  using dir = corpusDir();
  const { tree, index } = dir;
  const port = await closedPort();
  const run = await runCliChild(['rag', 'ingest', tree, '--index', index, '--embedder-url', `http://127.0.0.1:${port}/v1`, '--model', 'm', '--dimensions', '64', '--json']);
  assert.equal(run.code, 4, run.stderr);
  const summary = JSON.parse(run.stdout) as { stopped?: { reason: string; message: string } };
  assert.equal(summary.stopped?.reason, 'breaker');
  assert.ok(summary.stopped.message.includes(`127.0.0.1:${port}`) && summary.stopped.message.includes('ECONNREFUSED'), summary.stopped.message);
  await using store = await openSqliteStore({ path: index });
  const stats = await store.stats();
  assert.equal(stats.chunks, 0);
});

test('a refused API key stops the run: exit 5, a hint, the key never printed', async () => {
  using dir = corpusDir();
  const { tree, index } = dir;
  await using embedder = createLocalEmbedder({ dimension: 64 });
  await using server = await serveEmbeddings({ embedder, faults: { apiKey: 'right-key' } });
  const run = await runCliChild(['rag', 'ingest', tree, '--index', index, '--embedder-url', server.baseUrl, '--model', server.model, '--api-key-env', 'TEST_KEY', '--json'], { TEST_KEY: 'wrong-key' });
  assert.equal(run.code, 5, run.stderr);
  const summary = JSON.parse(run.stdout) as { stopped?: { reason: string } };
  assert.equal(summary.stopped?.reason, 'auth');
  assert.ok(!run.stdout.includes('wrong-key') && !run.stderr.includes('wrong-key'));
  await using store = await openSqliteStore({ path: index });
  assert.equal((await store.stats()).chunks, 0);
});
