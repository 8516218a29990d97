import { Async, err, type AsyncGen, type ErrInfo, type Result } from 'funcpipe';
import { LineSplitter, type InvalidUtf8, type LineSplitterSettings } from '../internal/line-splitter.js';
import { checkOptions, choiceOption, limitOption } from '../internal/validate.js';
import { httpStatusErrInfo } from './http-errors.js';
import { exchange, failure, settleBody, targetOf, type HttpPool, type HttpRequest } from './http-pool.js';

/** Options of {@link responseLines}. */
export interface ResponseLinesOptions {
  /** The longest line accepted, in bytes; default 16 MiB, `Infinity` for no limit. A longer line is one `LINE_TOO_LONG` `Err` and the stream goes on. */
  readonly maxLineBytes?: number;
  /** `'replace'` (default): invalid UTF-8 becomes U+FFFD; `'error'`: such a line is an `INVALID_UTF8` `Err`. */
  readonly invalidUtf8?: InvalidUtf8;
}

const WHERE = 'responseLines';

/**
 * Seed 001's HTTP line stream: each run sends `request` over the pool and streams the response
 * body's lines as they arrive (NDJSON, logs, server-sent text), splitting them as
 * {@link readLines} does (`\n` or `\r\n`, a last line without newline, `maxLineBytes`,
 * `invalidUtf8`). The body is read chunk by chunk only as fast as the consumer pulls
 * (backpressure reaches the server through TCP).
 *
 * A failure is an `Err` item carrying `context: { method, url, ... }`: a non-2xx status is one
 * `HTTP_<status>` item (body discarded) and the stream ends; a connection failure before or
 * during the body is `HTTP_NETWORK` / `HTTP_TIMEOUT` after the lines already received. A stop
 * (break, `take`, an abort) cancels the request and destroys the body, so the connection never
 * stays busy; an external abort rejects with its own reason, a consumer's stop with nothing.
 *
 * @example
 * ```ts
 * for await (const line of responseLines(pool, { path: '/events.ndjson' })) {
 *   if (line.ok) handle(JSON.parse(line.value));
 * }
 * ```
 */
export function responseLines(pool: HttpPool, request: HttpRequest, options?: ResponseLinesOptions): AsyncGen<string, ErrInfo> {
  const target = targetOf(pool.origin, request);
  const opts = checkOptions(WHERE, options);
  const settings: LineSplitterSettings = {
    where: WHERE,
    source: `${target.method} ${target.url}`,
    details: { context: { method: target.method, url: target.url } },
    maxLineBytes: limitOption(WHERE, 'options.maxLineBytes', opts.maxLineBytes, 1, 16 * 2 ** 20),
    invalidUtf8: choiceOption(WHERE, 'options.invalidUtf8', opts.invalidUtf8, ['replace', 'error'], 'replace'),
  };
  return Async.fromResultProducer((signal) => linesOf(pool, request, settings, signal));
}

async function* linesOf(pool: HttpPool, request: HttpRequest, settings: LineSplitterSettings, signal: AbortSignal): AsyncGenerator<Result<string, ErrInfo>> {
  const target = targetOf(pool.origin, request);
  const sent = await exchange(pool.dispatcher, request, target, signal);
  if (!sent.ok) {
    yield err(sent.error);
    return;
  }
  const { statusCode: status, headers, body } = sent.value;
  try {
    if (status < 200 || status > 299) {
      yield err(httpStatusErrInfo(status, headers, target));
      return;
    }
    const splitter = new LineSplitter(settings);
    const batch: Result<string, ErrInfo>[] = [];
    const chunks = body[Symbol.asyncIterator]();
    for (;;) {
      let step: IteratorResult<Buffer>;
      try {
        step = (await chunks.next()) as IteratorResult<Buffer>;
      } catch (error) {
        yield failure(error, target, signal);
        return;
      }
      if (step.done === true) break;
      splitter.push(step.value, batch);
      for (let i = 0; i < batch.length; i++) yield batch[i] as Result<string, ErrInfo>;
      batch.length = 0;
    }
    splitter.end(batch);
    yield* batch;
  } finally {
    await settleBody(body, signal);
  }
}
