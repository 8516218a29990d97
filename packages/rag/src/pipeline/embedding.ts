// The embedding step of a run: rag-embed's resilient stage over the run's embedder, its events
// counted in the run's tally and passed on.
import type { ResolvedConfig } from '../config/load-config.js';
import type { Embedder } from '../embed/embedder.js';
import { createEmbeddingStage } from '../embed/embedding-stage.js';
import { EmbeddingStopped } from '../embed/embedding-stopped.js';
import type { EmbedChunks } from './index-document.js';
import type { IngestEvent } from './ingest-event.js';
import type { IngestTally, IngestStopReason } from './ingest-summary.js';

/**
 * The embedding stage for one run of `config` (its `policies`: batches, retry, rate limits,
 * breaker), shared by every document of the run; calls and retries are counted in `tally`.
 */
export function embeddingStageFor(embedder: Embedder, config: ResolvedConfig, tally: IngestTally, emit: (event: IngestEvent) => void): EmbedChunks {
  const stage = createEmbeddingStage(embedder, config.policies, {
    onEvent: (event) => {
      if (event.type === 'call') {
        tally.calls++;
        if (event.outcome === 'ok') tally.embedded += event.inputs;
      } else if (event.type === 'retry') tally.retries++;
      emit({ type: 'embedding', event });
    },
  });
  return (chunks, signal) => stage.embed(chunks, signal);
}

/** The stop reason an error of the embedding step means, when it stops the run (a quota, a refused key, a tripped breaker). */
export function stopReasonOf(error: unknown): IngestStopReason | undefined {
  return error instanceof EmbeddingStopped ? error.reason : undefined;
}
