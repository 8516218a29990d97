// The store and the embedder a run uses: the caller's own, or opened from the configuration
// (and then released when the run ends, whatever way it ends).
import { existsSync } from 'node:fs';
import { AsyncDisposableStack } from 'funcpipe';
import { isPostgresLocation } from '../config/default-index.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Embedder } from '../embed/embedder.js';
import { createHttpEmbedder } from '../embed/http-embedder.js';
import { createLocalEmbedder } from '../embed/local-embedder.js';
import { openStore } from '../store/open-store.js';
import type { IndexStore } from '../store/index-store.js';

/** A run's store and embedder; disposing it releases those it opened (the embedder first, then the store). */
export interface RunParts extends AsyncDisposable {
  readonly store: IndexStore;
  readonly embedder: Embedder;
}

/** Creates the embedder `config.embedder` describes (no request is made before its first call). */
export async function embedderFrom(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): Promise<Embedder> {
  const spec = config.embedder;
  if (spec.kind === 'local') return createLocalEmbedder({ dimension: spec.dimensions });
  return createHttpEmbedder(
    {
    baseUrl: spec.baseUrl,
    model: spec.model,
    connections: spec.connections,
    ...(spec.dimensions === undefined ? {} : { dimensions: spec.dimensions }),
    ...(spec.apiKeyEnv === undefined ? {} : { apiKeyEnv: spec.apiKeyEnv }),
    ...(spec.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: spec.requestTimeoutMs }),
    },
    { env },
  );
}

/** A query or retry of an index file that does not exist (reading never creates one). */
export class MissingIndexError extends Error {
  override readonly name = 'MissingIndexError';
  constructor(readonly location: string) {
    super(`no index at ${location}: run \`funcpipe rag ingest <dir>\` first, or point --index / --store at an existing one`);
  }
}

/** What {@link openParts} is given: the caller's own parts, and whether the index must already exist. */
export interface GivenParts {
  readonly store?: IndexStore;
  readonly embedder?: Embedder;
  readonly env?: NodeJS.ProcessEnv;
  /** Refuse (with a {@link MissingIndexError}) to create a SQLite index that is not there. */
  readonly existingIndex?: boolean;
}

/** The caller's store and embedder, or those of the configuration (opened here, released by disposal). */
export async function openParts(config: ResolvedConfig, given: GivenParts): Promise<RunParts> {
  if (given.store === undefined && given.existingIndex === true && !isPostgresLocation(config.index) && !existsSync(config.index)) throw new MissingIndexError(config.index);
  const stack = new AsyncDisposableStack();
  try {
    const store = given.store ?? stack.use(await openStore(config.index));
    const embedder = given.embedder ?? stack.use(await embedderFrom(config, given.env));
    const owned = stack.move();
    return { store, embedder, [Symbol.asyncDispose]: () => owned.disposeAsync() };
  } catch (error) {
    await stack.disposeAsync();
    throw error;
  }
}
