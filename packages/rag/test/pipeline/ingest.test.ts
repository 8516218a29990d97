import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ingest } from '../../src/pipeline/ingest.js';
import type { IngestSummary } from '../../src/pipeline/ingest-summary.js';
import type { IngestEvent } from '../../src/pipeline/ingest-event.js';
import { IndexMismatchError } from '../../src/store/index-store.js';
import { createLocalEmbedder } from '../../src/embed/local-embedder.js';
import { appTempDir, writeTree } from '../support/app-temp.js';
import { mkfifoSync } from '../support/app-fifo.js';
import { countingEmbedder, openTestStore, testConfig } from '../support/app-parts.js';

const GUIDE = '# Guide\n\nFuncPipe streams hold files and sockets.\n\n## Install\n\nRun npm install to get the library and its adapters.\n';
const NOTES = 'Plain notes about retry policies and circuit breakers.\n\nA second paragraph on rate limits.\n';

function accounted(summary: IngestSummary): void {
  const d = summary.documents;
  assert.equal(d.seen, d.indexed + d.skipped + d.failed, `seen = indexed + skipped + failed in ${JSON.stringify(d)}`);
  assert.equal(d.failed, summary.failures.length);
}

test('a first ingest indexes every file; a re-run skips them all with no embedding call and no write', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  writeTree(tree, { 'guide.md': GUIDE, 'notes.txt': NOTES, 'page.html': '<html><body><h1>Page</h1><p>Hello from HTML.</p></body></html>', 'data.json': '{"title":"json doc","body":"structured text"}' });
  const config = testConfig(dir.path);
  await using store = await openTestStore(config);
  const embedder = countingEmbedder();
  const first = await ingest(config, { roots: [tree], store, embedder });
  accounted(first);
  assert.deepEqual(first.documents, { seen: 4, indexed: 4, skipped: 0, failed: 0, pruned: 0 });
  assert.ok(first.chunks.written >= 4);
  assert.equal(first.embedding.calls, embedder.calls);
  assert.ok(embedder.calls > 0);
  const stats = await store.stats();
  assert.equal(stats.documents, 4);
  assert.equal(stats.chunks, first.chunks.written);

  const callsBefore = embedder.calls;
  const second = await ingest(config, { roots: [tree], store, embedder });
  accounted(second);
  assert.deepEqual(second.documents, { seen: 4, indexed: 0, skipped: 4, failed: 0, pruned: 0 });
  assert.equal(embedder.calls, callsBefore);
  assert.equal(second.embedding.calls, 0);
  assert.deepEqual(await store.stats(), stats);
});

test('an edit re-indexes one file, a move costs no embedding call, a delete is pruned only with prune', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  writeTree(tree, { 'a/guide.md': GUIDE, 'b/notes.txt': NOTES, 'c.md': '# C\n\nSomething else entirely.\n' });
  const config = testConfig(dir.path, { prune: true });
  await using store = await openTestStore(config);
  const embedder = countingEmbedder();
  await ingest(config, { roots: [tree], store, embedder });

  writeFileSync(join(tree, 'c.md'), '# C\n\nSomething else entirely, edited.\n');
  const edited = await ingest(config, { roots: [tree], store, embedder });
  assert.deepEqual(edited.documents, { seen: 3, indexed: 1, skipped: 2, failed: 0, pruned: 0 });
  assert.ok(edited.embedding.calls > 0);

  renameSync(join(tree, 'a', 'guide.md'), join(tree, 'b', 'guide-moved.md'));
  const calls = embedder.calls;
  const moved = await ingest(config, { roots: [tree], store, embedder });
  accounted(moved);
  assert.deepEqual(moved.documents, { seen: 3, indexed: 1, skipped: 2, failed: 0, pruned: 1 });
  assert.equal(embedder.calls, calls, 'a moved file is embedded from the cache');
  assert.ok(moved.embedding.cacheHits > 0);
  assert.deepEqual(await store.documentsUnder(tree), [join(tree, 'b', 'guide-moved.md'), join(tree, 'b', 'notes.txt'), join(tree, 'c.md')]);

  rmSync(join(tree, 'c.md'));
  const withoutPrune = await ingest({ ...config, prune: false }, { roots: [tree], store, embedder });
  assert.equal(withoutPrune.documents.pruned, 0);
  assert.equal((await store.stats()).documents, 3);
  const pruned = await ingest(config, { roots: [tree], store, embedder });
  assert.equal(pruned.documents.pruned, 1);
  assert.equal((await store.stats()).documents, 2);
});

test('bad files are reported one by one with a reason, and the run goes on', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  writeTree(tree, {
    'good.md': GUIDE,
    'binary.txt': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]),
    'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x0a]),
    'empty.md': '',
    'broken.pdf': '%PDF-1.7\nthis is not really a pdf\n',
    'broken.json': '{"a": ',
  });
  mkfifoSync(join(tree, 'fifo.md'));
  mkdirSync(join(tree, 'loop'));
  symlinkSync(tree, join(tree, 'loop', 'back'));
  const config = testConfig(dir.path, { prune: true });
  await using store = await openTestStore(config);
  const summary = await ingest(config, { roots: [tree], store, embedder: countingEmbedder() });
  accounted(summary);
  const byFile = new Map(summary.failures.map((f) => [f.path.slice(tree.length + 1), f.code]));
  assert.equal(byFile.get('binary.txt'), 'DOC_BINARY');
  assert.equal(byFile.get('fifo.md'), 'DOC_NOT_REGULAR');
  assert.equal(byFile.get('loop/back'), 'WALK_SYMLINK_LOOP');
  assert.equal(byFile.get('broken.pdf'), 'DOC_PDF');
  assert.equal(byFile.get('latin1.txt'), 'DOC_ENCODING');
  assert.ok(byFile.has('broken.json'), 'malformed JSON is a failed file');
  assert.ok(!byFile.has('good.md') && !byFile.has('empty.md'));
  for (const failure of summary.failures) assert.ok(failure.reason.length > 0);
  assert.equal(summary.pruneRan, false, 'no prune after a scan with walk failures');
  assert.ok((await store.document(join(tree, 'good.md'))) !== undefined);
  assert.ok((await store.document(join(tree, 'empty.md'))) !== undefined, 'an empty file is a document with no chunks');
});

