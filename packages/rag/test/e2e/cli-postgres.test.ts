// The same CLI ingest and queries on SQLite and on the real PostgreSQL of the test command
// (FUNCPIPE_TEST_PG_URL, a fresh schema): the same counts and the same results on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCliChild } from '../support/app-cli.js';
import { runCli } from '../../src/cli/run-cli.js';
import { appTempDir } from '../support/app-temp.js';
import { writeCorpus } from '../support/app-corpus.js';
import { dropSchema, freshSchema, testPostgresUrl } from '../support/store-fixtures.js';

/** Runs the CLI in this process (the queries: many short runs), with its output collected. */
async function runInProcess(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: process.env, trapSignals: false });
  return { code, stdout, stderr };
}

interface Hit {
  path: string;
  ordinal: number;
  score: number;
}

const QUERIES = ['Retry-After header backoff', 'connection pools keep sockets alive', 'circuit breaker threshold', 'cursor closed on every exit path'];

test('SQLite and PostgreSQL: the same ingest summary and the same hits for every query and mode', async () => {
  using dir = appTempDir('rag-pg');
  const tree = join(dir.path, 'tree');
  writeCorpus(tree);
  const schema = freshSchema();
  const url = new URL(testPostgresUrl());
  url.searchParams.set('schema', schema);
  const stores = [['--index', join(dir.path, 'index.sqlite')], ['--store', url.toString()]];
  try {
    const summaries = [];
    for (const store of stores) {
      const run = await runCliChild(['rag', 'ingest', tree, ...store, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const { documents, chunks } = JSON.parse(run.stdout) as { documents: unknown; chunks: unknown };
      summaries.push({ documents, chunks });
      const again = await runCliChild(['rag', 'ingest', tree, ...store, '--json']);
      assert.equal((JSON.parse(again.stdout) as { documents: { skipped: number } }).documents.skipped, 6);
    }
    assert.deepEqual(summaries[1], summaries[0]);
    for (const text of QUERIES) {
      for (const mode of ['vector', 'keyword', 'hybrid']) {
        const answers: Hit[][] = [];
        for (const store of stores) {
          const run = await runInProcess(['rag', 'query', text, ...store, '--mode', mode, '--k', '3', '--json']);
          assert.equal(run.code, 0, run.stderr);
          answers.push((JSON.parse(run.stdout) as { hits: Hit[] }).hits);
        }
        const [sqlite, postgres] = answers as [Hit[], Hit[]];
        if (mode !== 'vector') {
          // Full-text rankings differ below the top (BM25 and ts_rank_cd), and hybrid fuses them; the best hit is the same.
          assert.deepEqual([postgres[0]?.path, postgres[0]?.ordinal], [sqlite[0]?.path, sqlite[0]?.ordinal], `${mode}: ${text}`);
          continue;
        }
        assert.deepEqual(postgres.map((h) => [h.path, h.ordinal]), sqlite.map((h) => [h.path, h.ordinal]), `${mode}: ${text}`);
        postgres.forEach((h, i) => assert.ok(Math.abs(h.score - (sqlite[i] as Hit).score) < 1e-5));
      }
    }
  } finally {
    await dropSchema(schema);
  }
});
