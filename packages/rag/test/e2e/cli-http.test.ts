// The built CLI over HTTP against the real embeddings server (serveEmbeddings on 127.0.0.1, in
// this process so its counters can be read): zero calls on a re-run, 429 with Retry-After, 5xx,
// a quota stop and its resume, a poison chunk and retry-failed, a breaker trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveEmbeddings, type EmbeddingsServer } from '../../src/server/serve-embeddings.js';
import type { FaultPlan } from '../../src/server/fault-plan.js';
import { createLocalEmbedder } from '../../src/embed/local-embedder.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { runCliChild, type CliRun } from '../support/app-cli.js';
import { appTempDir } from '../support/app-temp.js';
import { CORPUS, writeCorpus } from '../support/app-corpus.js';

const FILES = Object.keys(CORPUS).length;

interface Summary {
  documents: { seen: number; indexed: number; skipped: number; failed: number };
  chunks: { written: number; failed: number };
  embedding: { calls: number; retries: number };
  stopped?: { reason: string; message: string };
}

/** A corpus, an index path, fast retries (a config file) and an embeddings server with `faults`. */
async function setup(faults: FaultPlan = {}): Promise<{ tree: string; index: string; config: string; server: EmbeddingsServer } & AsyncDisposable> {
  const dir = appTempDir('rag-http');
  const tree = join(dir.path, 'tree');
  writeCorpus(tree);
  const config = join(dir.path, 'rag.yaml');
  writeFileSync(config, 'policies:\n  retry:\n    delay: 5ms\n    maxDelay: 40ms\n  maxBatchSize: 4\n');
  const embedder = createLocalEmbedder({ dimension: 64 });
  const server = await serveEmbeddings({ embedder, faults });
  return {
    tree,
    index: join(dir.path, 'index.sqlite'),
    config,
    server,
    [Symbol.asyncDispose]: async () => {
      await server.close();
      dir[Symbol.dispose]();
    },
  };
}

function ingestArgs(s: { tree: string; index: string; config: string }, server: EmbeddingsServer, ...more: string[]): string[] {
  return ['rag', 'ingest', s.tree, '--index', s.index, '--config', s.config, '--embedder-url', server.baseUrl, '--model', server.model, '--json', ...more];
}

/** Runs an ingest expected to stop with `code` for `reason`; its summary, checked for the accounting law. */
async function stoppedRun(args: string[], code: number, reason: string): Promise<Summary> {
  const run = await runCliChild(args);
  assert.equal(run.code, code, run.stderr);
  const summary = summaryOf(run);
  assert.equal(summary.stopped?.reason, reason);
  assert.equal(summary.documents.seen, summary.documents.indexed + summary.documents.skipped + summary.documents.failed);
  return summary;
}

function summaryOf(run: CliRun): Summary {
  assert.ok(run.stdout.trim().startsWith('{'), `a JSON summary on stdout; stderr: ${run.stderr}`);
  return JSON.parse(run.stdout) as Summary;
}

test('over HTTP: a full ingest, then a re-run that makes no embedding request at all (counted at the server)', async () => {
  await using s = await setup();
  const first = await runCliChild(ingestArgs(s, s.server));
  assert.equal(first.code, 0, first.stderr);
  const summary = summaryOf(first);
  assert.equal(summary.documents.indexed, FILES);
  const requests = s.server.stats().embeddingRequests;
  assert.equal(summary.embedding.calls, requests);
  const again = await runCliChild(ingestArgs(s, s.server));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(summaryOf(again).documents.skipped, FILES);
  assert.equal(s.server.stats().embeddingRequests, requests, 'no request on the re-run');
  const query = await runCliChild(['rag', 'query', 'cursor closed on every exit path', '--index', s.index, '--embedder-url', s.server.baseUrl, '--model', s.server.model, '--json', '--k', '1']);
  assert.equal(query.code, 0, query.stderr);
  assert.equal((JSON.parse(query.stdout) as { hits: { path: string }[] }).hits[0]?.path, join(s.tree, 'notes/cursors.txt'));
});

