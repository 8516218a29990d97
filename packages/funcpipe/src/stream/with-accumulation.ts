import { checkAnyIterable, describe, isAsyncIterable } from '../internal/check.js';

/**
 * A read-only view of the text accumulated up to one step. Making a view costs O(1): it holds
 * no string, only a position in a shared, append-only chunk log.
 *
 * Costs: `length` and `chunkCount` are O(1). The first read of `text` (or `toString()`) joins the
 * chunks that no earlier read has joined yet, so reading `text` at every step costs O(total size)
 * over the whole stream, not O(n^2); an older view cuts its prefix from the joined text (one
 * slice). Each view caches its string, so later reads are O(1).
 */
export interface AccumulatedText {
  /** Length of the accumulated text, in UTF-16 code units. */
  readonly length: number;
  /** How many chunks the accumulated text is made of. */
  readonly chunkCount: number;
  /** The accumulated text itself, joined on first read (see the costs above). */
  readonly text: string;
  toString(): string;
}

/** One step of {@link streamWithAccumulation}: the new chunk and everything up to and including it. */
export interface AccumulationStep {
  readonly chunk: string;
  readonly accumulated: AccumulatedText;
}

/** The append-only log all views of one run share. */
class ChunkLog {
  count = 0;
  length = 0;
  #joined = '';
  #joinedCount = 0;
  readonly #pending: string[] = [];

  push(chunk: string): void {
    this.#pending.push(chunk);
    this.count += 1;
    this.length += chunk.length;
  }

  /** The text of the first `count` chunks, which is `length` long. */
  prefix(count: number, length: number): string {
    if (count > this.#joinedCount) {
      this.#joined += this.#pending.splice(0, count - this.#joinedCount).join('');
      this.#joinedCount = count;
    }
    return length === this.#joined.length ? this.#joined : this.#joined.slice(0, length);
  }
}

class TextView implements AccumulatedText {
  readonly length: number;
  readonly chunkCount: number;
  readonly #log: ChunkLog;
  #text: string | undefined;

  constructor(log: ChunkLog) {
    this.#log = log;
    this.length = log.length;
    this.chunkCount = log.count;
  }

  get text(): string {
    this.#text ??= this.#log.prefix(this.chunkCount, this.length);
    return this.#text;
  }

  toString(): string {
    return this.text;
  }
}

function checkChunk(chunk: unknown, index: number): asserts chunk is string {
  if (typeof chunk !== 'string') {
    throw new TypeError(`streamWithAccumulation: expected chunk ${index} of \`source\` to be a string, got ${describe(chunk)}`);
  }
}

function* accumulateSync(source: Iterable<string>): Generator<AccumulationStep, string, undefined> {
  const log = new ChunkLog();
  for (const chunk of source) {
    checkChunk(chunk, log.count);
    log.push(chunk);
    yield { chunk, accumulated: new TextView(log) };
  }
  return log.prefix(log.count, log.length);
}

async function* accumulateAsync(source: AsyncIterable<string>): AsyncGenerator<AccumulationStep, string, undefined> {
  const log = new ChunkLog();
  for await (const chunk of source) {
    checkChunk(chunk, log.count);
    log.push(chunk);
    yield { chunk, accumulated: new TextView(log) };
  }
  return log.prefix(log.count, log.length);
}

/**
 * Streams string chunks while keeping the text accumulated so far: yields `{ chunk, accumulated }`
 * per chunk and RETURNS the whole text when the source is exhausted. Use it to show a response as
 * it streams in (an LLM answer, a download) and still have the full text at the end.
 *
 * Async when `source` is async iterable, sync otherwise (same name, same semantics). Lazy: calling
 * it reads nothing; each generator is one run. Total cost is O(total size) (see
 * {@link AccumulatedText} for what each access costs). A chunk that is not a string throws a
 * `TypeError` naming its index. Stopping early (`break`, `return()`, `throw()`) closes the source.
 *
 * @example
 * ```ts
 * const run = streamWithAccumulation(['Hel', 'lo']);
 * let step = run.next();
 * for (; !step.done; step = run.next()) console.log(step.value.chunk, step.value.accumulated.text);
 * // logs 'Hel' 'Hel', then 'lo' 'Hello'; finally step.value === 'Hello'
 * ```
 */
export function streamWithAccumulation(source: AsyncIterable<string>): AsyncGenerator<AccumulationStep, string, undefined>;
export function streamWithAccumulation(source: Iterable<string>): Generator<AccumulationStep, string, undefined>;
export function streamWithAccumulation(
  source: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<AccumulationStep, string, undefined> | Generator<AccumulationStep, string, undefined> {
  if (typeof source === 'string') {
    throw new TypeError('streamWithAccumulation: expected `source` to be an iterable of string chunks, got a string (wrap it in an array)');
  }
  checkAnyIterable('streamWithAccumulation', 'source', source);
  return isAsyncIterable(source) ? accumulateAsync(source) : accumulateSync(source);
}
