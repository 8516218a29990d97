// The public entry point of `@funcpipe/rag`: the RAG pipeline as a library (the `funcpipe` CLI
// is built on these). Every export is named here by hand; anything not listed is internal.

export type { DocumentKind, Block, ParsedDocument } from './domain/document.js';
export type { Chunk } from './domain/chunk.js';
export { EmbedError, type Embedder, type EmbedderInfo } from './embed/embedder.js';
export { IndexMismatchError, type IndexStore, type DocumentRecord, type StoredChunk, type FailedChunk, type SearchHit, type IndexStats } from './store/index-store.js';

// store
export { openSqliteStore, type SqliteStoreOptions } from './store/sqlite-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './store/postgres-store.js';
export { openStore } from './store/open-store.js';
export { StoreError, type StoreErrorCode } from './store/store-error.js';

// domain: parsing, cleaning, chunking, scoring (pure), and the local embedder
export { kindOf } from './domain/kind.js';
export { parseDocument } from './domain/parse-document.js';
export { cleanText, cleanCode } from './domain/clean.js';
export { chunkDocument } from './domain/chunk-document.js';
export { checkChunkOptions, type ChunkOptions } from './domain/chunk-options.js';
export { countTokens } from './domain/tokens.js';
export { sha256Hex } from './domain/hash.js';
export { reciprocalRankFusion, type SearchHitLike } from './domain/fusion.js';
export { dot, cosineSimilarity } from './domain/similarity.js';
export { createLocalEmbedder, LOCAL_EMBEDDER_MODEL, type LocalEmbedderOptions } from './embed/local-embedder.js';
