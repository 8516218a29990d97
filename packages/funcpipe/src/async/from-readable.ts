import { finished, type Readable } from 'node:stream';
import { isAbortError, onAbort } from '../internal/abort.js';
import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { checkFunction, describe } from '../internal/check.js';
import { claimOnce } from '../internal/claim-once.js';
import { WakeSignal } from './internal/wake-signal.js';
import { NO_ERROR } from '../resource/combine-errors.js';
import { stopEcho } from '../internal/stop-echo.js';
import { AsyncGen } from './async-gen.js';

/**
 * An {@link AsyncGen} over a Node `Readable`: each chunk, as `read()` returns it (objects in
 * object mode; `Buffer`s, or strings after `setEncoding`, in byte mode), becomes an `Ok` item.
 *
 * A `Readable` can be read once, so this description is ONE-SHOT: the first run that pulls
 * consumes the readable, and any later run (of it or of any description built on the same readable) rejects
 * with an error pointing to {@link fromReadableFactory}, never a silent empty stream. Nothing is
 * read before the first pull. The run destroys the readable when it ends, on every path: after
 * the last chunk, on a stream `error` (which fails the run), and when the run stops early or is
 * aborted, where a read blocked waiting for data is woken at once through the run's signal. The
 * run's cleanup finishes only when the readable has emitted `close` (a file stream has closed its
 * descriptor); an error raised while closing is reported as a cleanup error, except the
 * "aborted" error of an HTTP response whose request the run's signal aborted, which is the stop's
 * echo (published on `funcpipe:stop-echo`). A readable made
 * with `emitClose: false` never reports its close, so an early stop waits for it until the run's
 * `closeTimeoutMs`.
 *
 * @example
 * ```ts
 * const lines = pipe(Async.fromReadable<string>(socket.setEncoding('utf8')), Async.take(10));
 * ```
 */
export function fromReadable<T = unknown>(readable: Readable): AsyncGen<T, never> {
  checkReadable('fromReadable', '`readable` to be a Node Readable', readable);
  const hint = 'fromReadableFactory(() => createTheReadable())';
  return new AsyncGen<T, never>(readableSource('fromReadable', hint, () => readable));
}

/**
 * A REPLAYABLE {@link AsyncGen} over Node `Readable`s: each run calls `factory(signal)` on its
 * first pull (never before) and streams the fresh readable like {@link fromReadable}, destroying
 * it when the run ends. `signal` is the run's own signal; passing it to the stream (as
 * `fs.createReadStream(path, { signal })` accepts) is optional, the run destroys the readable
 * anyway.
 *
 * @example
 * ```ts
 * const bytes = Async.fromReadableFactory<Buffer>(() => fs.createReadStream(path));
 * await pipe(bytes, Async.toArray()); // opens, reads and closes the file; again on every run
 * ```
 */
export function fromReadableFactory<T = unknown>(factory: (signal: AbortSignal) => Readable): AsyncGen<T, never> {
  checkFunction('fromReadableFactory', 'factory', factory);
  const make = (signal: AbortSignal): Readable => {
    const readable = factory(signal);
    checkReadable('fromReadableFactory', '`factory` to return a Node Readable', readable);
    return readable;
  };
  return new AsyncGen<T, never>(readableSource('fromReadableFactory', 'a factory that creates a new Readable on each call', make));
}

function checkReadable(where: string, expected: string, value: unknown): asserts value is Readable {
  const v = value as Partial<Record<'read' | 'on' | 'off' | 'destroy', unknown>> | null | undefined;
  if (v == null || typeof v.read !== 'function' || typeof v.on !== 'function' || typeof v.off !== 'function' || typeof v.destroy !== 'function') {
    throw new TypeError(`${where}: expected ${expected}, got ${describe(value)}`);
  }
}

function readableSource(where: string, hint: string, make: (signal: AbortSignal) => Readable): AsyncSource<unknown, unknown> {
  return {
    open(context, out, control) {
      return new ReadableRun(where, hint, make, context, out, control);
    },
  };
}

