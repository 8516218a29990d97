import type { Chunk } from '../../domain/chunk.js';

/**
 * Cuts `chunks` into consecutive ranges `[lo, hi)` of at most `maxTokens` tokens (by each chunk's
 * `tokens`) and `maxSize` chunks, greedily in order; a chunk above `maxTokens` is a range alone.
 */
export function planBatches(chunks: readonly Chunk[], maxTokens: number, maxSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  let lo = 0;
  let tokens = 0;
  for (let i = 0; i < chunks.length; i++) {
    const cost = chunks[i]!.tokens;
    if (i > lo && (tokens + cost > maxTokens || i - lo >= maxSize)) {
      ranges.push([lo, i]);
      lo = i;
      tokens = 0;
    }
    tokens += cost;
  }
  if (lo < chunks.length) ranges.push([lo, chunks.length]);
  return ranges;
}
