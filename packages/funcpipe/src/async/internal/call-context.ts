import { onAbort } from '../../internal/abort.js';

/** What a parallel mapper receives with each value. */
export interface MapAsyncContext {
  /**
   * Aborted when this call's work is no longer wanted: the run stops (consumer stop, external
   * abort), or the run fails at an earlier position. Pass it to the I/O you start.
   */
  readonly signal: AbortSignal;
  /** The position of the item in the upstream stream, counting `Ok` and `Err` items alike (0-based). */
  readonly index: number;
}

/**
 * The context of one call of a parallel mapper. Its `signal` is the call's own, created the
 * first time the mapper reads it and linked to the run's signal (one listener on it per call
 * that asked), so listeners a mapper adds stay on its own signal: many calls in flight never add
 * up to a max-listeners warning, and one call can be aborted without the others.
 */
export class CallContext implements MapAsyncContext {
  private controller: AbortController | undefined;
  private unlink: (() => void) | undefined;

  constructor(
    readonly index: number,
    private readonly runSignal: AbortSignal,
    private readonly listening: Set<CallContext>,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      const runSignal = this.runSignal;
      this.unlink = onAbort(runSignal, () => controller.abort(runSignal.reason));
      if (!controller.signal.aborted) this.listening.add(this);
    }
    return this.controller.signal;
  }

  /** Aborts this call alone (a no-op when the mapper never read `signal`). */
  abort(reason: unknown): void {
    this.controller?.abort(reason);
  }

  /** The call has settled: stop listening to the run's signal. */
  settled(): void {
    if (this.unlink === undefined) return;
    this.unlink();
    this.unlink = undefined;
    this.listening.delete(this);
  }
}
