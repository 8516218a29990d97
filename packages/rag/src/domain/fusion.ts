// Reciprocal rank fusion: merges rankings from different retrievers (vector, keyword) by rank
// alone, so scores on different scales never have to be compared.

/** What fusion needs of a hit: the chunk it names (document path and chunk ordinal). */
export interface SearchHitLike {
  readonly path: string;
  readonly ordinal: number;
}

/**
 * Fuses rankings (each best first) with reciprocal rank fusion: a chunk's score is the sum over
 * the rankings it appears in of `1 / (k + rank)`, rank counted from 1 (a repeat within one
 * ranking counts once, at its best rank). The result holds every chunk once, best first, each as
 * its first appearance (in the order the rankings are given) with `score` set to the fused score;
 * ties are broken by path, then ordinal, so the order never depends on the order of the
 * rankings. `k` (default 60, as in Cormack et al. 2009) damps the weight of the top ranks.
 *
 * @example
 * ```ts
 * const a = { path: 'a.md', ordinal: 0 }, b = { path: 'b.md', ordinal: 0 };
 * reciprocalRankFusion([[a, b], [b]]).map((h) => h.path); // ['b.md', 'a.md']
 * ```
 */
export function reciprocalRankFusion<T extends SearchHitLike>(rankings: readonly (readonly T[])[], k = 60): (T & { readonly score: number })[] {
  if (!Array.isArray(rankings)) throw new TypeError('reciprocalRankFusion: expected `rankings` to be an array of arrays of hits');
  if (typeof k !== 'number' || !Number.isFinite(k) || k < 0) throw new RangeError(`reciprocalRankFusion: expected \`k\` to be a finite number >= 0, got ${String(k)}`);
  const fused = new Map<string, { hit: T; ranks: number[] }>();
  for (const ranking of rankings as readonly (readonly T[])[]) {
    const seen = new Set<string>();
    for (let index = 0; index < ranking.length; index++) {
      const hit = ranking[index]!;
      const key = `${hit.path}\u0000${hit.ordinal}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = fused.get(key);
      if (entry === undefined) fused.set(key, { hit, ranks: [index + 1] });
      else entry.ranks.push(index + 1);
    }
  }
  const scored = [...fused.values()].map(({ hit, ranks }) => {
    // Summed in rank order, so the float result does not depend on the order of the rankings.
    ranks.sort((x, y) => x - y);
    let score = 0;
    for (const rank of ranks) score += 1 / (k + rank);
    return { ...hit, score };
  });
  return scored.sort((x, y) => y.score - x.score || compareStrings(x.path, y.path) || x.ordinal - y.ordinal);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
