// The contract both vector index stores meet (SQLite + sqlite-vec, PostgreSQL), so the pipeline
// and the CLI are written once and give the same results on either.
import type { Chunk } from '../domain/chunk.js';
import type { EmbedderInfo } from '../embed/embedder.js';

/** A document as the manifest knows it: enough to skip an unchanged file without reading it twice. */
export interface DocumentRecord {
  /** Absolute path of the file (the document key). */
  readonly path: string;
  /** The scan root it was found under (absolute). */
  readonly root: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Hex SHA-256 of the file's bytes. */
  readonly hash: string;
}

/** A chunk with its vector, as written to the index. */
export interface StoredChunk extends Chunk {
  readonly vector: Float32Array;
}

/** A chunk that could not be embedded, kept with its reason for `funcpipe rag retry-failed`. */
export interface FailedChunk extends Chunk {
  /** The document's path. */
  readonly path: string;
  /** ErrInfo code, such as `EMBED_REJECTED`. */
  readonly code: string;
  readonly reason: string;
}

/** One query answer: a stored chunk (without its vector) and its score. */
export interface SearchHit extends Omit<Chunk, 'textHash' | 'tokens'> {
  readonly path: string;
  /** Higher is better; cosine similarity (vector), BM25-derived (keyword) or fused rank score (hybrid). */
  readonly score: number;
}

/** Counts of what an index holds. */
export interface IndexStats {
  readonly documents: number;
  readonly chunks: number;
  readonly failedChunks: number;
}

/**
 * A vector index with its manifest, failure records and embedding cache. Every method that
 * writes is one transaction: it happens whole or not at all. Dispose it to close its connection.
 */
export interface IndexStore extends AsyncDisposable {
  /** Where the index is: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /** The embedder the index was built with; `undefined` for an empty, new index. */
  embedderInfo(): Promise<EmbedderInfo | undefined>;
  /**
   * Records `info` on a new index; on an existing one, throws an `IndexMismatchError` naming
   * both when they differ (vectors of two models are never mixed).
   */
  bindEmbedder(info: EmbedderInfo): Promise<void>;
  /** The manifest record of `path`, or `undefined` when it was never committed. */
  document(path: string): Promise<DocumentRecord | undefined>;
  /** Paths of the committed documents under `root` (absolute, a directory), in path order. */
  documentsUnder(root: string): Promise<string[]>;
  /**
   * In one transaction: replaces the document's chunks with `chunks`, replaces its failure
   * records with `failures`, records `document` in the manifest (its "done" mark) and adds the
   * vectors to the embedding cache.
   */
  commitDocument(document: DocumentRecord, chunks: readonly StoredChunk[], failures: readonly FailedChunk[]): Promise<void>;
  /** Removes documents with their chunks and failure records, in one transaction; the number removed. */
  removeDocuments(paths: readonly string[]): Promise<number>;
  /** Cached vectors of the current embedder by chunk text hash (only the hashes found). */
  cachedVectors(textHashes: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Every failure record, in path and ordinal order. */
  failedChunks(): Promise<FailedChunk[]>;
  /** Adds chunks that were retried successfully to their documents and removes their failure records, in one transaction. */
  resolveFailures(path: string, chunks: readonly StoredChunk[]): Promise<void>;
  /** The `k` chunks most similar to `vector` (cosine; exact search). */
  searchVector(vector: Float32Array, k: number): Promise<SearchHit[]>;
  /** The `k` best full-text matches of `text` (SQLite FTS5 BM25, or PostgreSQL full-text ranking). */
  searchKeyword(text: string, k: number): Promise<SearchHit[]>;
  stats(): Promise<IndexStats>;
}

/** A query with an embedder other than the one the index was built with. */
export class IndexMismatchError extends Error {
  override readonly name = 'IndexMismatchError';
  constructor(
    readonly location: string,
    readonly indexed: EmbedderInfo,
    readonly requested: EmbedderInfo,
  ) {
    super(
      `the index at ${location} was built with ${describeEmbedder(indexed)}, not ${describeEmbedder(requested)}: ` +
        'query with the same embedder, or ingest into a new index (--index PATH)',
    );
  }
}

function describeEmbedder({ model, dimension, normalized }: EmbedderInfo): string {
  return `model "${model}" (dimension ${dimension}, ${normalized ? 'normalised' : 'not normalised'})`;
}
