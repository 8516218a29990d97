/**
 * What a call refused by an open (or fully probing half-open) {@link CircuitBreaker} rejects
 * with. `code` is `"CIRCUIT_OPEN"`; `retryAfterMs` says when the breaker will let a probe
 * through (0 when half-open), so a retry policy can wait that long instead of guessing.
 */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  /** Always `"CIRCUIT_OPEN"`. */
  readonly code = 'CIRCUIT_OPEN';
  constructor(
    /** The breaker's `name`. */
    readonly breaker: string,
    /** The state that refused the call. */
    readonly state: 'open' | 'halfOpen',
    /** How long until a probe may go through, in ms. */
    readonly retryAfterMs: number,
  ) {
    super(state === 'open' ? `circuit breaker "${breaker}" is open; a probe is allowed in ${Math.ceil(retryAfterMs)} ms` : `circuit breaker "${breaker}" is half-open and all its probe calls are in flight`);
  }
}
