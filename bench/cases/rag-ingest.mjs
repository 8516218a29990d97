// Ingest of a generated Markdown corpus (100,000 chunks) into a new SQLite index with the local
// embedder, then a re-run over the unchanged corpus: FuncPipe's `ingest` against a hand-written
// loop over the same parts (parse, chunk, embed, commit each document through the same SQLite
// store, one file at a time, no manifest check, no cache, no accounting) and LangChain.js's
// `index()` with a SQLite record manager and a SQLite + sqlite-vec + FTS5 vector store, fed the
// same chunks (our parser and chunker: LangChain's own splitters would cut other chunks) and
// embedding with the same local embedder wrapped as a LangChain `Embeddings`.
import { readFile, stat } from 'node:fs/promises';
import { cachedCorpus, filesUnder, firstAndRerun, funcpipeIngest, ingestMetrics, ragConfig, scratch } from '../lib/rag-frame.mjs';
import { langchainParts } from '../lib/rag-langchain.mjs';

/** The corpus a run reads: `size` chunks' worth (cached between children). */
const corpusFor = (/** @type {number} */ size) => cachedCorpus(size);

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'rag-ingest',
  title: 'RAG ingest of 100k chunks (local embedder, SQLite) and its re-run over the unchanged corpus',
  size: { full: 100_000, quick: 5_000 },
  sizeUnit: 'chunks',
  repeat: { full: { warmup: 0, timed: 1 }, quick: { warmup: 0, timed: 1 } },
  gc: 'none',
  metrics: ingestMetrics,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'for each file: read, parseDocument, chunkDocument, embed (batches of 64), store.commitDocument; the re-run skips by the manifest',
      baseline: true,
      load: async () => {
        const rag = await import('@funcpipe/rag');
        const runs = scratch('rag-hand');
        const signal = new AbortController().signal;
        return async (size) => {
          const corpus = corpusFor(size);
          const config = await ragConfig(runs.next('index'));
          const files = filesUnder(corpus.dir);
          const store = await rag.openSqliteStore({ path: config.index });
          const embedder = rag.createLocalEmbedder();
          await store.bindEmbedder(embedder.info);
          const pass = async () => {
            let chunks = 0;
            let calls = 0;
            for (const path of files) {
              const info = await stat(path);
              const known = await store.document(path);
              if (known !== undefined && known.size === info.size && known.mtimeMs === info.mtimeMs) continue;
              const bytes = await readFile(path);
              const parsed = await rag.parseDocument('markdown', bytes);
              if (!parsed.ok) throw new Error(parsed.error.msg);
              const pieces = rag.chunkDocument(parsed.value, config.chunking);
              const vectors = [];
              for (let i = 0; i < pieces.length; i += 64) {
                vectors.push(...(await embedder.embed(pieces.slice(i, i + 64).map((c) => c.text), signal)));
                calls++;
              }
              const record = { path, root: corpus.dir, size: info.size, mtimeMs: info.mtimeMs, hash: rag.sha256Hex(bytes) };
              await store.commitDocument(record, pieces.map((c, i) => ({ ...c, vector: vectors[i] })), []);
              chunks += pieces.length;
            }
            return { chunks, calls };
          };
          try {
            return await firstAndRerun(pass, pass);
          } finally {
            await store[Symbol.asyncDispose]();
          }
        };
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'ingest(config, { roots: [corpus] }) (the defaults: concurrency 4, batches of 64, the embedding cache, SQLite + sqlite-vec + FTS5)',
      load: () => funcpipeIngest('rag-funcpipe'),
    },
    {
      name: 'langchain',
      column: 'langchain',
      label: "@langchain/core index({ docsSource, recordManager, vectorStore, options: { cleanup: 'incremental', sourceIdKey: 'source' } }), SQLite record manager and vector store",
      load: async () => {
        const parts = await langchainParts();
        const runs = scratch('rag-langchain');
        return async (size) => {
          const corpus = corpusFor(size);
          const config = await ragConfig(runs.next('index'));
          const indexing = parts.open(config);
          const pass = () => indexing.indexCorpus(filesUnder(corpus.dir));
          try {
            // Incremental cleanup runs after each batch of 100 documents (chunks), over the sources of that batch: a
            // file whose chunks straddle two batches loses the not yet refreshed ones, which the next batch re-embeds.
            return await firstAndRerun(pass, pass, { rerunWritesNothing: false });
          } finally {
            indexing.close();
          }
        };
      },
    },
  ],
};
