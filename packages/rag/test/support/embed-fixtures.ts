// Fixtures of the embed and server tests: a small deterministic Embedder (vectors from a hash of
// the text), a chunk maker, and a wait for a condition on the server's counters.
import { createHash } from 'node:crypto';
import type { Chunk } from '../../src/domain/chunk.js';
import type { Embedder } from '../../src/embed/embedder.js';

/** A deterministic Embedder of `dimension` (each vector derived from the SHA-256 of its text, L2-normalised). */
export function hashEmbedder(dimension = 8): Embedder & { calls: number } {
  const embedder = {
    calls: 0,
    info: { model: 'test-hash-v1', dimension, normalized: true },
    async embed(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]> {
      if (signal.aborted) throw signal.reason;
      embedder.calls++;
      return texts.map((text) => vectorOf(text, dimension));
    },
    async [Symbol.asyncDispose](): Promise<void> {},
  };
  return embedder;
}

/** The vector {@link hashEmbedder} makes for `text`. */
export function vectorOf(text: string, dimension: number): Float32Array {
  const digest = createHash('sha256').update(text).digest();
  const vector = new Float32Array(dimension);
  let sum = 0;
  for (let i = 0; i < dimension; i++) {
    vector[i] = digest[i % digest.length]! - 127.5;
    sum += vector[i]! * vector[i]!;
  }
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < dimension; i++) vector[i] = vector[i]! * scale;
  return vector;
}

/** Chunks of one document with the given texts (tokens: one per 4 characters, at least 1). */
export function chunksOf(texts: readonly string[]): Chunk[] {
  let offset = 0;
  return texts.map((text, ordinal) => {
    const start = offset;
    offset += text.length + 1;
    return { ordinal, text, headingTrail: [], start, end: start + text.length, textHash: createHash('sha256').update(text).digest('hex'), tokens: Math.max(1, Math.ceil(text.length / 4)) };
  });
}

/** Resolves once `condition()` holds (checked every few ms), or rejects after `timeoutMs`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
