// Vector similarity for exact search and for tests: dot product and cosine.

/**
 * The dot product of two vectors of the same length (for L2-normalised vectors, their cosine).
 * @throws RangeError when the lengths differ.
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`dot: the vectors differ in length (${a.length} and ${b.length})`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Cosine similarity in [-1, 1]; 0 when either vector is all zeros.
 * @throws RangeError when the lengths differ.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ab = dot(a, b);
  const norms = Math.sqrt(dot(a, a) * dot(b, b));
  return norms === 0 ? 0 : ab / norms;
}
