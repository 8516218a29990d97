// The embedding step of a run: the chunks of one document to vectors, through the embedder,
// counted in the run's tally and reported as events.
import { ok, type ErrInfo, type Result } from 'funcpipe';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Chunk } from '../domain/chunk.js';
import { EmbedError, type Embedder } from '../embed/embedder.js';
import type { EmbedChunks } from './index-document.js';
import type { IngestEvent } from './ingest-event.js';
import type { IngestTally, IngestStopReason } from './ingest-summary.js';

const BATCH = 64;

/** The embedding step for one run of `config`, counting calls in `tally`. */
export function embeddingStageFor(embedder: Embedder, _config: ResolvedConfig, tally: IngestTally, emit: (event: IngestEvent) => void): EmbedChunks {
  return async (chunks: readonly Chunk[], signal: AbortSignal): Promise<Result<Float32Array, ErrInfo>[]> => {
    const out: Result<Float32Array, ErrInfo>[] = [];
    for (let i = 0; i < chunks.length; i += BATCH) {
      const texts = chunks.slice(i, i + BATCH).map((c) => c.text);
      tally.calls++;
      const vectors = await embedder.embed(texts, signal);
      tally.embedded += vectors.length;
      emit({ type: 'embed-call', inputs: texts.length, outcome: 'ok' });
      for (const vector of vectors) out.push(ok(vector));
    }
    return out;
  };
}

/** The stop reason an error of the embedding step means, if it stops the run. */
export function stopReasonOf(error: unknown): IngestStopReason | undefined {
  if (!(error instanceof EmbedError)) return undefined;
  return error.info.code === 'EMBED_QUOTA' ? 'quota' : error.info.code === 'EMBED_AUTH' ? 'auth' : undefined;
}
