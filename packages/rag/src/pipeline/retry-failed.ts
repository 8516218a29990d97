// `retryFailed`: the chunks recorded as failed, embedded again; those that succeed join their documents.
import type { ResolvedConfig } from '../config/load-config.js';
import type { Chunk } from '../domain/chunk.js';
import type { Embedder } from '../embed/embedder.js';
import type { FailedChunk, IndexStore, StoredChunk } from '../store/index-store.js';
import { EmbedderBinding } from './embedder-binding.js';
import { embeddingStageFor, stopReasonOf } from './embedding.js';
import type { IngestEvent } from './ingest-event.js';
import { IngestTally, type IngestStopReason } from './ingest-summary.js';
import { openParts } from './open-parts.js';

/** Options of {@link retryFailed}. */
export interface RetryFailedOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: IngestEvent) => void;
  /** Use this store instead of opening `config.index` (left open). */
  readonly store?: IndexStore;
  /** Use this embedder instead of the configured one (left open). */
  readonly embedder?: Embedder;
}

/** What {@link retryFailed} did. */
export interface RetryFailedSummary {
  readonly index: string;
  /** Failed chunks found. */
  readonly retried: number;
  /** Chunks that now have vectors and joined their documents. */
  readonly resolved: number;
  /** Chunks still failing (their records kept). */
  readonly stillFailing: number;
  readonly embedding: { readonly calls: number; readonly retries: number };
  readonly stopped?: { readonly reason: IngestStopReason; readonly message: string };
  readonly durationMs: number;
}

/**
 * Embeds the failed chunks of the index again, one document at a time, through the same
 * resilient stage as `ingest` (retries, splits, breaker); each document's chunks that succeed
 * are added to it and their failure records removed in one transaction. Chunks that fail again
 * keep their records. Stops like `ingest` on a quota, a refused key, a tripped breaker or the
 * signal, and says so in the summary.
 *
 * @example
 * ```ts
 * const { resolved, stillFailing } = await retryFailed(config);
 * ```
 */
export async function retryFailed(config: ResolvedConfig, options: RetryFailedOptions = {}): Promise<RetryFailedSummary> {
  await using parts = await openParts(config, { ...options, existingIndex: true });
  const { store, embedder } = parts;
  const tally = new IngestTally([], store.location);
  const emit = options.onEvent ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const failed = await store.failedChunks();
  const binding = new EmbedderBinding(store, embedder);
  // A mismatch is refused before any call, when the embedder knows its identity.
  if (failed.length > 0) await binding.beforeCache();
  const embed = embeddingStageFor(embedder, config, tally, emit);
  let resolved = 0;
  let stopped: RetryFailedSummary['stopped'];
  try {
    for (const [path, chunks] of byPath(failed)) {
      signal.throwIfAborted();
      const results = await embed(chunks.map(asChunk), signal);
      const done: StoredChunk[] = [];
      results.forEach((result, i) => {
        if (result.ok) done.push({ ...asChunk(chunks[i] as FailedChunk), vector: result.value });
      });
      if (done.length > 0) {
        await binding.beforeCommit(signal);
        await store.resolveFailures(path, done);
      }
      resolved += done.length;
    }
  } catch (error) {
    const reason = stopReasonOf(error) ?? (signal.aborted ? 'interrupted' : undefined);
    if (reason === undefined) throw error;
    stopped = { reason, message: error instanceof Error ? error.message : String(error) };
  }
  const { embedding, durationMs } = tally.summary();
  return {
    index: store.location,
    retried: failed.length,
    resolved,
    stillFailing: failed.length - resolved,
    embedding: { calls: embedding.calls, retries: embedding.retries },
    ...(stopped === undefined ? {} : { stopped }),
    durationMs,
  };
}

function byPath(failed: readonly FailedChunk[]): Map<string, FailedChunk[]> {
  const groups = new Map<string, FailedChunk[]>();
  for (const chunk of failed) {
    const group = groups.get(chunk.path);
    if (group === undefined) groups.set(chunk.path, [chunk]);
    else group.push(chunk);
  }
  return groups;
}

function asChunk({ ordinal, text, headingTrail, start, end, textHash, tokens }: FailedChunk): Chunk {
  return { ordinal, text, headingTrail, start, end, textHash, tokens };
}
