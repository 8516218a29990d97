// The configuration of `funcpipe rag`, as data: one zod schema, strict at every level (an unknown
// key is rejected with its path), with every default filled in. A config file, CLI flags and
// library callers all go through it.
import { z } from 'zod';
import { embeddingStagePolicySchema } from '../embed/embedding-stage-policy.js';

/** The files `ingest` reads by default: every extension a parser exists for. */
export const DEFAULT_INCLUDE: readonly string[] = ['**/*.{md,markdown,mdx,txt,rst,html,htm,json,jsonl,ndjson,pdf}'];

/** Left out by default: version-control metadata. */
export const DEFAULT_EXCLUDE: readonly string[] = ['**/.git', '**/.hg', '**/.svn'];

const positiveInt = (max: number) => z.int().min(1).max(max);
const glob = z.string().min(1, 'expected a non-empty glob');

const chunkingSchema = z
  .strictObject({
    /** Measure chunk size and overlap in characters or in tokens (gpt-tokenizer). */
    unit: z.enum(['chars', 'tokens']).default('chars'),
    /** The largest chunk, in `unit`s. */
    size: z.int().min(16).max(100_000).default(1_000),
    /** How much of the previous chunk each chunk repeats, in `unit`s (less than `size`). */
    overlap: z.int().min(0).max(50_000).default(100),
  })
  .refine((c) => c.overlap < c.size, { message: 'expected `overlap` to be less than `size`', path: ['overlap'] });

const localEmbedderSchema = z.strictObject({
  kind: z.literal('local'),
  /** Vector length of the built-in hashed n-gram embedder. */
  dimensions: z.int().min(8).max(8_192).default(384),
});

const httpEmbedderSchema = z.strictObject({
  kind: z.literal('http'),
  /** The service's API root; requests go to `<baseUrl>/embeddings` (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  /** Model name sent with each request and recorded in the index. */
  model: z.string().min(1),
  /** The vector length to ask for (`dimensions`); omitted from requests when unset. */
  dimensions: positiveInt(8_192).optional(),
  /** Name of the environment variable holding the API key (sent as a Bearer token). */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
  /** Keep-alive connections in the pool. */
  connections: positiveInt(1_024).default(4),
  /** How long a request may wait for its answer, in ms. */
  requestTimeoutMs: positiveInt(3_600_000).optional(),
});

const outputSchema = z.strictObject({
  /** `auto`: a bar on a TTY, periodic lines otherwise; `bar`, `lines`, or `none`. */
  progress: z.enum(['auto', 'bar', 'lines', 'none']).default('auto'),
  /** Print nothing but errors (and the summary with `json`). */
  quiet: z.boolean().default(false),
  /** Write JSON-lines events to this file, or to stderr with `-`. */
  events: z.string().min(1).optional(),
  /** Print the summary (and query results) as one JSON object on stdout. */
  json: z.boolean().default(false),
  /** Print stacks with errors. */
  debug: z.boolean().default(false),
});

/** The schema of a `funcpipe rag` configuration (JSON or YAML file, flags, library callers). */
export const ragConfigSchema = z.strictObject({
  /** The index: a SQLite file path, or a `postgres://` / `postgresql://` URL. Default: a file under the user's data directory. */
  index: z.string().min(1).optional(),
  /** Globs a file's path below its root must match (picomatch, dot files included). */
  include: z.array(glob).min(1).default([...DEFAULT_INCLUDE]),
  /** Globs of files and directories to leave out (an excluded directory is not entered). */
  exclude: z.array(glob).default([...DEFAULT_EXCLUDE]),
  /** Respect `.gitignore` files found under each root. */
  gitignore: z.boolean().default(true),
  /** Follow symbolic links (a link loop is reported, never entered). */
  followSymlinks: z.boolean().default(true),
  /**
   * Hash files whose size and mtime match the manifest too. Off: such a file is skipped without
   * being read (a re-run reads nothing), at the risk of missing an edit that kept both. On: every
   * file is read and hashed, and only an unchanged hash skips it.
   */
  verifyHash: z.boolean().default(false),
  /** Remove indexed documents under the scanned roots that were not found (only after a complete scan). */
  prune: z.boolean().default(false),
  /** Documents processed at the same time. */
  concurrency: positiveInt(256).default(4),
  chunking: chunkingSchema.prefault({}),
  /** The embedder (`kind` may be left out when it is `local`). */
  embedder: z.discriminatedUnion('kind', [localEmbedderSchema, httpEmbedderSchema]).prefault({ kind: 'local' }),
  /**
   * The embedding stage's policy: batch limits (`maxBatchTokens`, `maxBatchSize`), calls in
   * flight (`concurrency`), `retry`, `rateLimit` (requests and tokens per minute) and the call
   * `breaker` (or `false`), with the stage's defaults for what is left out.
   */
  policies: embeddingStagePolicySchema.prefault({}),
  output: outputSchema.prefault({}),
});

/** A validated configuration with every default filled in. */
export type RagConfig = z.output<typeof ragConfigSchema>;
/** What a configuration file (or a library caller) may write: every field optional. */
export type RagConfigInput = z.input<typeof ragConfigSchema>;
/** The chunking settings. */
export type ChunkingConfig = RagConfig['chunking'];
/** The embedder settings. */
export type EmbedderConfig = RagConfig['embedder'];
