// Bad files through the built CLI: each reported with its reason, the run goes on (exit 1);
// and `serve-embeddings` as its own process, serving an ingest, stopped by SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runCliChild, startCli, waitForOutput } from '../support/app-cli.js';
import { appTempDir, writeTree } from '../support/app-temp.js';
import { mkfifoSync } from '../support/app-fifo.js';
import { writeCorpus } from '../support/app-corpus.js';

test('binary, invalid UTF-8, a FIFO (unreadable even as root), a symlink loop, malformed PDF and JSON: each failed with its reason; the good and empty files indexed', async () => {
  using dir = appTempDir('rag-bad');
  const tree = join(dir.path, 'tree');
  writeTree(tree, {
    'good.md': '# Good\n\nA fine document about streams.\n',
    'empty.txt': '',
    'binary.txt': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0]),
    'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x0a]),
    'broken.pdf': '%PDF-1.7\nnot really a pdf\n',
    'broken.json': '{"a": ',
  });
  // Tests run as root, which reads a chmod 000 file anyway: a FIFO is the unreadable entry (opening it would block; it is reported, never opened).
  mkfifoSync(join(tree, 'pipe.md'));
  mkdirSync(join(tree, 'sub'));
  symlinkSync(tree, join(tree, 'sub', 'loop'));
  const run = await runCliChild(['rag', 'ingest', tree, '--index', join(dir.path, 'index.sqlite'), '--json', '--prune']);
  assert.equal(run.code, 1, run.stderr);
  const summary = JSON.parse(run.stdout) as { documents: { seen: number; indexed: number; skipped: number; failed: number }; failures: { path: string; code: string; reason: string }[]; pruneRan: boolean };
  const codes = Object.fromEntries(summary.failures.map((f) => [f.path.slice(tree.length + 1), f.code]));
  assert.deepEqual(codes, {
    'binary.txt': 'DOC_BINARY',
    'broken.json': codes['broken.json'],
    'broken.pdf': codes['broken.pdf'],
    'latin1.txt': 'DOC_ENCODING',
    'pipe.md': 'DOC_NOT_REGULAR',
    'sub/loop': 'WALK_SYMLINK_LOOP',
  });
  assert.match(codes['broken.pdf'] ?? '', /^DOC_PDF/);
  assert.match(codes['broken.json'] ?? '', /^DOC_JSON/);
  assert.deepEqual(summary.documents, { seen: 8, indexed: 2, skipped: 0, failed: 6, pruned: 0 });
  assert.equal(summary.pruneRan, false, 'a scan with a walk failure never prunes');
  const human = await runCliChild(['rag', 'ingest', tree, '--index', join(dir.path, 'index.sqlite')]);
  assert.equal(human.code, 1);
  assert.match(human.stdout, /failed files:\n(.*\n)*\s+.*binary\.txt: .+ \(DOC_BINARY\)/);
});

test('serve-embeddings runs as its own process, serves an ingest, and stops on SIGINT with its counts', async () => {
  using dir = appTempDir('rag-serve');
  const tree = join(dir.path, 'tree');
  writeCorpus(tree);
  const server = startCli(['rag', 'serve-embeddings', '--json', '--dimensions', '64', '--latency-ms', '1']);
  try {
    await waitForOutput(server, (out) => out.includes('\n'));
    const { baseUrl, model } = JSON.parse(server.stdout()) as { baseUrl: string; model: string };
    const run = await runCliChild(['rag', 'ingest', tree, '--index', join(dir.path, 'index.sqlite'), '--embedder-url', baseUrl, '--model', model, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const calls = (JSON.parse(run.stdout) as { embedding: { calls: number } }).embedding.calls;
    server.child.kill('SIGINT');
    const stopped = await server.done;
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, new RegExp(`served ${calls} embedding requests`));
  } finally {
    server.child.kill('SIGKILL');
  }
});