test('429 with Retry-After is retried after the wait the server asked for, and 5xx are retried: everything indexed', async () => {
  await using s = await setup({ rateLimitEvery: 5, retryAfterSeconds: 1, serverErrorEvery: 7 });
  // One call at a time, so that every request after a 429 was sent after the client read it.
  const run = await runCliChild(ingestArgs(s, s.server, '--concurrency', '1', '--embed-concurrency', '1'));
  assert.equal(run.code, 0, run.stderr);
  const summary = summaryOf(run);
  assert.equal(summary.documents.indexed, FILES);
  assert.equal(summary.chunks.failed, 0);
  assert.ok(summary.embedding.retries >= 2, JSON.stringify(summary.embedding));
  const stats = s.server.stats();
  assert.ok((stats.byStatus['429'] ?? 0) > 0 && (stats.byStatus['500'] ?? 0) > 0, JSON.stringify(stats.byStatus));
  // The server's own clock: no request arrived within the second after a 429 was answered.
  const log = s.server.log();
  for (const limited of log.filter((r) => r.status === 429)) {
    const next = log.find((r) => r.n > limited.n);
    if (next !== undefined) assert.ok(next.receivedAt - limited.answeredAt >= 990, `request ${next.n} came ${next.receivedAt - limited.answeredAt} ms after the 429`);
  }
});

test('an exhausted quota stops the run with exit 3 and a hint; a later run resumes without duplicates', async () => {
  await using s = await setup({ quotaAfter: 3 });
  await stoppedRun(ingestArgs(s, s.server), 3, 'quota');
  const human = await runCliChild(ingestArgs(s, s.server).filter((a) => a !== '--json'));
  assert.equal(human.code, 3);
  assert.match(human.stdout, /quota is exhausted; run the same command again/);
  await using fresh = await serveEmbeddings({ embedder: createLocalEmbedder({ dimension: 64 }) });
  const resumed = await runCliChild(ingestArgs(s, fresh));
  assert.equal(resumed.code, 0, resumed.stderr);
  const summary = summaryOf(resumed);
  assert.equal(summary.documents.skipped + summary.documents.indexed, FILES);
  await using store = await openSqliteStore({ path: s.index });
  assert.equal((await store.stats()).documents, FILES);
});

test('a poison chunk fails alone (exit 1, recorded), its neighbours are indexed; retry-failed resolves it later', async () => {
  await using s = await setup({ rejectPattern: 'half-open probes' });
  const run = await runCliChild(ingestArgs(s, s.server));
  assert.equal(run.code, 1, run.stderr);
  const summary = summaryOf(run);
  assert.equal(summary.documents.indexed, FILES);
  assert.equal(summary.chunks.failed, 1);
  {
    await using store = await openSqliteStore({ path: s.index });
    const failed = await store.failedChunks();
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.path, join(s.tree, 'guide/breaker.md'));
    assert.equal(failed[0]?.code, 'EMBED_REJECTED');
  }
  await using clean = await serveEmbeddings({ embedder: createLocalEmbedder({ dimension: 64 }) });
  const retried = await runCliChild(['rag', 'retry-failed', '--index', s.index, '--embedder-url', clean.baseUrl, '--model', clean.model, '--json']);
  assert.equal(retried.code, 0, retried.stderr);
  assert.deepEqual((JSON.parse(retried.stdout) as { retried: number; resolved: number; stillFailing: number }), { ...JSON.parse(retried.stdout), retried: 1, resolved: 1, stillFailing: 0 });
  assert.equal(clean.stats().embeddedInputs, 1, 'only the failed chunk is embedded again');
  await using store = await openSqliteStore({ path: s.index });
  assert.equal((await store.failedChunks()).length, 0);
});

test('a service failing every request trips the breaker: exit 4, the reason said, nothing half-written', async () => {
  await using s = await setup({ serverErrorEvery: 1 });
  const summary = await stoppedRun(ingestArgs(s, s.server), 4, 'breaker');
  assert.match(summary.stopped?.message ?? '', /circuit breaker/);
  await using store = await openSqliteStore({ path: s.index });
  assert.equal((await store.stats()).chunks, 0);
});
