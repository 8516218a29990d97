// Ingest as a library over the HTTP embedder it opens itself, against the real embeddings
// server: a tripped breaker stops the run and the pool's sockets are closed (the server sees them go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingest } from '../../src/pipeline/ingest.js';
import { serveEmbeddings } from '../../src/server/serve-embeddings.js';
import { createLocalEmbedder } from '../../src/embed/local-embedder.js';
import { appTempDir } from '../support/app-temp.js';
import { writeCorpus } from '../support/app-corpus.js';
import { openTestStore, testConfig } from '../support/app-parts.js';
import { eventually } from '../support/embed-fixtures.js';

test('a breaker trip stops the ingest, says why, and releases the connection pool', async () => {
  using dir = appTempDir('rag-http');
  const tree = join(dir.path, 'tree');
  writeCorpus(tree);
  await using server = await serveEmbeddings({ embedder: createLocalEmbedder({ dimension: 64 }), faults: { serverErrorEvery: 1 } });
  const config = testConfig(dir.path, {
    embedder: { kind: 'http', baseUrl: server.baseUrl, model: server.model, connections: 2 },
    policies: { retry: { delay: '5ms', maxDelay: '20ms' }, maxBatchSize: 2 },
  });
  const summary = await ingest(config, { roots: [tree] });
  assert.equal(summary.stopped?.reason, 'breaker');
  assert.match(summary.stopped?.message ?? '', /circuit breaker opened/);
  assert.equal(summary.documents.seen, summary.documents.indexed + summary.documents.skipped + summary.documents.failed);
  const { sockets } = server.stats();
  assert.ok(sockets.total >= 1, JSON.stringify(sockets));
  // The run disposed the embedder it opened: its pool closed every socket.
  await eventually(() => server.stats().sockets.open === 0, 'the pool sockets closed');
  await using store = await openTestStore(config);
  assert.equal((await store.stats()).chunks, 0);
});
