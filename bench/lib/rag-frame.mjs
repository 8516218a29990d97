// What the RAG cases share: the generated corpus (kept between children under the temp dir, one
// folder per size, written once: a million chunks is about 800 MB and a minute and a half to
// write), a fresh index directory per run, the configuration every subject uses (the defaults:
// 1,000-character chunks with 100 of overlap, the local embedder, SQLite), and the subjects'
// ingest runs. Every run returns the chunks written as its checksum.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCorpus } from './rag-corpus.mjs';

/** Bump when the corpus generator changes, so a stale cached corpus is never measured. */
const CORPUS_VERSION = 1;

/** The corpus of `chunks` chunks, written on first use and kept: `{ dir, files, chunks }`. */
export function cachedCorpus(chunks) {
  const dir = join(tmpdir(), `funcpipe-bench-rag-corpus-v${CORPUS_VERSION}-${chunks}`);
  const done = join(dir, 'complete.json');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    const written = writeCorpus(join(dir, 'docs'), chunks);
    writeFileSync(done, JSON.stringify(written));
  }
  const { files } = JSON.parse(readFileSync(done, 'utf8'));
  return { dir: join(dir, 'docs'), files };
}

/** A fresh temp directory for one run's index, deleted at exit and before the next run. */
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `funcpipe-bench-${prefix}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return {
    /** A new empty folder for the next run (the previous one removed). */
    next(name) {
      for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
      const path = join(dir, name);
      mkdirSync(path);
      return path;
    },
  };
}

/** Every file under `dir`, in path order (the corpus has no links and nothing to ignore). */
export function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** The configuration of every subject: the defaults, with the index in `indexDir` and no output. */
export async function ragConfig(indexDir) {
  const { resolveConfig } = await import('@funcpipe/rag');
  return resolveConfig({ index: join(indexDir, 'index.db'), output: { progress: 'none', quiet: true } });
}

/** The metrics of an ingest run (the first ingest's time and chunks/s, the child's peak RSS), its embedding calls, and the re-run over the unchanged corpus. */
export const ingestMetrics = [
  { metric: 'ingest', unit: 'ms', source: 'firstMs', headline: 'ratio' },
  { metric: 'chunks-per-s', unit: 'chunks/s', source: 'chunksPerS', headline: 'value' },
  { metric: 'peak-rss', unit: 'MB', source: 'peak-rss', headline: 'ratio' },
  { metric: 'embedding-calls', unit: 'calls', source: 'embeddingCalls', headline: 'none' },
  { metric: 'rerun', unit: 'ms', source: 'rerunMs', headline: 'none' },
  { metric: 'rerun-share', unit: '% of first', source: 'rerunPercent', headline: 'none' },
  { metric: 'rerun-embedding-calls', unit: 'calls', source: 'rerunCalls', headline: 'none' },
  { metric: 'rerun-chunks-written', unit: 'chunks', source: 'rerunChunks', headline: 'none' },
];

/**
 * Times `first` (an ingest of the whole corpus into an empty index) and `again` (the same over
 * the unchanged corpus), each returning `{ chunks, calls }`; the run's output. With
 * `rerunWritesNothing`, a re-run that writes a chunk fails the run.
 */
export async function firstAndRerun(first, again, { rerunWritesNothing = true } = {}) {
  const start = performance.now();
  const one = await first();
  const firstMs = performance.now() - start;
  const restart = performance.now();
  const two = await again();
  const rerunMs = performance.now() - restart;
  if (rerunWritesNothing && two.chunks !== 0) throw new Error(`the re-run wrote ${two.chunks} chunks over an unchanged corpus`);
  return {
    checksum: one.chunks,
    metrics: {
      firstMs,
      chunksPerS: one.chunks / (firstMs / 1000),
      embeddingCalls: one.calls,
      rerunMs,
      rerunPercent: (rerunMs / firstMs) * 100,
      rerunCalls: two.calls,
      rerunChunks: two.chunks,
    },
  };
}

/** The run of FuncPipe's `ingest` over the `size`-chunk corpus, first and re-run, each into a fresh index (`prefix` names the scratch folder). */
export async function funcpipeIngest(prefix) {
  const { ingest } = await import('@funcpipe/rag');
  const runs = scratch(prefix);
  return async (size) => {
    const corpus = cachedCorpus(size);
    const config = await ragConfig(runs.next('index'));
    const pass = async () => {
      const summary = await ingest(config, { roots: [corpus.dir] });
      if (summary.documents.failed !== 0) throw new Error(`${summary.documents.failed} documents failed: ${JSON.stringify(summary.failures.slice(0, 3))}`);
      return { chunks: summary.chunks.written, calls: summary.embedding.calls };
    };
    return firstAndRerun(pass, pass);
  };
}
