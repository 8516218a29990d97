// k=10 exact vector queries over 10,000 chunks x 384 dimensions: the two @funcpipe/rag index
// stores (SQLite with sqlite-vec's vec0 scan; PostgreSQL streaming bytea vectors through a
// cursor into a top-k heap) against a hand-written scan over one in-memory Float32Array, the
// floor of exact search. Each child builds its index in `load`, untimed (SQLite: a temp file;
// PostgreSQL: a throwaway server, as the tests start). Checksum: the hits' chunk numbers
// weighted by rank, so every subject must return the same hits in the same order.
import { DIMENSION, EMBEDDER, chunkNumber, corpusDocuments, queryVectors } from '../lib/rag-store-corpus.mjs';

const CHUNKS = 10_000;
const K = 10;

/** The checksum of one query's hits (chunk numbers, best first). */
const hitSum = (numbers) => numbers.reduce((sum, n, rank) => sum + n * (rank + 1), 0);

/** A store filled with the corpus; disposed at exit. */
async function filledStore(open) {
  const store = await open();
  await store.bindEmbedder(EMBEDDER);
  for (const { record, chunks } of corpusDocuments(CHUNKS)) await store.commitDocument(record, chunks, []);
  return store;
}

/** The run function of a store subject: `size` queries, the checksum of their hits. */
function storeRun(store) {
  return async (size) => {
    let sum = 0;
    for (const query of queryVectors(size)) {
      const hits = await store.searchVector(query, K);
      sum += hitSum(hits.map((h) => chunkNumber(h.path, h.ordinal)));
    }
    return sum;
  };
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'rag-store-query',
  title: 'k=10 exact vector queries over 10,000 chunks x 384: the SQLite and PostgreSQL index stores vs an in-memory scan',
  size: { full: 50, quick: 10 },
  sizeUnit: 'queries',
  repeat: { full: { warmup: 1, timed: 3 }, quick: { warmup: 1, timed: 1 } },
  gc: 'none',
  metrics: [{ metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' }],
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'one Float32Array of every vector in memory; dot products (unit vectors) into a sorted top-10',
      baseline: true,
      load: async () => {
        const matrix = new Float32Array(CHUNKS * DIMENSION);
        let row = 0;
        for (const { chunks } of corpusDocuments(CHUNKS)) for (const chunk of chunks) matrix.set(chunk.vector, DIMENSION * row++);
        return async (size) => {
          let sum = 0;
          for (const query of queryVectors(size)) {
            const top = []; // [score, number], best first
            for (let n = 0; n < CHUNKS; n++) {
              let dot = 0;
              for (let i = 0, base = n * DIMENSION; i < DIMENSION; i++) dot += query[i] * matrix[base + i];
              if (top.length < K || dot > top[top.length - 1][0]) {
                let at = top.length;
                while (at > 0 && top[at - 1][0] < dot) at--;
                top.splice(at, 0, [dot, n]);
                if (top.length > K) top.pop();
              }
            }
            sum += hitSum(top.map(([, n]) => n));
          }
          return sum;
        };
      },
    },
    {
      name: 'funcpipe-sqlite',
      column: 'funcpipe',
      tag: 'sqlite',
      label: 'openSqliteStore: searchVector (sqlite-vec vec0, cosine)',
      load: async () => {
        const { mkdtempSync, rmSync } = await import('node:fs');
        const { tmpdir } = await import('node:os');
        const { join } = await import('node:path');
        const { openSqliteStore } = await import('@funcpipe/rag');
        const dir = mkdtempSync(join(tmpdir(), 'funcpipe-bench-rag-store-'));
        process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
        return storeRun(await filledStore(() => openSqliteStore({ path: join(dir, 'index.db') })));
      },
    },
    {
      name: 'funcpipe-postgres',
      column: 'funcpipe',
      tag: 'postgres',
      label: 'openPostgresStore: searchVector (bytea scan through a cursor into a top-k heap)',
      load: async () => {
        const { startServices, PG_URL_VARIABLE } = await import('../../scripts/services.mjs');
        const { openPostgresStore } = await import('@funcpipe/rag');
        const services = await startServices();
        return storeRun(await filledStore(() => openPostgresStore({ url: services.env[PG_URL_VARIABLE] })));
      },
    },
  ],
};

