// `ingest`: the scan of every root, each file brought up to date in the index with bounded
// concurrency, the accounting of every file, and the prune after a complete scan.
import { resolve, sep } from 'node:path';
import { Async, errInfo, pipe, type ErrInfo, type Result } from 'funcpipe';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Embedder } from '../embed/embedder.js';
import { IndexMismatchError, type IndexStore } from '../store/index-store.js';
import { EmbedderBinding } from './embedder-binding.js';
import { indexDocument, type EmbedChunks } from './index-document.js';
import { StoreFailure } from './store-failure.js';
import type { IngestEvent } from './ingest-event.js';
import { IngestTally, type IngestSummary, type IngestStopReason } from './ingest-summary.js';
import { openParts } from './open-parts.js';
import { embeddingStageFor, stopReasonOf } from './embedding.js';
import { scanRoot, type ScannedFile } from './scan.js';

/** Options of {@link ingest}. */
export interface IngestOptions {
  /** The directories to scan (relative ones against the working directory). */
  readonly roots: readonly string[];
  /** Aborting it stops the run: files in flight are not committed, the summary says `interrupted`. */
  readonly signal?: AbortSignal;
  /** Called for each event (a file's outcome, an embedding call, a prune, a stop). */
  readonly onEvent?: (event: IngestEvent) => void;
  /** Use this store instead of opening `config.index` (left open when the run ends). */
  readonly store?: IndexStore;
  /** Use this embedder instead of the configured one (left open when the run ends). */
  readonly embedder?: Embedder;
}

