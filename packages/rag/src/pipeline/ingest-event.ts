// The events an ingest run reports as it goes (for progress, `--events` and library callers).
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

/** An embedding request ended (successfully or not), or was retried. */
export interface EmbedCallEvent {
  readonly type: 'embed-call';
  /** Texts in the request. */
  readonly inputs: number;
  readonly outcome: 'ok' | 'retry' | 'failed';
  readonly code?: string;
}

/** The run stopped before the end of its scan. */
export interface StopEvent {
  readonly type: 'stopped';
  readonly reason: IngestStopReason;
  readonly message: string;
}

/** Everything {@link IngestEvent} can be. */
export type IngestEvent = DocumentEvent | PruneEvent | EmbedCallEvent | StopEvent;