test('a file that vanishes after the scan found it is reported as failed', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  writeTree(tree, { 'a.md': GUIDE, 'b.md': NOTES, 'c.md': '# C\n\nthird\n' });
  const config = testConfig(dir.path, { concurrency: 1 });
  await using store = await openTestStore(config);
  const embedder = countingEmbedder();
  const onEvent = (event: IngestEvent): void => {
    if (event.type === 'document' && event.path.endsWith('a.md')) rmSync(join(tree, 'c.md'));
  };
  const summary = await ingest(config, { roots: [tree], store, embedder, onEvent });
  accounted(summary);
  assert.deepEqual(summary.failures.map((f) => [f.path.slice(tree.length + 1), f.code]), [['c.md', 'FILE_ENOENT']]);
  assert.match(summary.failures[0]?.reason ?? '', /vanished/);
});

test('an index built with another embedder is refused before any file is read', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  writeTree(tree, { 'a.md': GUIDE });
  const config = testConfig(dir.path);
  await using store = await openTestStore(config);
  await ingest(config, { roots: [tree], store, embedder: countingEmbedder() });
  const other = countingEmbedder(createLocalEmbedder({ dimension: 32 }));
  await assert.rejects(ingest(config, { roots: [tree], store, embedder: other }), IndexMismatchError);
  assert.equal(other.calls, 0);
});

test('an abort stops the run: files in flight are counted as interrupted, nothing half-written, and the next run resumes', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`doc-${String(i).padStart(2, '0')}.md`] = `# Doc ${i}\n\n${'word '.repeat(40)}number ${i}.\n`;
  writeTree(tree, files);
  const config = testConfig(dir.path, { concurrency: 3 });
  await using store = await openTestStore(config);
  const embedder = countingEmbedder();
  const controller = new AbortController();
  embedder.beforeCall = (call) => {
    if (call === 10) controller.abort(new Error('stop here'));
  };
  const stopped = await ingest(config, { roots: [tree], store, embedder, signal: controller.signal });
  accounted(stopped);
  assert.equal(stopped.stopped?.reason, 'interrupted');
  assert.ok(stopped.documents.seen < 30);
  assert.ok(stopped.failures.every((f) => f.code === 'INTERRUPTED'));
  const committed = (await store.stats()).documents;
  assert.equal(committed, stopped.documents.indexed);
  embedder.beforeCall = undefined;
  const resumed = await ingest(config, { roots: [tree], store, embedder });
  accounted(resumed);
  assert.equal(resumed.documents.skipped, committed);
  assert.equal(resumed.documents.indexed, 30 - committed);
  assert.equal((await store.stats()).documents, 30);
});

test('a real PDF (written with pdf-lib) is read through the pipeline and found by keyword', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage().drawText('Portable documents about keepalive sockets.', { x: 50, y: 700, size: 14, font });
  writeTree(tree, { 'paper.pdf': await pdf.save() });
  const config = testConfig(dir.path);
  await using store = await openTestStore(config);
  const summary = await ingest(config, { roots: [tree], store, embedder: countingEmbedder() });
  assert.deepEqual(summary.failures, []);
  assert.equal(summary.documents.indexed, 1);
  const hits = await store.searchKeyword('keepalive sockets', 1);
  assert.equal(hits[0]?.path, join(tree, 'paper.pdf'));
});

test('an edit that keeps size and mtime is skipped unread by default, and caught with verifyHash', async () => {
  using dir = appTempDir();
  const tree = join(dir.path, 'tree');
  writeTree(tree, { 'a.md': '# A\n\nalpha beta gamma\n' });
  const config = testConfig(dir.path);
  await using store = await openTestStore(config);
  const embedder = countingEmbedder();
  const path = join(tree, 'a.md');
  // Whole seconds, so that setting the mtime again restores it exactly.
  utimesSync(path, 1_700_000_000, 1_700_000_000);
  await ingest(config, { roots: [tree], store, embedder });
  writeFileSync(path, '# A\n\nalpha zeta gamma\n');
  utimesSync(path, 1_700_000_000, 1_700_000_000);
  assert.equal(statSync(path).mtimeMs, 1_700_000_000_000);
  const trusting = await ingest(config, { roots: [tree], store, embedder });
  assert.equal(trusting.documents.skipped, 1, 'size and mtime match: not read');
  const verifying = await ingest({ ...config, verifyHash: true }, { roots: [tree], store, embedder });
  assert.equal(verifying.documents.indexed, 1, 'the hash differs: re-indexed');
  const hits = await store.searchKeyword('zeta', 1);
  assert.equal(hits[0]?.path, path);
});
