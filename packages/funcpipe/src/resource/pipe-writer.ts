import { Writable } from 'node:stream';
import { describe } from '../internal/check.js';
import { NO_ERROR } from './combine-errors.js';

/** Why a {@link PipeWriter} stopped: flushed and ended, the reader went away, or a real failure. */
export type PipeEnding = 'finished' | 'closed-pipe' | 'failed';

/** A backpressure-aware writer that treats a closed pipe as a normal end. Made by {@link pipeWriter}. */
export interface PipeWriter extends AsyncDisposable {
  /** `undefined` while open; then how it ended. */
  readonly endedBy: PipeEnding | undefined;
  /**
   * Writes `chunk`, waiting for `drain` when the stream's buffer is full. Resolves `true`, or
   * `false` once the reader has gone away (the chunk was dropped: nobody can read it). Rejects with
   * any other stream failure, again on every later write, and after `end()`.
   */
  write(chunk: string | Uint8Array): Promise<boolean>;
  /**
   * Ends the stream and waits for it to flush (and, for streams that auto-destroy such as files,
   * sockets and child stdio, to close). A closed pipe resolves; another failure rejects, unless a
   * `write()` already rejected with it. Idempotent: later calls share the promise.
   */
  end(): Promise<void>;
}

const isPipeClosed = (e: unknown): boolean => (e as NodeJS.ErrnoException | null)?.code === 'EPIPE';
const isDestroyed = (e: unknown): boolean => (e as NodeJS.ErrnoException | null)?.code === 'ERR_STREAM_DESTROYED';

class StreamPipeWriter implements PipeWriter {
  readonly #stream: Writable;
  #endedBy: PipeEnding | undefined;
  #failure: unknown = NO_ERROR;
  #failureThrown = false;
  #ending: Promise<void> | undefined;
  #wakers: (() => void)[] = [];
  // Events seen, not stream state: process.stdout resets its state after it "closes".
  #sawFinish = false;
  #sawClose = false;
  readonly #onError = (error: unknown): void => {
    if (this.#endedBy !== 'failed') {
      const pipeGone = isPipeClosed(error) || (isDestroyed(error) && this.#endedBy === 'closed-pipe');
      if (pipeGone) this.#endedBy = 'closed-pipe';
      else this.#fail(error);
    }
    this.#wake();
  };
  readonly #onFinish = (): void => {
    this.#sawFinish = true;
    this.#wake();
  };
  readonly #onClose = (): void => {
    this.#sawClose = true;
    if (this.#endedBy === undefined && (this.#sawFinish || this.#stream.writableFinished)) this.#endedBy = 'finished';
    if (this.#endedBy === undefined) {
      this.#fail(Object.assign(new Error('pipeWriter: the stream closed before the writer ended'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    }
    this.#stream.off('drain', this.#wake).off('finish', this.#onFinish).off('close', this.#onClose);
    this.#wake();
  };
  readonly #wake = (): void => {
    for (const wake of this.#wakers.splice(0)) wake();
  };

  constructor(stream: Writable) {
    this.#stream = stream;
    stream.on('error', this.#onError).on('drain', this.#wake).on('finish', this.#onFinish).on('close', this.#onClose);
    if (stream.errored !== null) this.#onError(stream.errored);
    else if (stream.destroyed) this.#onClose();
  }

  get endedBy(): PipeEnding | undefined {
    return this.#endedBy;
  }

  async write(chunk: string | Uint8Array): Promise<boolean> {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw new TypeError(`pipeWriter.write: expected \`chunk\` to be a string or a Uint8Array, got ${describe(chunk)}`);
    }
    this.#throwFailure();
    if (this.#readerGone()) return false;
    if (this.#ending !== undefined || this.#endedBy === 'finished') {
      throw Object.assign(new Error('pipeWriter.write: write after the stream ended'), { code: 'ERR_STREAM_WRITE_AFTER_END' });
    }
    const stream = this.#stream;
    stream.write(chunk, (error) => error && this.#onError(error));
    while (stream.writableNeedDrain && this.#endedBy === undefined && !stream.destroyed) await this.#nextEvent();
    this.#throwFailure();
    return !this.#readerGone();
  }

  end(): Promise<void> {
    this.#ending ??= this.#finish();
    return this.#ending;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.end();
  }

  async #finish(): Promise<void> {
    const stream = this.#stream;
    if (this.#endedBy === undefined) {
      stream.end();
      while (!this.#sawFinish && !this.#sawClose && this.#endedBy === undefined) await this.#nextEvent();
      if (this.#endedBy === undefined) this.#endedBy = 'finished';
    }
    if (this.#endedBy === 'failed' && !stream.destroyed) stream.destroy();
    while (stream.destroyed && !this.#sawClose) await this.#nextEvent();
    if (!this.#failureThrown) this.#throwFailure();
  }

  #readerGone(): boolean {
    return this.#endedBy === 'closed-pipe';
  }

  #nextEvent(): Promise<void> {
    return new Promise((resolve) => this.#wakers.push(resolve));
  }

  #fail(error: unknown): void {
    this.#endedBy = 'failed';
    this.#failure = error;
  }

  #throwFailure(): void {
    if (this.#failure === NO_ERROR) return;
    this.#failureThrown = true;
    throw this.#failure;
  }
}

/**
 * Wraps a Node `Writable` (a socket, a child's stdin, `process.stdout`, a file stream) for
 * writing until the reader goes away. Selective suppression: a closed pipe (`EPIPE`, and the
 * `ERR_STREAM_DESTROYED` that follows it) is a normal end, `endedBy === 'closed-pipe'`, and
 * `write()` resolves `false`; NOTHING else is suppressed. Use it for output whose reader may
 * quit early, like `funcpipe ... | head`.
 *
 * The writer owns the stream: `end()` / `await using` ends it and waits for it to flush. It
 * listens for `error` from the start and keeps listening, so a failure never crashes the process
 * as an unhandled `error` event; its other listeners go when the stream closes. The first failure
 * is the one reported (later errors of a failed stream are its consequences). Chunks are strings
 * or bytes (not object mode).
 *
 * @example
 * ```ts
 * await using out = pipeWriter(process.stdout);
 * for await (const line of lines) {
 *   if (!(await out.write(line + '\n'))) break; // the reader is gone: stop producing
 * }
 * ```
 */
export function pipeWriter(writable: Writable): PipeWriter {
  if (!(writable instanceof Writable)) {
    throw new TypeError(`pipeWriter: expected \`writable\` to be a Node Writable stream, got ${describe(writable)}`);
  }
  return new StreamPipeWriter(writable);
}
