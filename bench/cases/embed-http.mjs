// Embedding over HTTP: `funcpipe rag serve-embeddings` (the local embedder) in its own process.
// The baseline is the server's own maximum: raw undici requests of 64 inputs, 8 in flight, no
// injected latency. Then the resilient embedding stage over createHttpEmbedder, with 5 ms of
// injected latency per request, at 1, 4 and 16 calls in flight (as many connections), and with no
// latency at 8 (what the client path costs against the baseline; also with base64 answers). The checksum is the number of
// 384-dimensional vectors received.
import { benchChunks, embeddingsServer } from '../lib/embed-server.mjs';

const BATCH = 64;
const DIMENSION = 384;

/**
 * The embedding stage over the HTTP embedder at `concurrency` calls in flight, against a server with `latencyMs`.
 * @param {number} concurrency
 * @param {number} latencyMs
 * @param {string} [encoding]
 * @returns {import('../lib/case.mjs').Subject}
 */
function stageSubject(concurrency, latencyMs, encoding = 'float') {
  return {
    name: `stage-c${concurrency}-${latencyMs}ms${encoding === 'float' ? '' : `-${encoding}`}`,
    column: 'funcpipe',
    tag: `${concurrency} in flight, ${latencyMs} ms${encoding === 'float' ? '' : `, ${encoding}`}`,
    label: `createEmbeddingStage(createHttpEmbedder({ connections: ${concurrency}, encoding: '${encoding}' }), { concurrency: ${concurrency}, maxBatchSize: ${BATCH} }); server latency ${latencyMs} ms`,
    ...(latencyMs > 0 || encoding !== 'float' ? { informative: /** @type {const} */ (true) } : {}),
    load: async () => {
      const { createEmbeddingStage, createHttpEmbedder } = await import('@funcpipe/rag');
      const origin = await embeddingsServer({ latencyMs });
      const embedder = await createHttpEmbedder({ baseUrl: origin, model: 'funcpipe-local-v1', connections: concurrency, encoding: /** @type {'float' | 'base64'} */ (encoding) }, { env: {} });
      const stage = createEmbeddingStage(embedder, { concurrency, maxBatchSize: BATCH, maxBatchTokens: 1_000_000 });
      /** @type {Map<number, ReturnType<typeof benchChunks>>} */
      const inputs = new Map();
      return async (n) => {
        const chunks = inputs.get(n) ?? benchChunks(n);
        inputs.set(n, chunks);
        const start = performance.now();
        const results = await stage.embed(chunks, new AbortController().signal);
        const seconds = (performance.now() - start) / 1_000;
        let vectors = 0;
        for (const r of results) if (r.ok && r.value.length === DIMENSION) vectors++;
        return { checksum: vectors, metrics: { 'inputs-per-s': n / seconds } };
      };
    },
  };
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'embed-http',
  title: `embedding over HTTP through serve-embeddings (batches of ${BATCH}, ~800-character chunks, ${DIMENSION} dimensions)`,
  size: { full: 10_000, quick: 2_000 },
  sizeUnit: 'inputs',
  repeat: { full: { warmup: 1, timed: 3 }, quick: { warmup: 1, timed: 1 } },
  gc: 'none',
  metrics: [
    { metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' },
    { metric: 'inputs-per-s', unit: 'inputs/s', source: 'inputs-per-s', headline: 'none' },
  ],
  subjects: [
    {
      name: 'server-max',
      column: 'hand-written',
      label: `undici Pool.request, 8 connections, 8 requests of ${BATCH} inputs in flight, no latency: the server's own maximum`,
      baseline: true,
      load: async () => {
        const { Pool } = await import('undici');
        const origin = await embeddingsServer({});
        const pool = new Pool(origin, { connections: 8, pipelining: 1 });
        /** @type {Map<number, string[]>} */
        const bodies = new Map();
        return async (n) => {
          let requests = bodies.get(n);
          if (requests === undefined) {
            const texts = benchChunks(n).map((c) => c.text);
            requests = [];
            for (let i = 0; i < n; i += BATCH) requests.push(JSON.stringify({ model: 'funcpipe-local-v1', input: texts.slice(i, i + BATCH) }));
            bodies.set(n, requests);
          }
          const start = performance.now();
          let next = 0;
          let vectors = 0;
          const worker = async () => {
            while (next < requests.length) {
              const body = requests[next++];
              const { statusCode, body: answer } = await pool.request({ method: 'POST', path: '/v1/embeddings', headers: { 'content-type': 'application/json' }, body });
              const json = /** @type {{ data: { embedding: number[] }[] }} */ (await answer.json());
              if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
              for (const d of json.data) if (d.embedding.length === DIMENSION) vectors++;
            }
          };
          await Promise.all(Array.from({ length: 8 }, worker));
          const seconds = (performance.now() - start) / 1_000;
          return { checksum: vectors, metrics: { 'inputs-per-s': n / seconds } };
        };
      },
    },
    stageSubject(8, 0),
    stageSubject(8, 0, 'base64'),
    stageSubject(1, 5),
    stageSubject(4, 5),
    stageSubject(16, 5),
  ],
};
