import { checkInteger, describe } from '../internal/check.js';
import { combineErrors } from '../resource/combine-errors.js';
import type { Result } from '../result/result.js';
import { checkAsyncGen, checkRunOptions, type AsyncGen } from './async-gen.js';
import { AsyncRun, type RunOptions } from './async-run.js';
import { ErrItemError } from './to-readable.js';

/** Options of {@link toReadableStream}: the run's options plus the stream's shape. */
export interface ToReadableStreamOptions extends RunOptions {
  /** Enqueue the `Result` items themselves, `Err` included, instead of failing on an `Err`. */
  readonly results?: boolean;
  /** How many items the stream pulls ahead of its reader. Default 0: pull only when a read is waiting. */
  readonly highWaterMark?: number;
}

/**
 * Runs the stream as a Web `ReadableStream`: a `fetch`/`Response` body, `Readable.fromWeb`, a
 * `pipeTo` into a `WritableStream`. Data-last, like the other sinks.
 *
 * Semantics: creating the stream starts nothing; the run starts on the first `pull`, and each
 * `pull` takes ONE item. With the default `highWaterMark` of 0 the stream pulls only while a
 * reader waits, so the run never gets ahead of its consumer. `Ok` values are enqueued as chunks
 * (a `Response` body needs `Uint8Array` chunks: encode strings upstream). An `Err` item stops
 * the run and errors the stream with an `ErrItemError` carrying the item's `ErrInfo`; with
 * `results: true` the `Result` objects are enqueued instead. A producer or stage error errors
 * the stream with that error. `cancel()` by the consumer (a reader, `pipeTo`, an aborted HTTP
 * response) stops the run, its signal aborting first, and resolves once the run's cleanup has
 * finished; a cleanup failure rejects it. Lifetimes: the stream closes (or errors) only AFTER the
 * run's cleanup has finished, so a producer's `finally` has run when a reader sees the end.
 *
 * @example
 * ```ts
 * const body = pipe(chunks, Async.map((s: string) => encoder.encode(s)), Async.toReadableStream());
 * return new Response(body, { headers: { 'content-type': 'text/plain' } });
 * ```
 */
export function toReadableStream(options?: ToReadableStreamOptions & { readonly results?: false }): <T, E>(gen: AsyncGen<T, E>) => ReadableStream<T>;
/** With `results: true`: a stream of the `Result` items themselves, `Err` included. */
export function toReadableStream(options: ToReadableStreamOptions & { readonly results: true }): <T, E>(gen: AsyncGen<T, E>) => ReadableStream<Result<T, E>>;
/** With `results` only known at run time: values or `Result` items. */
export function toReadableStream(options?: ToReadableStreamOptions): <T, E>(gen: AsyncGen<T, E>) => ReadableStream<T | Result<T, E>>;
export function toReadableStream(options: ToReadableStreamOptions = {}): <T, E>(gen: AsyncGen<T, E>) => ReadableStream<unknown> {
  checkRunOptions('toReadableStream', options, ['results', 'highWaterMark']);
  if (options.results !== undefined && typeof options.results !== 'boolean') {
    throw new TypeError(`toReadableStream: expected \`options.results\` to be a boolean, got ${describe(options.results)}`);
  }
  const results = options.results === true;
  const highWaterMark = options.highWaterMark ?? 0;
  checkInteger('toReadableStream', 'options.highWaterMark', highWaterMark, 0);
  return <T, E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('toReadableStream', 'gen', gen);
    let run: AsyncRun<T, E> | undefined;
    let finished = false;
    return new ReadableStream<unknown>(
      {
        async pull(controller) {
          run ??= new AsyncRun(gen, options);
          let step: IteratorResult<Result<T, E>, undefined>;
          try {
            step = await run.next();
          } catch (error) {
            if (!finished) controller.error(error);
            finished = true;
            return;
          }
          if (finished) return;
          if (step.done === true) {
            finished = true;
            controller.close();
          } else if (results) {
            controller.enqueue(step.value);
          } else if (step.value.ok) {
            controller.enqueue(step.value.value);
          } else {
            finished = true;
            let failure: unknown = new ErrItemError('toReadableStream', step.value.error);
            await run.return().catch((cleanupError: unknown) => {
              failure = combineErrors(failure, cleanupError);
            });
            controller.error(failure);
          }
        },
        async cancel() {
          finished = true;
          await run?.return();
        },
      },
      { highWaterMark },
    );
  };
}
