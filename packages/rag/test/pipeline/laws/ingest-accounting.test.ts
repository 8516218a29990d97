// The accounting law of ingest over generated trees with injected failures and stops:
// seen = indexed + skipped + failed, always; an interrupted run commits whole documents only,
// and the resumed run ends with the same index as an uninterrupted one. Every run is tracked by
// funcpipe/testing's expectNoLeaks (every run, bracket and lease released exactly once) and
// leaves no descriptor open on the tree, stopped or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { expectNoLeaks } from 'funcpipe/testing';
import { ingest } from '../../../src/pipeline/ingest.js';
import type { IngestSummary } from '../../../src/pipeline/ingest-summary.js';
import type { IndexStore } from '../../../src/store/index-store.js';
import { appTempDir, openFilesUnder, writeTree } from '../../support/app-temp.js';
import { mkfifoSync } from '../../support/app-fifo.js';
import { countingEmbedder, openTestStore, testConfig } from '../../support/app-parts.js';

type FileKind = 'markdown' | 'text' | 'binary' | 'fifo' | 'empty';

const fileArb = fc.record({
  dir: fc.constantFrom('', 'a/', 'a/b/', 'c/'),
  kind: fc.constantFrom<FileKind>('markdown', 'markdown', 'text', 'binary', 'fifo', 'empty'),
  words: fc.integer({ min: 1, max: 120 }),
});

const caseArb = fc.record({
  files: fc.array(fileArb, { minLength: 1, maxLength: 14 }),
  concurrency: fc.integer({ min: 1, max: 4 }),
  /** Abort when the embedder is called for the n-th time (0: never). */
  abortAtCall: fc.integer({ min: 0, max: 8 }),
});

function contentOf(kind: FileKind, words: number, i: number): string | Uint8Array {
  const text = Array.from({ length: words }, (_, w) => `word${(w * 7 + i) % 50}`).join(' ');
  switch (kind) {
    case 'markdown':
      return `# Title ${i}\n\n${text}.\n\n## Part\n\n${text} again.\n`;
    case 'text':
      return `${text}.\n\nSecond paragraph ${i}.\n`;
    case 'binary':
      return new Uint8Array([0, 1, 2, 0, 0, 255, 0, i & 255]);
    case 'empty':
    case 'fifo':
      return '';
  }
}

async function indexState(store: IndexStore, paths: readonly string[]): Promise<string> {
  const stats = await store.stats();
  const docs = await Promise.all(paths.map(async (path) => [path, (await store.document(path))?.hash ?? null]));
  return JSON.stringify({ stats, docs });
}

function assertAccounted(summary: IngestSummary): void {
  const d = summary.documents;
  assert.equal(d.seen, d.indexed + d.skipped + d.failed, JSON.stringify(summary));
}

test('seen = indexed + skipped + failed over generated trees, interrupted or not; a resume equals an uninterrupted run', async () => {
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ files, concurrency, abortAtCall }) => {
      using dir = appTempDir('rag-law');
      const tree = join(dir.path, 'tree');
      const entries: Record<string, string | Uint8Array> = {};
      const fifos: string[] = [];
      files.forEach((f, i) => {
        const ext = f.kind === 'text' ? 'txt' : 'md';
        const path = `${f.dir}file-${i}.${ext}`;
        if (f.kind === 'fifo') fifos.push(path);
        else entries[path] = contentOf(f.kind, f.words, i);
      });
      writeTree(tree, entries);
      writeTree(tree, { 'a/.keep.txt': 'keep' });
      for (const fifo of fifos) mkfifoSync(join(tree, fifo));
      const total = files.length + 1;
      const paths = [...Object.keys(entries), 'a/.keep.txt'].map((p) => join(tree, p));

      // The reference: one uninterrupted run into its own index.
      const reference = testConfig(join(dir.path), { index: join(dir.path, 'reference.sqlite'), concurrency });
      let expected: string;
      {
        await using store = await openTestStore(reference);
        const summary = await ingest(reference, { roots: [tree], store, embedder: countingEmbedder() });
        assertAccounted(summary);
        assert.equal(summary.documents.seen, total);
        assert.equal(summary.documents.failed, files.filter((f) => f.kind === 'binary' || f.kind === 'fifo').length);
        expected = await indexState(store, paths);
      }

      // A run stopped at a chosen embedding call, then a resume.
      const config = testConfig(dir.path, { concurrency });
      await using store = await openTestStore(config);
      const embedder = countingEmbedder();
      const controller = new AbortController();
      embedder.beforeCall = (call) => {
        if (call === abortAtCall) controller.abort(new Error('injected stop'));
      };
      const first = await expectNoLeaks(() => ingest(config, { roots: [tree], store, embedder, signal: controller.signal }));
      assert.equal(openFilesUnder(tree), 0, 'no descriptor left open on the tree after a stop');
      assertAccounted(first);
      assert.ok(first.documents.seen <= total);
      if (first.stopped === undefined) assert.equal(first.documents.seen, total);
      else assert.equal(first.stopped.reason, 'interrupted');
      assert.equal((await store.stats()).documents, first.documents.indexed, 'only whole documents are committed');
      embedder.beforeCall = undefined;
      const resumed = await expectNoLeaks(() => ingest(config, { roots: [tree], store, embedder }));
      assert.equal(openFilesUnder(tree), 0, 'no descriptor left open on the tree after the resume');
      assertAccounted(resumed);
      assert.equal(resumed.documents.seen, total);
      assert.equal(resumed.documents.skipped, first.documents.indexed);
      assert.equal(await indexState(store, paths), expected);
    }),
    { numRuns: 12 },
  );
});
