// What an ingest run did, counted as it goes: the summary the CLI prints and `ingest` returns.

/** Why a run stopped before the end of its scan. */
export type IngestStopReason = 'interrupted' | 'quota' | 'auth' | 'breaker';

/** A file that could not be indexed, and why. */
export interface FileFailure {
  readonly path: string;
  /** ErrInfo code: `FILE_ENOENT`, `DOC_BINARY`, `DOC_NOT_REGULAR`, `INTERRUPTED`, ... */
  readonly code: string;
  readonly reason: string;
}

/**
 * The accounting of one ingest run. Every file the scan produced (and every scan failure) is
 * in exactly one of `indexed`, `skipped` or `failed`, so `seen = indexed + skipped + failed`
 * always holds, for a run that was stopped too (the files in flight then are `failed` with code
 * `INTERRUPTED`, or the stop's own code).
 */
export interface IngestSummary {
  /** The scanned roots, absolute. */
  readonly roots: readonly string[];
  /** Where the index is (a file path, or a PostgreSQL URL without its password). */
  readonly index: string;
  readonly documents: {
    readonly seen: number;
    /** Parsed, chunked, embedded and committed (new or changed files). */
    readonly indexed: number;
    /** Unchanged since the last run: not parsed, nothing written. */
    readonly skipped: number;
    readonly failed: number;
    /** Documents removed by `prune` (not part of `seen`). */
    readonly pruned: number;
  };
  /** One entry per failed file, with its reason. */
  readonly failures: readonly FileFailure[];
  readonly chunks: {
    /** Chunks committed with their vectors. */
    readonly written: number;
    /** Chunks recorded as failed (see `funcpipe rag retry-failed`). */
    readonly failed: number;
  };
  readonly embedding: {
    /** Requests made to the embedder (retries included). */
    readonly calls: number;
    /** Chunks whose vector came from the cache. */
    readonly cacheHits: number;
    /** Chunks embedded by the embedder. */
    readonly embedded: number;
    readonly retries: number;
  };
  /** Set when the run stopped early; the index holds every document committed before. */
  readonly stopped?: { readonly reason: IngestStopReason; readonly message: string };
  /** Whether `prune` ran (it runs only after a complete scan with no walk failure). */
  readonly pruneRan: boolean;
  readonly durationMs: number;
}

/** The mutable counters behind an {@link IngestSummary}. */
export class IngestTally {
  seen = 0;
  indexed = 0;
  skipped = 0;
  pruned = 0;
  chunksWritten = 0;
  chunksFailed = 0;
  calls = 0;
  cacheHits = 0;
  embedded = 0;
  retries = 0;
  pruneRan = false;
  stopped: { reason: IngestStopReason; message: string } | undefined;
  readonly failures: FileFailure[] = [];
  private readonly started = performance.now();

  constructor(
    readonly roots: readonly string[],
    readonly index: string,
  ) {}

  /** Counts a file that reached an outcome; `failure` when it failed. */
  fail(failure: FileFailure): void {
    this.seen++;
    this.failures.push(failure);
  }

  summary(): IngestSummary {
    return {
      roots: this.roots,
      index: this.index,
      documents: { seen: this.seen, indexed: this.indexed, skipped: this.skipped, failed: this.failures.length, pruned: this.pruned },
      failures: [...this.failures],
      chunks: { written: this.chunksWritten, failed: this.chunksFailed },
      embedding: { calls: this.calls, cacheHits: this.cacheHits, embedded: this.embedded, retries: this.retries },
      ...(this.stopped === undefined ? {} : { stopped: { ...this.stopped } }),
      pruneRan: this.pruneRan,
      durationMs: Math.round(performance.now() - this.started),
    };
  }
}
