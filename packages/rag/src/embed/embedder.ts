// The contract every embedder meets (the local one, the OpenAI-compatible HTTP one).
import type { ErrInfo } from 'funcpipe';

/** What identifies the vectors an embedder makes; recorded in the index and checked on query. */
export interface EmbedderInfo {
  /** Model name, such as `funcpipe-local-v1` or `text-embedding-3-small`. */
  readonly model: string;
  /** Vector length. */
  readonly dimension: number;
  /** Whether vectors are L2-normalised (so cosine similarity is a dot product). */
  readonly normalized: boolean;
}

/**
 * Turns texts into vectors, a batch at a time, over whatever resource it holds (nothing, or one
 * keep-alive connection pool). Dispose it to release that resource.
 */
export interface Embedder extends AsyncDisposable {
  readonly info: EmbedderInfo;
  /**
   * Embeds one batch: one vector per text, in order. Rejects with an {@link EmbedError} for a
   * failure the service reported, or with `signal.reason` when `signal` aborts.
   */
  embed(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]>;
}

/**
 * A failed embedding call, with an `ErrInfo` whose `code` says what to do about it:
 * `HTTP_429` / `HTTP_503` / `HTTP_5xx` / `HTTP_NETWORK` / `HTTP_TIMEOUT` (transient, retried),
 * `EMBED_QUOTA` (quota exhausted: stop with a checkpoint), `EMBED_REJECTED` (400/413/422: the
 * batch holds a bad input), `EMBED_AUTH` (401/403: wrong API key), `EMBED_PROTOCOL` (a malformed answer).
 */
export class EmbedError extends Error {
  override readonly name = 'EmbedError';
  constructor(readonly info: ErrInfo) {
    super(info.msg);
  }
}