/** The run stopped for a reason the summary reports (a quota, a refused key, a tripped breaker). */
class RunStopped extends Error {
  constructor(
    readonly reason: IngestStopReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Ingests the files under `options.roots` into the index: each file is read once, skipped when
 * the manifest says it is unchanged, else parsed, chunked, embedded (cache first) and committed
 * with its failures in one transaction. At most `config.concurrency` files are in flight, and
 * the scan is lazy, so memory does not grow with the corpus (only the paths seen are kept, and
 * only with `prune`). A failing file is counted with its reason and the run goes on.
 *
 * Resolves with the summary, also when the run was stopped by `signal`, a quota, a refused key
 * or a tripped breaker (`summary.stopped` says which; everything committed before stays
 * consistent, and the next run resumes). Rejects with a {@link StoreFailure} when the index
 * itself fails, and with `IndexMismatchError` when the index was built with another embedder.
 *
 * @example
 * ```ts
 * const summary = await ingest(await loadConfig(), { roots: ['docs'], signal });
 * console.log(`${summary.documents.indexed} indexed, ${summary.documents.skipped} unchanged`);
 * ```
 */
export async function ingest(config: ResolvedConfig, options: IngestOptions): Promise<IngestSummary> {
  const roots = distinctRoots(options.roots);
  const emit = options.onEvent ?? (() => {});
  await using parts = await openParts(config, options);
  const tally = new IngestTally(roots, parts.store.location);
  const binding = new EmbedderBinding(parts.store, parts.embedder);
  // A mismatch is refused before any file is read, when the embedder knows its identity.
  await binding.beforeCache();
  const embed: EmbedChunks = embeddingStageFor(parts.embedder, config, tally, emit);
  const seen = config.prune ? new Set<string>() : undefined;
  let walkFailed = false;
  const inFlight = new Set<Promise<void>>();

  const record = (path: string, error: ErrInfo): void => {
    tally.fail({ path, code: error.code, reason: error.msg });
    emit({ type: 'document', path, outcome: 'failed', chunks: 0, failedChunks: 0, cacheHits: 0, code: error.code, reason: error.msg });
  };

  const processItem = async (item: Result<ScannedFile, ErrInfo>, signal: AbortSignal): Promise<void> => {
    if (!item.ok) {
      walkFailed = true;
      record(item.error.path ?? '(scan)', item.error);
      return;
    }
    const file = item.value;
    seen?.add(file.path);
    try {
      const outcome = await indexDocument(file, { store: parts.store, binding, embed, chunking: config.chunking, verifyHash: config.verifyHash }, signal);
      if (outcome.outcome === 'failed') return record(file.path, outcome.error);
      tally.seen++;
      if (outcome.outcome === 'skipped') {
        tally.skipped++;
        return emit({ type: 'document', path: file.path, outcome: 'skipped', chunks: 0, failedChunks: 0, cacheHits: 0 });
      }
      tally.indexed++;
      tally.chunksWritten += outcome.chunks;
      tally.chunksFailed += outcome.failedChunks;
      tally.cacheHits += outcome.cacheHits;
      emit({ type: 'document', path: file.path, outcome: 'indexed', chunks: outcome.chunks, failedChunks: outcome.failedChunks, cacheHits: outcome.cacheHits });
    } catch (error) {
      const stop = stopReasonOf(error);
      if (stop !== undefined) {
        record(file.path, errInfo(`EMBED_${stop.toUpperCase()}`, `not committed: ${(error as Error).message}`, { path: file.path }));
        throw new RunStopped(stop, (error as Error).message);
      }
      if (error instanceof IndexMismatchError) {
        record(file.path, errInfo('INDEX_MISMATCH', `not committed: ${error.message}`, { path: file.path }));
        throw error;
      }
      if (error instanceof StoreFailure) {
        record(file.path, errInfo('STORE_FAILED', `not committed: the index failed: ${error.message}`, { path: file.path }));
        throw error;
      }
      if (signal.aborted) {
        record(file.path, errInfo('INTERRUPTED', `not committed: the run stopped (${describeStop(options.signal, error)})`, { path: file.path }));
        throw error;
      }
      // A failure of this file alone (a parser bug, say): reported, and the run goes on.
      record(file.path, errInfo('DOC_FAILED', error instanceof Error ? error.message : String(error), { path: file.path, cause: error }));
    }
  };

  const tracked = (item: Result<ScannedFile, ErrInfo>, { signal }: { signal: AbortSignal }): Promise<void> => {
    const work = processItem(item, signal);
    const settled = work.then(
      () => {},
      () => {},
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return work;
  };

  try {
    await pipe(
      scanItems(roots, config),
      Async.mapAsync(tracked, { concurrency: config.concurrency, ordered: false }),
      Async.drain(options.signal === undefined ? {} : { signal: options.signal }),
    );
  } catch (error) {
    // Every file in flight reaches its outcome (counted) before the summary is made.
    await Promise.all(inFlight);
    if (error instanceof RunStopped) tally.stopped = { reason: error.reason, message: error.message };
    else if (options.signal?.aborted === true && !(error instanceof StoreFailure)) tally.stopped = { reason: 'interrupted', message: describeStop(options.signal, error) };
    else throw error;
    emit({ type: 'stopped', ...tally.stopped });
    return tally.summary();
  }
  await Promise.all(inFlight);
  if (seen !== undefined && !walkFailed) await prune(parts.store, roots, seen, tally, emit);
  return tally.summary();
}

/** The scan of every root, its failures turned into values so that none is dropped by a stop. */
function scanItems(roots: readonly string[], config: ResolvedConfig): Async.AsyncGen<Result<ScannedFile, ErrInfo>, never> {
  return Async.fromProducer(async function* (signal) {
    for (const root of roots) for await (const item of scanRoot(root, config).iterate({ signal })) yield item;
  });
}

async function prune(store: IndexStore, roots: readonly string[], seen: ReadonlySet<string>, tally: IngestTally, emit: (event: IngestEvent) => void): Promise<void> {
  for (const root of roots) {
    const gone = (await store.documentsUnder(root)).filter((path) => !seen.has(path));
    const removed = gone.length === 0 ? 0 : await store.removeDocuments(gone);
    tally.pruned += removed;
    emit({ type: 'prune', root, removed });
  }
  tally.pruneRan = true;
}

/** Absolute, deduplicated roots, without any root that lies inside another (it would be scanned twice). */
export function distinctRoots(roots: readonly string[]): string[] {
  const absolute = [...new Set(roots.map((root) => resolve(root)))].sort();
  return absolute.filter((root) => !absolute.some((other) => other !== root && (root.startsWith(other.endsWith(sep) ? other : other + sep))));
}

function describeStop(signal: AbortSignal | undefined, error: unknown): string {
  const reason: unknown = signal?.aborted === true ? signal.reason : error;
  return reason instanceof Error ? reason.message : String(reason);
}
