// The built-in embedder: no network, no model weights. Feature hashing of word unigrams and
// bigrams and of character 3- to 5-grams (fastText-style, with word boundary marks) into a
// fixed number of buckets, with a hashed sign so collisions cancel out on average; the vector is
// L2-normalised. Texts sharing words or word pieces get similar vectors; deterministic across
// runs and machines.
import type { Embedder, EmbedderInfo } from './embedder.js';

/** Options of {@link createLocalEmbedder}. */
export interface LocalEmbedderOptions {
  /** Vector length: an integer from 1 to 8192 (sqlite-vec's limit). Default 384. */
  readonly dimension?: number;
}

/** The model name the local embedder records in an index. */
export const LOCAL_EMBEDDER_MODEL = 'funcpipe-local-v1';

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.7;
const CHAR_GRAM_WEIGHT = 0.4;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** A different basis for character n-grams, so a 3-letter word and its 3-gram do not share a bucket. */
const GRAM_OFFSET = 0x9e3779b9;
const BOUNDARY_START = 0x3c; // '<'
const BOUNDARY_END = 0x3e; // '>'

/**
 * Creates the deterministic local embedder (`funcpipe-local-v1`): for each text, lower-cased,
 * words are runs of letters, digits, marks and `_` (any script); each word, each pair of
 * neighbouring words, and each character 3-, 4- and 5-gram of `<word>` adds a signed weight to
 * the bucket its hash picks; the vector is then L2-normalised (a text without any word maps to
 * a fixed unit vector). It holds no resource: disposing it does nothing. `embed` rejects with
 * `signal.reason` when the signal is aborted.
 *
 * @example
 * ```ts
 * await using embedder = createLocalEmbedder({ dimension: 256 });
 * const [a, b] = await embedder.embed(['streaming pipelines', 'a streaming pipeline'], AbortSignal.timeout(1000));
 * ```
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  if (typeof options !== 'object' || options === null) throw new TypeError('createLocalEmbedder: expected `options` to be an object');
  for (const key of Object.keys(options)) {
    if (key !== 'dimension') throw new TypeError(`createLocalEmbedder: unknown option \`${key}\` (expected dimension)`);
  }
  const dimension = options.dimension ?? 384;
  if (typeof dimension !== 'number' || !Number.isInteger(dimension)) {
    throw new TypeError(`createLocalEmbedder: expected \`options.dimension\` to be an integer, got ${typeof dimension} ${String(dimension)}`);
  }
  if (dimension < 1 || dimension > 8192) throw new RangeError(`createLocalEmbedder: expected \`options.dimension\` to be from 1 to 8192, got ${dimension}`);
  const info: EmbedderInfo = Object.freeze({ model: LOCAL_EMBEDDER_MODEL, dimension, normalized: true });
  return {
    info,
    embed(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]> {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (!Array.isArray(texts)) return Promise.reject(new TypeError('embed: expected `texts` to be an array of strings'));
      const vectors: Float32Array[] = [];
      for (const text of texts) {
        if (typeof text !== 'string') return Promise.reject(new TypeError(`embed: expected every text to be a string, got ${typeof text}`));
        vectors.push(embedText(text, dimension));
      }
      return Promise.resolve(vectors);
    },
    async [Symbol.asyncDispose]() {},
  };
}

/** The local embedding of one text into a fresh vector of `dimension` floats. */
export function embedText(text: string, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  const lower = text.toLowerCase();
  const n = lower.length;
  let previous = 0;
  let hasPrevious = false;
  let i = 0;
  while (i < n) {
    if (!isWordChar(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let h = FNV_OFFSET;
    while (i < n && isWordChar(lower.charCodeAt(i))) {
      h = Math.imul(h ^ lower.charCodeAt(i), FNV_PRIME);
      i++;
    }
    add(vector, h, WORD_WEIGHT);
    if (hasPrevious) add(vector, Math.imul(previous ^ 0x5bd1e995, 31) ^ h, BIGRAM_WEIGHT);
    previous = h;
    hasPrevious = true;
    addCharGrams(vector, lower, start, i);
  }
  if (!hasPrevious) vector[0] = 1;
  normalise(vector);
  return vector;
}

/** Adds the 3- to 5-grams of `<word>` for `text[start, end)`, hashing each start position's grams incrementally. */
function addCharGrams(vector: Float32Array, text: string, start: number, end: number): void {
  const last = end - start; // virtual positions: -1 is '<', 0..last-1 the word, last is '>'
  for (let q = -1; q <= last - 2; q++) {
    let h = GRAM_OFFSET;
    for (let k = 0; k < 5 && q + k <= last; k++) {
      const p = q + k;
      const code = p < 0 ? BOUNDARY_START : p === last ? BOUNDARY_END : text.charCodeAt(start + p);
      h = Math.imul(h ^ code, FNV_PRIME);
      if (k >= 2) add(vector, h, CHAR_GRAM_WEIGHT);
    }
  }
}

function add(vector: Float32Array, hash: number, weight: number): void {
  // murmur3's finaliser spreads the FNV bits before the bucket and the sign are taken.
  let g = hash ^ (hash >>> 16);
  g = Math.imul(g, 0x85ebca6b);
  g ^= g >>> 13;
  g = Math.imul(g, 0xc2b2ae35);
  g ^= g >>> 16;
  const bucket = (g >>> 0) % vector.length;
  vector[bucket]! += g < 0 ? -weight : weight;
}

function normalise(vector: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  if (sum === 0) {
    vector.fill(0);
    vector[0] = 1;
    return;
  }
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
}

/** Letters, digits, marks and `_` of any script; ASCII and Latin-1 punctuation, general and CJK punctuation are not. */
function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false; // punctuation, symbols, arrows, box drawing
  if (c >= 0x3000 && c <= 0x303f) return false; // CJK punctuation
  if (c >= 0xfe30 && c <= 0xfe4f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  return true;
}
