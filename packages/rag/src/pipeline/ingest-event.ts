// The events an ingest run reports as it goes (for progress, `--events` and library callers).
import type { EmbeddingEvent } from '../embed/embedding-stage.js';
import type { IngestStopReason } from './ingest-summary.js';

/** One file reached its outcome. */
export interface DocumentEvent {
  readonly type: 'document';
  readonly path: string;
  readonly outcome: 'indexed' | 'skipped' | 'failed';
  /** Chunks committed with vectors (indexed files). */
  readonly chunks: number;
  /** Chunks recorded as failed (indexed files). */
  readonly failedChunks: number;
  /** Chunks whose vector came from the cache (indexed files). */
  readonly cacheHits: number;
  /** Why it failed (failed files). */
  readonly code?: string;
  readonly reason?: string;
}

/** Documents under a scanned root that were not seen, removed after a complete scan. */
export interface PruneEvent {
  readonly type: 'prune';
  readonly root: string;
  readonly removed: number;
}

/** What the embedding stage reported: a call, a retry, a split, a rejected chunk, a throttle wait, a stop. */
export interface EmbeddingStageEvent {
  readonly type: 'embedding';
  readonly event: EmbeddingEvent;
}

/** The run stopped before the end of its scan. */
export interface StopEvent {
  readonly type: 'stopped';
  readonly reason: IngestStopReason;
  readonly message: string;
}

/** Everything {@link IngestEvent} can be. */
export type IngestEvent = DocumentEvent | PruneEvent | EmbeddingStageEvent | StopEvent;
