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
  /**
   * Calls `listener` once, with the reason, at the moment `signal` aborts (at once if this call's
   * work is no longer wanted already), unless the call settles first; returns the function that
   * removes it. The same moment as `signal`, without it: Node builds an `AbortSignal` in a few
   * microseconds, which a high-rate call that hands its I/O a callback or an `EventEmitter` (undici's
   * `signal` option takes one) need not pay. Listeners are dropped when the call settles; one
   * that throws is reported as an uncaught exception, as a throwing `signal` listener is.
   * Every context a parallel map passes has it; it is optional in the type so that a context
   * written by hand (a test calling the mapper directly) needs only `signal` and `index`.
   *
   * @example
   * ```ts
   * Async.mapAsync((id, { onAbort }) => new Promise((resolve, reject) => {
   *   const job = start(id, resolve);          // some callback-style I/O
   *   onAbort?.((reason) => { job.cancel(); reject(reason); });
   * }), { concurrency: 8 });
   * ```
   */
  readonly onAbort?: (listener: (reason: unknown) => void) => () => void;
}

/** Not aborted (yet): the value of {@link CallContext}'s abort reason until it is. */
const LIVE: unique symbol = Symbol('funcpipe.live');

/**
 * The calls of one run of a parallel map that wait for their abort: the run's signal has one
 * listener for all of them (added when the first call asks), not one per call.
 */
export class CallRegistry {
  private readonly calls = new Set<CallContext>();
  private unlink: (() => void) | undefined;

  constructor(readonly signal: AbortSignal) {}

  /** Starts telling `call` of the run's abort. */
  add(call: CallContext): void {
    this.calls.add(call);
    this.unlink ??= onAbort(this.signal, () => this.abortWhere(always, this.signal.reason));
  }

  delete(call: CallContext): void {
    this.calls.delete(call);
  }

  /** Aborts, with `reason`, every waiting call whose index `abandoned` selects. */
  abortWhere(abandoned: (index: number) => boolean, reason: unknown): void {
    for (const call of [...this.calls]) if (abandoned(call.index)) call.abort(reason);
  }

  /** The run is over: stop listening to its signal. */
  close(): void {
    this.unlink?.();
  }
}

function always(): boolean {
  return true;
}

/**
 * The context of one call of a parallel mapper. Its `signal` is the call's own, created the
 * first time the mapper reads it; it and the `onAbort` listeners are told of the run's abort
 * through the run's {@link CallRegistry} (one listener on the run's signal in all), so listeners
 * a mapper adds stay on its own signal: many calls in flight never add up to a max-listeners
 * warning, and one call can be aborted without the others.
 */
export class CallContext implements MapAsyncContext {
  private controller: AbortController | undefined;
  private listeners: ((reason: unknown) => void)[] | undefined;
  private reason: unknown = LIVE;
  private waiting = false;
  private done = false;

  constructor(
    readonly index: number,
    private readonly registry: CallRegistry,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.wait()) controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** A function bound to this call, made per read so it can be destructured (`const { onAbort } = context`); a mapper that reads neither this nor `signal` pays for neither. */
  get onAbort(): (listener: (reason: unknown) => void) => () => void {
    return (listener) => this.listen(listener);
  }

  private listen(listener: (reason: unknown) => void): () => void {
    if (this.done) return noop;
    if (this.wait()) {
      listener(this.reason);
      return noop;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const at = this.listeners?.indexOf(listener) ?? -1;
      if (at >= 0) this.listeners?.splice(at, 1);
    };
  }

  /** Aborts this call alone (once; a no-op once it has settled). */
  abort(reason: unknown): void {
    if (this.reason !== LIVE || this.done) return;
    this.reason = reason;
    this.leave();
    this.controller?.abort(reason);
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) callReporting(listener, reason);
  }

  /** The call has settled: stop waiting for the run's abort, drop the listeners. */
  settled(): void {
    this.done = true;
    this.listeners = undefined;
    this.leave();
  }

  /** Joins the registry (once, unless settled); true when the call is aborted already. */
  private wait(): boolean {
    if (this.reason !== LIVE) return true;
    if (this.registry.signal.aborted) {
      this.reason = this.registry.signal.reason;
      return true;
    }
    if (!this.waiting && !this.done) {
      this.waiting = true;
      this.registry.add(this);
    }
    return false;
  }

  private leave(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.registry.delete(this);
  }
}

/** Runs an abort listener; a throw is reported as uncaught, as an `AbortSignal` listener's is. */
function callReporting(listener: (reason: unknown) => void, reason: unknown): void {
  try {
    listener(reason);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function noop(): void {}

/** The context of an attempt that runs on a signal of its own (a call policy's attempt). */
export function signalContext(signal: AbortSignal, index: number): MapAsyncContext {
  return {
    signal,
    index,
    onAbort: (listener) => onAbort(signal, () => listener(signal.reason)),
  };
}
