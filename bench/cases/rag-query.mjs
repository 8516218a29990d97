// Query latency over an index of 100,000 chunks (the rag-ingest corpus, ingested once and kept
// under the temp dir between children): `query()` in each mode (vector: embed the text and an
// exact sqlite-vec scan; keyword: FTS5 BM25; hybrid: both, fused by reciprocal rank fusion),
// median and p99 over the queries, against the same store calls made by hand.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedCorpus, ragConfig } from '../lib/rag-frame.mjs';
import { queries } from '../lib/rag-corpus.mjs';

const CHUNKS = 100_000;
const K = 5;
const MODES = ['vector', 'keyword', 'hybrid'];

/** The index of the corpus, ingested on first use and kept (with a marker written last). */
async function cachedIndex(rag) {
  const dir = join(tmpdir(), `funcpipe-bench-rag-index-v1-${CHUNKS}`);
  const config = await ragConfig(dir);
  if (!existsSync(join(dir, 'complete'))) {
    rmSync(dir, { recursive: true, force: true });
    const summary = await rag.ingest({ ...config }, { roots: [cachedCorpus(CHUNKS).dir] });
    if (summary.documents.failed !== 0) throw new Error('the index for rag-query could not be built');
    writeFileSync(join(dir, 'complete'), JSON.stringify(summary.chunks));
  }
  return config;
}

/** Milliseconds per query for each mode: `{ <mode>Median, <mode>P99 }`, and a checksum of the hits. */
async function measure(size, ask) {
  const texts = queries(size);
  const metrics = {};
  let checksum = 0;
  for (const mode of MODES) {
    const times = [];
    for (const text of texts) {
      const start = performance.now();
      const hits = await ask(text, mode);
      times.push(performance.now() - start);
      checksum += hits.reduce((sum, h, rank) => sum + (h.ordinal + 1) * (rank + 1) + h.path.length, 0);
    }
    times.sort((a, b) => a - b);
    metrics[`${mode}Median`] = times[Math.floor(times.length / 2)];
    metrics[`${mode}P99`] = times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)];
  }
  return { checksum, metrics };
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'rag-query',
  title: 'RAG query latency over 100k chunks: vector, keyword and hybrid (median and p99)',
  size: { full: 200, quick: 20 },
  sizeUnit: 'queries per mode',
  repeat: { full: { warmup: 1, timed: 1 }, quick: { warmup: 1, timed: 1 } },
  gc: 'none',
  timeoutMs: 30 * 60_000,
  metrics: MODES.flatMap((mode) => [
    { metric: `${mode}-median`, unit: 'ms', source: `${mode}Median`, headline: mode === 'hybrid' ? 'ratio' : 'none' },
    { metric: `${mode}-p99`, unit: 'ms', source: `${mode}P99`, headline: 'none' },
  ]),
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'the store by hand: embedder.embed + store.searchVector, store.searchKeyword, both + reciprocalRankFusion',
      baseline: true,
      load: async () => {
        const rag = await import('@funcpipe/rag');
        const config = await cachedIndex(rag);
        const store = await rag.openSqliteStore({ path: config.index });
        const embedder = rag.createLocalEmbedder();
        const signal = new AbortController().signal;
        process.once('exit', () => void store[Symbol.asyncDispose]());
        const vector = async (text, k) => store.searchVector((await embedder.embed([text], signal))[0], k);
        return (size) =>
          measure(size, async (text, mode) => {
            if (mode === 'vector') return vector(text, K);
            if (mode === 'keyword') return store.searchKeyword(text, K);
            const [v, w] = await Promise.all([vector(text, K * 4), store.searchKeyword(text, K * 4)]);
            return rag.reciprocalRankFusion([v, w]).slice(0, K);
          });
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'query(config, text, { k: 5, mode, store, embedder }) (store and embedder opened once)',
      load: async () => {
        const rag = await import('@funcpipe/rag');
        const config = await cachedIndex(rag);
        const store = await rag.openSqliteStore({ path: config.index });
        const embedder = rag.createLocalEmbedder();
        process.once('exit', () => void store[Symbol.asyncDispose]());
        return (size) => measure(size, async (text, mode) => (await rag.query(config, text, { k: K, mode, store, embedder })).hits);
      },
    },
  ],
};