class ReadableRun implements SourceRun {
  private readable: Readable | undefined;
  private ended = false;
  private failure: unknown = NO_ERROR;
  /** The failure came after the run's signal was aborted (see {@link ReadableRun.isEchoOfAbort}). */
  private failedAfterAbort = false;
  private reported = false;
  private readonly wakeUp = new WakeSignal();
  private unlinkAbort: (() => void) | undefined;

  constructor(
    private readonly where: string,
    private readonly hint: string,
    private readonly make: (signal: AbortSignal) => Readable,
    private readonly context: RunContext,
    private readonly out: Emitter<unknown, unknown>,
    private readonly control: Control,
  ) {}

  pump(): boolean | Promise<boolean> {
    const readable = this.readable ?? this.begin();
    return this.drain(readable) ?? this.pumpAsync(readable);
  }

  /** Destroys the readable and waits for its `close`; an error not reported yet, and not caused by the stop itself, is thrown. */
  close(): Promise<void> | undefined {
    this.unlinkAbort?.();
    const readable = this.readable;
    if (readable === undefined) return undefined;
    return new Promise<void>((resolve, reject) => {
      const stopWatching = finished(readable, { writable: false }, (error) => {
        stopWatching();
        this.detach(readable);
        if (error == null || this.causedByStop(error) || (this.reported && error === this.failure)) resolve();
        else if (this.isEchoOfAbort(error)) {
          stopEcho(error, this.where);
          resolve();
        } else reject(error);
      });
      readable.destroy();
    });
  }

  /** The premature close the destroy causes, or the abort of a stream given the run's signal. */
  private causedByStop(error: Error): boolean {
    return (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE' || isAbortError(error, this.context.signal);
  }

  /**
   * Node's "aborted" error (ECONNRESET) of an HTTP response, raised after the run's signal was
   * aborted: the request was given that signal, and this is how the response reports it.
   */
  private isEchoOfAbort(error: Error): boolean {
    return error === this.failure && this.failedAfterAbort && !this.reported && (error as { code?: unknown }).code === 'ECONNRESET' && error.message === 'aborted';
  }

  private begin(): Readable {
    const readable = this.make(this.context.signal);
    claimOnce(this.where, readable, 'Readable', this.hint);
    if (readable.errored !== null) throw readable.errored;
    if (readable.destroyed || readable.readableEnded) {
      throw new Error(`${this.where}: the Readable has already ended or been destroyed, so there is nothing left to read`);
    }
    this.readable = readable;
    readable.on('readable', this.onWake).on('end', this.onEnd).on('error', this.onError).on('close', this.onClose);
    this.unlinkAbort = onAbort(this.context.signal, this.onWake);
    return readable;
  }

  /** Reads buffered chunks while the run pulls: `true` at the end, `undefined` when it must wait. */
  private drain(readable: Readable): boolean | undefined {
    const { control, out } = this;
    while (control.pulling && !control.stopped) {
      if (this.failure !== NO_ERROR) {
        this.reported = true;
        throw this.failure;
      }
      const chunk: unknown = readable.read();
      if (chunk !== null) out.ok(chunk);
      else if (this.ended) return true;
      else return undefined;
    }
    return false;
  }

  private async pumpAsync(readable: Readable): Promise<boolean> {
    for (;;) {
      await this.wakeUp.wait();
      const done = this.drain(readable);
      if (done !== undefined) return done;
    }
  }

  private detach(readable: Readable): void {
    readable.off('readable', this.onWake).off('end', this.onEnd).off('error', this.onError).off('close', this.onClose);
  }

  private readonly onWake = (): void => this.wakeUp.notify();

  private readonly onEnd = (): void => {
    this.ended = true;
    this.onWake();
  };

  private readonly onError = (error: unknown): void => {
    if (this.failure === NO_ERROR) {
      this.failure = error;
      this.failedAfterAbort = this.context.signal.aborted;
    }
    this.onWake();
  };

  private readonly onClose = (): void => {
    if (!this.ended && this.failure === NO_ERROR) {
      this.failure = new Error(`${this.where}: the Readable was destroyed before it ended (premature close)`);
    }
    this.onWake();
  };
}
