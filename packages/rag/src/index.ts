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

// embed: the OpenAI-compatible HTTP embedder, the resilient embedding stage, the embeddings server
export { createHttpEmbedder, httpEmbedderOptionsSchema, type HttpEmbedder, type HttpEmbedderOptions, type HttpEmbedderRuntime } from './embed/http-embedder.js';
export { createEmbeddingStage, type EmbeddingStage, type EmbeddingStageRuntime, type EmbeddingStageStats, type EmbeddingEvent } from './embed/embedding-stage.js';
export { embeddingStagePolicySchema, resolveEmbeddingStagePolicy, STAGE_RETRY_DEFAULTS, STAGE_BREAKER_DEFAULTS, type EmbeddingStagePolicy, type ResolvedEmbeddingStagePolicy } from './embed/embedding-stage-policy.js';
export { EmbeddingStopped, type StopReason } from './embed/embedding-stopped.js';
export { serveEmbeddings, type ServeEmbeddingsOptions, type EmbeddingsServer, type EmbeddingsServerStats, type RequestRecord } from './server/serve-embeddings.js';
export { faultPlanSchema, type FaultPlan } from './server/fault-plan.js';

// app: configuration, the pipeline (ingest, query, retry-failed) and the command line
export { ragConfigSchema, DEFAULT_INCLUDE, DEFAULT_EXCLUDE, type RagConfig, type RagConfigInput, type ChunkingConfig, type EmbedderConfig } from './config/rag-config.js';
export { loadConfig, resolveConfig, type ResolvedConfig, type LoadConfigOptions } from './config/load-config.js';
export { ConfigError } from './config/config-error.js';
export { configJsonSchema } from './config/config-json-schema.js';
export { defaultIndexPath } from './config/default-index.js';
export { scanRoot, type ScannedFile, type ScanOptions } from './pipeline/scan.js';
export { ingest, type IngestOptions } from './pipeline/ingest.js';
export type { IngestSummary, FileFailure, IngestStopReason } from './pipeline/ingest-summary.js';
export type { IngestEvent, DocumentEvent, PruneEvent, EmbeddingStageEvent, StopEvent } from './pipeline/ingest-event.js';
export { StoreFailure } from './pipeline/store-failure.js';
export { MissingIndexError } from './pipeline/open-parts.js';
export { query, QUERY_MODES, type QueryMode, type QueryOptions, type QueryResult } from './pipeline/query.js';
export { retryFailed, type RetryFailedOptions, type RetryFailedSummary } from './pipeline/retry-failed.js';
export { runCli } from './cli/run-cli.js';
export type { CliIo, TextOutput } from './cli/cli-io.js';
export { EXIT } from './cli/exit-codes.js';
