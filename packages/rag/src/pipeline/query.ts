// `query`: the top-k chunks for a text, by vector similarity, keywords, or both fused.
import type { ResolvedConfig } from '../config/load-config.js';
import { reciprocalRankFusion } from '../domain/fusion.js';
import type { Embedder } from '../embed/embedder.js';
import { IndexMismatchError, type IndexStore, type SearchHit } from '../store/index-store.js';
import { openParts } from './open-parts.js';

/** How {@link query} ranks: cosine similarity, full-text (BM25 / ts_rank), or both fused by reciprocal rank fusion. */
export type QueryMode = 'vector' | 'keyword' | 'hybrid';

/** The modes, for validation and help texts. */
export const QUERY_MODES: readonly QueryMode[] = ['vector', 'keyword', 'hybrid'];

/** Options of {@link query}. */
export interface QueryOptions {
  /** How many hits (default 5). */
  readonly k?: number;
  /** Default `hybrid`. */
  readonly mode?: QueryMode;
  readonly signal?: AbortSignal;
  /** Use this store instead of opening `config.index` (left open). */
  readonly store?: IndexStore;
  /** Use this embedder instead of the configured one (left open). */
  readonly embedder?: Embedder;
}

/** What {@link query} answers. */
export interface QueryResult {
  readonly query: string;
  readonly mode: QueryMode;
  readonly index: string;
  /** Best first. */
  readonly hits: readonly SearchHit[];
}

/** Each ranking fused in `hybrid` mode is this many times deeper than `k`, so a hit ranked low in one list can still win. */
const HYBRID_DEPTH = 4;

/**
 * The `k` best chunks for `text`. `vector` embeds `text` with the configured embedder and
 * searches by cosine similarity; `keyword` uses the store's full-text ranking; `hybrid` (the
 * default) fuses both rankings with reciprocal rank fusion. Vector and hybrid queries are
 * refused with an {@link IndexMismatchError} when the index was built with another embedder
 * (another model, dimension or normalisation): its vectors would answer with nonsense. An empty
 * index answers no hits.
 *
 * @example
 * ```ts
 * const { hits } = await query(config, 'how do I retry a request?', { k: 3 });
 * for (const hit of hits) console.log(hit.score.toFixed(3), hit.path, hit.headingTrail.join(' > '));
 * ```
 */
export async function query(config: ResolvedConfig, text: string, options: QueryOptions = {}): Promise<QueryResult> {
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > 1_000) throw new RangeError(`query: expected \`k\` to be an integer from 1 to 1000, got ${String(k)}`);
  const mode = options.mode ?? 'hybrid';
  if (!QUERY_MODES.includes(mode)) throw new TypeError(`query: expected \`mode\` to be one of ${QUERY_MODES.join(', ')}, got ${String(mode)}`);
  await using parts = await openParts(config, { ...options, existingIndex: true });
  const { store, embedder } = parts;
  const answer = (hits: readonly SearchHit[]): QueryResult => ({ query: text, mode, index: store.location, hits });
  if (mode === 'keyword') return answer(await store.searchKeyword(text, k));
  const indexed = await store.embedderInfo();
  if (indexed === undefined) return answer([]);
  const mismatch = (): boolean => {
    const requested = embedder.info;
    return indexed.model !== requested.model || indexed.normalized !== requested.normalized || (requested.dimension !== 0 && indexed.dimension !== requested.dimension);
  };
  // An embedder that learns its dimension from its first answer is checked again after it.
  if (mismatch()) throw new IndexMismatchError(store.location, indexed, embedder.info);
  const [vector] = await embedder.embed([text], options.signal ?? new AbortController().signal);
  if (vector === undefined) throw new Error('query: the embedder answered no vector for the query text');
  if (mismatch()) throw new IndexMismatchError(store.location, indexed, embedder.info);
  if (mode === 'vector') return answer(await store.searchVector(vector, k));
  const depth = k * HYBRID_DEPTH;
  const [byVector, byKeyword] = await Promise.all([store.searchVector(vector, depth), store.searchKeyword(text, depth)]);
  return answer(reciprocalRankFusion([byVector, byKeyword]).slice(0, k));
}
