// SIGINT and SIGTERM sent to the real CLI process at seeded random points of an ingest (over the
// real embeddings server, slowed by injected latency): the run stops, prints its summary (seen =
// indexed + skipped + failed), exits 130 / 143, and the resumed run ends with exactly the index
// an uninterrupted run makes. A second SIGINT forces the exit, and still nothing is half-written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveEmbeddings, type EmbeddingsServer } from '../../src/server/serve-embeddings.js';
import { createLocalEmbedder } from '../../src/embed/local-embedder.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { runCliChild, startCli, waitForOutput } from '../support/app-cli.js';
import { appTempDir, writeTree } from '../support/app-temp.js';

const FILES = 24;

function tree(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    const words = Array.from({ length: 60 + (i % 7) * 20 }, (_, w) => `term${(w * 13 + i) % 97}`).join(' ');
    files[`part-${i % 4}/doc-${String(i).padStart(2, '0')}.md`] = `# Document ${i}\n\n${words}.\n\n## Section\n\nMore about item ${i}: ${words}.\n`;
  }
  return files;
}

/** mulberry32: the seeded points at which signals are sent. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What the index holds, compared between runs: its counts and every document's hash. */
async function snapshot(index: string, root: string): Promise<string> {
  await using store = await openSqliteStore({ path: index });
  const paths = await store.documentsUnder(root);
  const docs = await Promise.all(paths.map(async (path) => [path, (await store.document(path))?.hash]));
  return JSON.stringify({ stats: await store.stats(), docs });
}

interface Summary {
  documents: { seen: number; indexed: number; skipped: number; failed: number };
  failures: { code: string }[];
  stopped?: { reason: string };
}

test('SIGINT/SIGTERM at seeded random points: prompt stop, summary, exit 130/143; the resume equals an uninterrupted run', async (t) => {
  using dir = appTempDir('rag-signals');
  const root = join(dir.path, 'tree');
  writeTree(root, tree());
  const config = join(dir.path, 'rag.yaml');
  writeFileSync(config, 'concurrency: 2\npolicies:\n  maxBatchSize: 2\n  concurrency: 2\n');
  await using server: EmbeddingsServer = await serveEmbeddings({ embedder: createLocalEmbedder({ dimension: 64 }), faults: { latencyMs: 20 } });
  const args = (index: string): string[] => ['rag', 'ingest', root, '--index', index, '--config', config, '--embedder-url', server.baseUrl, '--model', server.model, '--dimensions', '64', '--json', '--events', '-'];

  const reference = join(dir.path, 'reference.sqlite');
  const full = await runCliChild(args(reference));
  assert.equal(full.code, 0, full.stderr);
  const expected = await snapshot(reference, root);

  const random = seeded(20261201);
  const cases: { signal: NodeJS.Signals; code: number }[] = [
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ];
  for (const [i, { signal, code }] of cases.entries()) {
    const index = join(dir.path, `case-${i}.sqlite`);
    // In the first half of the run, so at least a dozen documents (and their slowed calls) are still to go when the signal lands.
    const after = Math.floor(random() * (FILES / 2));
    const child = startCli(args(index));
    await waitForOutput(child, (_out, err) => err.split('\n').filter((line) => line.includes('"type":"document"')).length >= after);
    const sentAt = performance.now();
    child.child.kill(signal);
    const run = await child.done;
    const stopMs = performance.now() - sentAt;
    assert.equal(run.code, code, `case ${i} (${signal} after ${after} documents): ${run.stderr.slice(-500)}`);
    t.diagnostic(`case ${i}: ${signal} after ${after} documents, exited ${Math.round(stopMs)} ms later`);
    assert.ok(stopMs < 10_000, `stopped ${Math.round(stopMs)} ms after the signal`);
    const summary = JSON.parse(run.stdout) as Summary;
    assert.equal(summary.stopped?.reason, 'interrupted');
    const d = summary.documents;
    assert.equal(d.seen, d.indexed + d.skipped + d.failed);
    assert.ok(summary.failures.every((f) => f.code === 'INTERRUPTED'), JSON.stringify(summary.failures));
    assert.match(run.stderr, new RegExp(`interrupted by ${signal}: stopping`));
    // Only whole documents were committed: exactly the indexed ones.
    {
      await using store = await openSqliteStore({ path: index });
      assert.equal((await store.stats()).documents, d.indexed);
    }
    const resumed = await runCliChild(args(index));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((JSON.parse(resumed.stdout) as Summary).documents.skipped, d.indexed);
    assert.equal(await snapshot(index, root), expected, `case ${i}: the resumed index equals an uninterrupted run's`);
  }

  // A second SIGINT exits at once; the transactions keep the index whole.
  const index = join(dir.path, 'forced.sqlite');
  const child = startCli(args(index));
  await waitForOutput(child, (_out, err) => err.includes('"type":"document"'));
  child.child.kill('SIGINT');
  await waitForOutput(child, (_out, err) => err.includes('stopping'));
  child.child.kill('SIGINT');
  const forced = await child.done;
  assert.equal(forced.code, 130);
  const resumed = await runCliChild(args(index));
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(await snapshot(index, root), expected);
});
