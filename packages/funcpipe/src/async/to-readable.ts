import { Readable } from 'node:stream';
import { checkInteger, describe } from '../internal/check.js';
import { combineErrors } from '../resource/combine-errors.js';
import type { ErrInfo } from '../result/err-info.js';
import type { Result } from '../result/result.js';
import { checkAsyncGen, checkRunOptions, type AsyncGen } from './async-gen.js';
import { AsyncRun, type RunOptions } from './async-run.js';

/**
 * The error a stream made by {@link toReadable} or `toReadableStream` fails with when the run
 * produces an `Err` item (unless `results: true` asked for the items themselves). `error` is
 * the item's payload, an {@link ErrInfo} for most FuncPipe streams; it is also the `cause`.
 */
export class ErrItemError<E = ErrInfo> extends Error {
  override readonly name = 'ErrItemError';
  /** The payload of the `Err` item that ended the stream. */
  readonly error: E;
  constructor(where: string, error: E) {
    super(`${where}: the stream produced an Err item${summary(error)}`, { cause: error });
    this.error = error;
  }
}

function summary(error: unknown): string {
  const info = error as Partial<ErrInfo> | null | undefined;
  if (typeof info?.code === 'string' && typeof info.msg === 'string') return ` (${info.code}: ${info.msg})`;
  return '';
}

/** Options of {@link toReadable}: the run's options plus the shape of the Node stream. */
export interface ToReadableOptions extends RunOptions {
  /** `true` (default): one chunk per item. `false`: byte mode; values must be strings, `Buffer`s or `Uint8Array`s. */
  readonly objectMode?: boolean;
  /** Emit the `Result` items themselves, `Err` included, instead of failing on an `Err`. Needs object mode. */
  readonly results?: boolean;
  /** How much the readable buffers ahead of its reader (items, or bytes in byte mode). Node's default when absent. */
  readonly highWaterMark?: number;
}

/**
 * Runs the stream as a Node `Readable`, to hand it to `stream.pipeline`, an HTTP response, or
 * any API that takes a Node stream. Data-last, like the other sinks.
 *
 * Semantics: creating the readable starts nothing; the run starts on the first `_read` and
 * pulls ONE item per `_read`, so Node's backpressure (`highWaterMark`) bounds how far the run
 * gets ahead of the reader. `Ok` values are pushed as chunks (a `null` value, which a `Readable`
 * cannot carry, fails the stream with a `TypeError`). An `Err` item stops the run and destroys
 * the readable with an {@link ErrItemError} carrying the item's `ErrInfo`; with `results: true`
 * the `Result` objects are pushed instead and nothing fails on an `Err`. A producer or stage
 * error destroys the readable with that error. `readable.destroy()` by the consumer stops the
 * run (its signal aborts, so a blocked producer wakes). Lifetimes: `end` and `close` (and
 * `error`) are emitted only AFTER the run's cleanup has finished, so a producer's `finally` has
 * run when they fire; a cleanup failure becomes the stream's error (merged with the error in
 * flight as a `SuppressedError`).
 *
 * @example
 * ```ts
 * await pipeline(pipe(lines, Async.map((l) => `${l}\n`), Async.toReadable({ objectMode: false })), fs.createWriteStream(out));
 * ```
 */
export function toReadable(options: ToReadableOptions = {}): <T, E>(gen: AsyncGen<T, E>) => Readable {
  checkRunOptions('toReadable', options, ['objectMode', 'results', 'highWaterMark']);
  const objectMode = checkFlag('objectMode', options.objectMode, true);
  const results = checkFlag('results', options.results, false);
  if (results && !objectMode) throw new TypeError('toReadable: `options.results` needs object mode; drop `objectMode: false`');
  if (options.highWaterMark !== undefined) checkInteger('toReadable', 'options.highWaterMark', options.highWaterMark, 0);
  const highWaterMark = options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark };
  return <T, E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('toReadable', 'gen', gen);
    let run: AsyncRun<T, E> | undefined;
    const deliver = (step: IteratorResult<Result<T, E>, undefined>): void => {
      if (readable.destroyed) return;
      if (step.done === true) readable.push(null);
      else if (results) readable.push(step.value);
      else if (!step.value.ok) readable.destroy(new ErrItemError('toReadable', step.value.error));
      else if (step.value.value === null) readable.destroy(new TypeError('toReadable: a value was null, which a Node Readable cannot carry (null ends it)'));
      else readable.push(step.value.value);
    };
    const fail = (error: unknown): void => {
      readable.destroy(error as Error);
    };
    const readable = new Readable({
      objectMode,
      ...highWaterMark,
      read() {
        run ??= new AsyncRun(gen, options);
        run.next().then(deliver, fail);
      },
      destroy(error, callback) {
        if (run === undefined) return callback(error);
        run.return().then(
          () => callback(error),
          (cleanupError: unknown) => callback((error === null ? cleanupError : combineErrors(error, cleanupError)) as Error),
        );
      },
    });
    return readable;
  };
}

function checkFlag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`toReadable: expected \`options.${name}\` to be a boolean, got ${describe(value)}`);
  return value;
}
