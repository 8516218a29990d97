// Fixtures of the embed and server tests: the local embedder with a call counter, a chunk maker,
// and a wait for a condition on the server's counters.
import { createHash } from 'node:crypto';
import type { Chunk } from '../../src/domain/chunk.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { createLocalEmbedder, embedText } from '../../src/embed/local-embedder.js';

/** The local embedder of `dimension`, counting its calls. */
export function localEmbedder(dimension = 8): Embedder & { calls: number } {
  const inner = createLocalEmbedder({ dimension });
  const embedder = {
    calls: 0,
    info: inner.info,
    embed(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]> {
      embedder.calls++;
      return inner.embed(texts, signal);
    },
    [Symbol.asyncDispose]: async (): Promise<void> => inner[Symbol.asyncDispose](),
  };
  return embedder;
}

/** The vector the local embedder makes for `text`. */
export function vectorOf(text: string, dimension: number): Float32Array {
  return embedText(text, dimension);
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
