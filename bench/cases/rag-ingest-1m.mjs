// The ingest of rag-ingest at ten times its size (1,000,000 chunks, about 800 MB of Markdown):
// FuncPipe's `ingest` alone, for its peak RSS against the 100,000-chunk run (memory must not
// grow with the corpus: within 1.2x), its throughput and its re-run.
import { funcpipeIngest, ingestMetrics } from '../lib/rag-frame.mjs';

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'rag-ingest-1m',
  title: 'RAG ingest of 1M chunks (10x rag-ingest): peak RSS, throughput and re-run',
  size: { full: 1_000_000, quick: 50_000 },
  sizeUnit: 'chunks',
  repeat: { full: { warmup: 0, timed: 1 }, quick: { warmup: 0, timed: 1 } },
  gc: 'none',
  timeoutMs: 40 * 60_000,
  maxRounds: 1,
  metrics: ingestMetrics,
  subjects: [
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'ingest(config, { roots: [corpus] }) (the defaults), as in rag-ingest',
      baseline: true,
      load: () => funcpipeIngest('rag-1m'),
    },
  ],
};
