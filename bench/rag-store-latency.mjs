// Index-store figures for issue 11, measured once (not a test, not a suite case): for SQLite
// (sqlite-vec + FTS5) and PostgreSQL (exact scan, full text), at each size, the commit throughput
// of building the index (documents of 20 chunks, one commitDocument each) and the latency of
// k=10 vector and keyword queries (median and p99), on the corpus of bench/lib/rag-store-corpus.mjs
// (384-dimension random unit vectors; 60-word texts drawn Zipf-like from 5,000 words, so keyword
// queries hit many chunks).
//
//   npm run build && node bench/rag-store-latency.mjs [--sizes 10000,100000] [--queries 50] [--store sqlite,postgres]
//
// PostgreSQL is a throwaway server started for the run (scripts/services.mjs), as the tests do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgresStore, openSqliteStore } from '@funcpipe/rag';
import { CHUNKS_PER_DOCUMENT, EMBEDDER, VOCABULARY, corpusDocuments, queryVectors } from './lib/rag-store-corpus.mjs';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,100000' }, queries: { type: 'string', default: '50' }, store: { type: 'string', default: 'sqlite,postgres' } },
});
const SIZES = values.sizes.split(',').map(Number);
const QUERIES = Number(values.queries);
const STORES = values.store.split(',');
const K = 10;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timeQueries(run) {
  const times = [];
  for (let q = 0; q < QUERIES; q++) {
    const start = performance.now();
    await run(q);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99) };
}

async function measure(kind, size, open) {
  const store = await open();
  try {
    await store.bindEmbedder(EMBEDDER);
    const started = performance.now();
    for (const { record, chunks } of corpusDocuments(size)) await store.commitDocument(record, chunks, []);
    const commitSeconds = (performance.now() - started) / 1000;
    const queries = queryVectors(QUERIES);
    await store.searchVector(queries[0], K); // warm-up (first-use statement preparation, page cache)
    const vector = await timeQueries((q) => store.searchVector(queries[q], K));
    const keyword = await timeQueries((q) => store.searchKeyword(`${VOCABULARY[q * 7]} ${VOCABULARY[q * 13 + 1]}`, K));
    const row = {
      store: kind,
      chunks: size,
      commitChunksPerSecond: Math.round(size / commitSeconds),
      commitDocumentsPerSecond: Math.round(size / CHUNKS_PER_DOCUMENT / commitSeconds),
      vectorMedianMs: +vector.median.toFixed(2),
      vectorP99Ms: +vector.p99.toFixed(2),
      keywordMedianMs: +keyword.median.toFixed(2),
      keywordP99Ms: +keyword.p99.toFixed(2),
    };
    console.log(JSON.stringify(row));
    return row;
  } finally {
    await store[Symbol.asyncDispose]();
  }
}

const rows = [];
const dir = mkdtempSync(join(tmpdir(), 'funcpipe-rag-store-bench-'));
let services;
try {
  for (const kind of STORES) {
    let url;
    if (kind === 'postgres') {
      const { startServices, PG_URL_VARIABLE } = await import('../scripts/services.mjs');
      services = await startServices();
      url = services.env[PG_URL_VARIABLE];
    }
    for (const size of SIZES) {
      const open = kind === 'sqlite' ? () => openSqliteStore({ path: join(dir, `index-${size}.db`) }) : () => openPostgresStore({ url, schema: `bench_${size}` });
      rows.push(await measure(kind, size, open));
    }
  }
} finally {
  services?.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log('\n| store | chunks x 384 | commit (chunks/s) | vector k=10 median / p99 (ms) | keyword k=10 median / p99 (ms) |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(`| ${r.store} | ${r.chunks.toLocaleString('en')} | ${r.commitChunksPerSecond.toLocaleString('en')} | ${r.vectorMedianMs} / ${r.vectorP99Ms} | ${r.keywordMedianMs} / ${r.keywordP99Ms} |`);
}
