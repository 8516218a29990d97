import { onAbort } from '../internal/abort.js';
import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { checkFunction, describe } from '../internal/check.js';
import { claimOnce } from '../internal/claim-once.js';
import { NO_ERROR } from '../resource/combine-errors.js';
import { AsyncGen } from './async-gen.js';

/**
 * An {@link AsyncGen} over a Web `ReadableStream` (a `fetch` body, `Blob.stream()`, a
 * `TransformStream`'s readable side): each chunk becomes an `Ok` item, one `read()` per item.
 *
 * A `ReadableStream` can be read once, so this description is ONE-SHOT: its first run locks and
 * consumes the stream, and any later run (of it or of any description built on the same stream)
 * rejects with an error pointing to {@link fromReadableStreamFactory}, never a silent empty
 * stream. Nothing is read before the first pull. The run holds a reader and releases its lock
 * when the run ends. When the run stops early or is aborted, it cancels the reader with the
 * stop's reason at once, which settles a `read()` blocked waiting for data and lets the
 * stream's source release what it holds; the run's cleanup awaits that cancel, and a cancel
 * failure is reported as a cleanup error. A stream error fails the run.
 *
 * @example
 * ```ts
 * const response = await fetch(url);
 * const chunks = Async.fromReadableStream(response.body!); // Ok<Uint8Array> items
 * ```
 */
export function fromReadableStream<T>(stream: ReadableStream<T>): AsyncGen<T, never> {
  checkReadableStream('fromReadableStream', '`stream` to be a ReadableStream', stream);
  const hint = 'fromReadableStreamFactory(() => createTheStream())';
  return new AsyncGen<T, never>(readableStreamSource('fromReadableStream', hint, () => stream));
}

/**
 * A REPLAYABLE {@link AsyncGen} over Web `ReadableStream`s: each run calls `factory(signal)` on
 * its first pull (never before) and streams the fresh stream like {@link fromReadableStream},
 * cancelling it if the run stops before the end. `signal` is the run's own signal.
 *
 * @example
 * ```ts
 * const gen = Async.fromReadableStreamFactory(() => new Blob([text]).stream());
 * ```
 */
export function fromReadableStreamFactory<T>(factory: (signal: AbortSignal) => ReadableStream<T>): AsyncGen<T, never> {
  checkFunction('fromReadableStreamFactory', 'factory', factory);
  const make = (signal: AbortSignal): ReadableStream<unknown> => {
    const stream = factory(signal);
    checkReadableStream('fromReadableStreamFactory', '`factory` to return a ReadableStream', stream);
    return stream;
  };
  return new AsyncGen<T, never>(readableStreamSource('fromReadableStreamFactory', 'a factory that creates a new stream on each call', make));
}

function checkReadableStream(where: string, expected: string, value: unknown): asserts value is ReadableStream<unknown> {
  if (value == null || typeof (value as { getReader?: unknown }).getReader !== 'function') {
    throw new TypeError(`${where}: expected ${expected}, got ${describe(value)}`);
  }
}

function readableStreamSource(
  where: string,
  hint: string,
  make: (signal: AbortSignal) => ReadableStream<unknown>,
): AsyncSource<unknown, unknown> {
  return {
    open(context, out, control) {
      return new ReadableStreamRun(where, hint, make, context, out, control);
    },
  };
}

class ReadableStreamRun implements SourceRun {
  private reader: ReadableStreamDefaultReader<unknown> | undefined;
  /** The stream ended or failed on its own: there is nothing to cancel. */
  private settled = false;
  private cancelling: Promise<void> | undefined;
  private cancelError: unknown = NO_ERROR;
  private unlinkAbort: (() => void) | undefined;

  constructor(
    private readonly where: string,
    private readonly hint: string,
    private readonly make: (signal: AbortSignal) => ReadableStream<unknown>,
    private readonly context: RunContext,
    private readonly out: Emitter<unknown, unknown>,
    private readonly control: Control,
  ) {}

  async pump(): Promise<boolean> {
    const reader = this.reader ?? this.begin();
    const { control, out } = this;
    while (control.pulling && !control.stopped) {
      let step: ReadableStreamReadResult<unknown>;
      try {
        step = await reader.read();
      } catch (error) {
        this.settled = true;
        throw error;
      }
      if (step.done) {
        this.settled = true;
        return true;
      }
      out.ok(step.value);
    }
    return false;
  }

  /** Awaits the cancel the stop started (a run that did not end on its own was aborted), then unlocks. */
  async close(): Promise<void> {
    this.unlinkAbort?.();
    const reader = this.reader;
    if (reader === undefined) return;
    await this.cancelling;
    reader.releaseLock();
    if (this.cancelError !== NO_ERROR) throw this.cancelError;
  }

  private begin(): ReadableStreamDefaultReader<unknown> {
    const stream = this.make(this.context.signal);
    claimOnce(this.where, stream, 'ReadableStream', this.hint);
    const reader = stream.getReader();
    this.reader = reader;
    const signal = this.context.signal;
    this.unlinkAbort = onAbort(signal, () => {
      this.cancelling = this.cancel(reader, signal.reason);
    });
    return reader;
  }

  /** Cancels unless the stream already settled; a failure is kept for `close` to report. */
  private cancel(reader: ReadableStreamDefaultReader<unknown>, reason: unknown): Promise<void> {
    if (this.settled) return Promise.resolve();
    this.settled = true;
    return reader.cancel(reason).then(undefined, (error: unknown) => {
      this.cancelError = error;
    });
  }
}
