// The built CLI as a child process over a temp-dir tree, with the embedded defaults (SQLite and
// the local embedder): ingest, query, re-run, edit, move, delete, config, usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCliChild } from '../support/app-cli.js';
import { appTempDir } from '../support/app-temp.js';
import { writeCorpus, CORPUS } from '../support/app-corpus.js';

interface Summary {
  documents: { seen: number; indexed: number; skipped: number; failed: number; pruned: number };
  chunks: { written: number; failed: number };
  embedding: { calls: number; cacheHits: number };
  index: string;
}

test('ingest then query with the defaults: the index under XDG_DATA_HOME, human and JSON output', async () => {
  using dir = appTempDir('rag-e2e');
  const tree = join(dir.path, 'tree');
  writeCorpus(tree);
  const env = { XDG_DATA_HOME: join(dir.path, 'data'), HOME: dir.path };
  const ingest = await runCliChild(['rag', 'ingest', tree, '--progress', 'none'], env);
  assert.equal(ingest.code, 0, ingest.stderr);
  const indexPath = join(dir.path, 'data', 'funcpipe', 'rag', 'index.sqlite');
  assert.match(ingest.stdout, /ingest complete/);
  assert.match(ingest.stdout, /6 seen, 6 indexed, 0 unchanged/);
  assert.ok(ingest.stdout.includes(indexPath), 'the summary says where the index is');
  assert.ok(existsSync(indexPath));

  const human = await runCliChild(['rag', 'query', 'circuit breaker error rate threshold', '--k', '2'], env);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /breaker\.md > Circuit breaker/);

  for (const mode of ['vector', 'keyword', 'hybrid']) {
    const json = await runCliChild(['rag', 'query', 'Retry-After header backoff', '--mode', mode, '--json', '--k', '3'], env);
    assert.equal(json.code, 0, json.stderr);
    const result = JSON.parse(json.stdout) as { mode: string; hits: { path: string; score: number; headingTrail: string[]; start: number; end: number }[] };
    assert.equal(result.mode, mode);
    assert.ok(result.hits.length >= 1 && result.hits.length <= 3);
    assert.equal(result.hits[0]?.path, join(tree, 'guide/retry.md'), `${mode} ranks the retry guide first`);
    for (const hit of result.hits) assert.ok(hit.start < hit.end && Number.isFinite(hit.score));
  }
});

test('a re-run skips everything; an edit, a move and a delete with --prune do only what they must', async () => {
  using dir = appTempDir('rag-e2e');
  const tree = join(dir.path, 'tree');
  writeCorpus(tree);
  const index = join(dir.path, 'index.sqlite');
  const run = async (...extra: string[]): Promise<Summary> => {
    const result = await runCliChild(['rag', 'ingest', tree, '--index', index, '--json', ...extra]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Summary;
  };
  const first = await run();
  assert.equal(first.documents.indexed, Object.keys(CORPUS).length);
  const again = await run();
  assert.deepEqual(again.documents, { seen: 6, indexed: 0, skipped: 6, failed: 0, pruned: 0 });
  assert.equal(again.embedding.calls, 0);

  writeFileSync(join(tree, 'notes/pools.txt'), 'Connection pools, edited: sockets stay alive between requests.\n');
  const edited = await run();
  assert.equal(edited.documents.indexed, 1);

  renameSync(join(tree, 'guide/breaker.md'), join(tree, 'notes/breaker-moved.md'));
  const moved = await run('--prune');
  assert.deepEqual(moved.documents, { seen: 6, indexed: 1, skipped: 5, failed: 0, pruned: 1 });
  assert.equal(moved.embedding.calls, 0, 'a moved file is embedded from the cache');
  assert.ok(moved.embedding.cacheHits > 0);

  rmSync(join(tree, 'site/index.html'));
  const deleted = await run('--prune');
  assert.deepEqual(deleted.documents, { seen: 5, indexed: 0, skipped: 5, failed: 0, pruned: 1 });
  const gone = await runCliChild(['rag', 'query', 'Lazy streams describe work', '--index', index, '--json', '--mode', 'keyword']);
  const hits = (JSON.parse(gone.stdout) as { hits: { path: string }[] }).hits;
  assert.ok(hits.every((h) => !h.path.endsWith('index.html')));
});

test('config --print shows the effective configuration; --schema its JSON Schema', async () => {
  using dir = appTempDir('rag-e2e');
  const file = join(dir.path, 'rag.yaml');
  writeFileSync(file, 'chunking:\n  size: 500\nconcurrency: 2\n');
  const printed = await runCliChild(['rag', 'config', '--print', '--config', file, '--chunk-overlap', '50', '--index', join(dir.path, 'i.sqlite')]);
  assert.equal(printed.code, 0, printed.stderr);
  const config = JSON.parse(printed.stdout) as { chunking: unknown; concurrency: number; index: string; gitignore: boolean };
  assert.deepEqual(config.chunking, { unit: 'chars', size: 500, overlap: 50 });
  assert.equal(config.concurrency, 2);
  assert.equal(config.index, join(dir.path, 'i.sqlite'));
  assert.equal(config.gitignore, true);
  const noGitignore = JSON.parse((await runCliChild(['rag', 'config', '--no-gitignore'])).stdout) as { gitignore: boolean };
  assert.equal(noGitignore.gitignore, false);
  const schema = await runCliChild(['rag', 'config', '--schema']);
  assert.equal(schema.code, 0);
  assert.equal((JSON.parse(schema.stdout) as { additionalProperties: boolean }).additionalProperties, false);
});

test('usage and configuration errors exit 2 with one line naming the problem, no stack', async () => {
  using dir = appTempDir('rag-e2e');
  const unknownFlag = await runCliChild(['rag', 'ingest', dir.path, '--colour']);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.stderr, /unknown option '--colour'/);
  const badNumber = await runCliChild(['rag', 'ingest', dir.path, '--chunk-size', 'big']);
  assert.equal(badNumber.code, 2);
  assert.match(badNumber.stderr, /expected an integer/);
  const file = join(dir.path, 'bad.yaml');
  writeFileSync(file, 'chunking:\n  sise: 10\n');
  const badFile = await runCliChild(['rag', 'ingest', dir.path, '--config', file]);
  assert.equal(badFile.code, 2);
  assert.match(badFile.stderr, /bad\.yaml: invalid configuration: unknown key `chunking\.sise`/);
  assert.doesNotMatch(badFile.stderr, /\n\s+at /);
  const debug = await runCliChild(['rag', 'ingest', dir.path, '--config', file, '--debug']);
  assert.match(debug.stderr, /\n\s+at /, '--debug prints the stack');
  const missing = join(dir.path, 'missing.sqlite');
  const query = await runCliChild(['rag', 'query', 'anything', '--index', missing]);
  assert.equal(query.code, 2);
  assert.match(query.stderr, /no index at .*missing\.sqlite: run `funcpipe rag ingest <dir>` first/);
  assert.ok(!existsSync(missing), 'a query never creates an index');
  const overlap = await runCliChild(['rag', 'config', '--chunk-size', '100', '--chunk-overlap', '100']);
  assert.equal(overlap.code, 2);
  assert.match(overlap.stderr, /`chunking\.overlap`/);
});
