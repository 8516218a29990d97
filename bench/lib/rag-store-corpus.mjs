// The synthetic index of the rag-store benchmarks (bench/rag-store-latency.mjs and the
// rag-store-query case): documents of 20 chunks, each a 60-word text drawn Zipf-like from a
// 5,000-word vocabulary and a random 384-dimension unit vector, all from a seeded PRNG, so every
// run and every subject indexes the same corpus and asks the same queries.

export const DIMENSION = 384;
export const CHUNKS_PER_DOCUMENT = 20;
export const EMBEDDER = { model: 'bench-random', dimension: DIMENSION, normalized: true };

/** A seeded PRNG (mulberry32): numbers in [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const VOCABULARY = Array.from({ length: 5_000 }, (_, i) => `w${i.toString(36)}`);

/** A random unit vector. */
export function unitVector(next) {
  const v = new Float32Array(DIMENSION);
  let sum = 0;
  for (let i = 0; i < DIMENSION; i++) {
    v[i] = next() - 0.5;
    sum += v[i] * v[i];
  }
  const n = Math.sqrt(sum);
  for (let i = 0; i < DIMENSION; i++) v[i] /= n;
  return v;
}

function text(next) {
  const words = [];
  for (let w = 0; w < 60; w++) words.push(VOCABULARY[Math.floor(VOCABULARY.length * next() ** 2)]);
  return words.join(' ');
}

/** The documents of a corpus of `chunks` chunks, one at a time: `{ record, chunks }` for commitDocument. */
export function* corpusDocuments(chunks, seed = chunks) {
  const next = random(seed);
  for (let d = 0; d < chunks / CHUNKS_PER_DOCUMENT; d++) {
    const stored = Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, ordinal) => {
      const t = text(next);
      return { ordinal, text: t, headingTrail: ['Doc', `Section ${ordinal}`], start: ordinal * 400, end: ordinal * 400 + t.length, textHash: `${d}-${ordinal}`, tokens: 60, vector: unitVector(next) };
    });
    yield { record: { path: documentPath(d), root: '/corpus', size: 8_000, mtimeMs: 0, hash: `h${d}` }, chunks: stored };
  }
}

/** The path of document `d`. */
export function documentPath(d) {
  return `/corpus/doc-${d}.md`;
}

/** The chunk's number in the corpus (document x 20 + ordinal), from a hit's path and ordinal. */
export function chunkNumber(path, ordinal) {
  return Number(path.slice('/corpus/doc-'.length, -'.md'.length)) * CHUNKS_PER_DOCUMENT + ordinal;
}

/** `count` query vectors, the same for every subject. */
export function queryVectors(count) {
  const next = random(7_777);
  return Array.from({ length: count }, () => unitVector(next));
}
