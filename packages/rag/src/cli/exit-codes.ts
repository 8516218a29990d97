// The exit codes of `funcpipe rag` (documented in the README's CLI section).

/** Exit codes, by what happened. */
export const EXIT = {
  /** Everything done; every file indexed or unchanged. */
  ok: 0,
  /** Done, but some files (or chunks) failed: they are listed with their reasons. */
  failures: 1,
  /** A usage or configuration error: a bad flag or config file, or an index built with another embedder. */
  usage: 2,
  /** The embedding quota is exhausted: stopped with a checkpoint; run the same command again to resume. */
  quota: 3,
  /** The circuit breaker tripped (too many embedding failures, an unreachable service among them): stopped with a checkpoint. */
  breaker: 4,
  /** A part the run needs failed: the index (locked, corrupt, unreachable database), or the embedding service refused the API key. */
  unavailable: 5,
  /** Interrupted by SIGINT (128 + 2). */
  sigint: 130,
  /** Interrupted by SIGTERM (128 + 15). */
  sigterm: 143,
} as const;
