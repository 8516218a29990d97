// What both stores agree on when they rank: the order of hits and the words of a keyword query.
/** What hits are ordered by. */
export interface Ranked {
  readonly score: number;
  readonly path: string;
  readonly ordinal: number;
}

/** Compares two strings by code point (the order of SQLite's BINARY and PostgreSQL's "C" collation). */
export function compareCodePoints(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

/** Hit order: higher score first, then path, then ordinal (so equal scores rank the same on both stores). */
export function compareHits(a: Ranked, b: Ranked): number {
  return b.score - a.score || compareCodePoints(a.path, b.path) || a.ordinal - b.ordinal;
}

/** At most this many distinct words of a keyword query are searched for. */
const MAX_TERMS = 64;

/**
 * The words of a keyword query: runs of letters and digits, lower-cased, each once, in order of
 * first appearance. A chunk matches when it holds any of them (OR), ranked by how well it matches
 * (BM25 on SQLite, cover density on PostgreSQL). Punctuation and query operators are not syntax:
 * `"C++ -O2"` searches for `c` and `o2`.
 */
export function keywordTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}
