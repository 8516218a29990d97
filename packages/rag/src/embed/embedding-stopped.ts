import type { ErrInfo } from 'funcpipe';

/** Why an {@link EmbeddingStopped} stopped the run. */
export type StopReason = 'quota' | 'auth' | 'breaker';

const WHAT: Readonly<Record<StopReason, string>> = {
  quota: "the embedding service's quota is exhausted",
  auth: 'the embedding service refused the API key',
  breaker: 'the circuit breaker opened: the embedding service failed too often',
};

/**
 * What an embedding stage rejects with when the run cannot go on: `reason` `quota` (a quota
 * 429), `auth` (401/403) or `breaker` (the call breaker opened). `info` is the failure that
 * decided it. The pipeline checkpoints (every finished document is kept), prints the hint and
 * picks its exit code from `reason`; nothing is retried after it.
 */
export class EmbeddingStopped extends Error {
  override readonly name = 'EmbeddingStopped';
  /** Always `"EMBEDDING_STOPPED"`. */
  readonly code = 'EMBEDDING_STOPPED';
  constructor(
    readonly reason: StopReason,
    /** The failure that stopped the run (for `breaker`, the last failure counted). */
    readonly info: ErrInfo,
    /** What the breaker saw when it opened: failures among the calls in its window. */
    readonly window?: { readonly failures: number; readonly calls: number },
  ) {
    const seen = window === undefined ? '' : ` (${window.failures} failures in the last ${window.calls} calls)`;
    super(`embedding stopped: ${WHAT[reason]}${seen}; last failure ${info.code}: ${info.msg}`);
  }
}
