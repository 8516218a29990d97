// Real parts for the pipeline tests: a SQLite index in a temp dir, the local embedder wrapped to
// count its calls (a counter around the real thing, not a stand-in), and a config for a tree.
import { join } from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../../src/config/load-config.js';
import type { RagConfigInput } from '../../src/config/rag-config.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { createLocalEmbedder } from '../../src/embed/local-embedder.js';
import type { IndexStore } from '../../src/store/index-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

/** An embedder that counts the calls and texts reaching `inner`, and can run a hook before each call. */
export interface CountingEmbedder extends Embedder {
  readonly calls: number;
  readonly texts: number;
  /** Runs before each call (to abort a run at a chosen call, say). */
  beforeCall: ((call: number) => void) | undefined;
}

/** Wraps `inner` (default: the local embedder, dimension 64) with counters. */
export function countingEmbedder(inner: Embedder = createLocalEmbedder({ dimension: 64 })): CountingEmbedder {
  const counting: CountingEmbedder = {
    calls: 0,
    texts: 0,
    beforeCall: undefined,
    get info() {
      return inner.info;
    },
    async embed(texts, signal) {
      (counting as { calls: number }).calls++;
      (counting as { texts: number }).texts += texts.length;
      counting.beforeCall?.(counting.calls);
      return inner.embed(texts, signal);
    },
    [Symbol.asyncDispose]: () => inner[Symbol.asyncDispose](),
  };
  return counting;
}

/** A config for tests: the index in `dir`, small chunks, the local embedder of dimension 64, no progress. */
export function testConfig(dir: string, more: RagConfigInput = {}): ResolvedConfig {
  return resolveConfig({ index: join(dir, 'index.sqlite'), chunking: { size: 200, overlap: 20 }, embedder: { kind: 'local', dimensions: 64 }, ...more });
}

/** Opens the SQLite index of `config`. */
export function openTestStore(config: ResolvedConfig): Promise<IndexStore> {
  return openSqliteStore({ path: config.index });
}
