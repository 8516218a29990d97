// `createEmbeddingStage`: the resilient batch embedder of the pipeline. One document's chunks in,
// one Result per chunk out, in order: batches by a token budget, transient failures retried
// (core retry: jittered backoff, Retry-After, a budget), rejected batches split in halves until
// the bad chunk stands alone, optional request and token rate limits, and a call breaker whose
// trip stops the run like a quota or auth failure does.
import { setMaxListeners } from 'node:events';
import { circuitBreaker, createRetry, err, ok, rateLimiter, systemClock, type CircuitBreaker, type Clock, type ErrInfo, type PolicyEvent, type RateLimiter, type Result, type WrappedCall } from 'funcpipe';
import type { Chunk } from '../domain/chunk.js';
import { EmbedError, type Embedder } from './embedder.js';
import { resolveEmbeddingStagePolicy, type EmbeddingStagePolicy } from './embedding-stage-policy.js';
import { EmbeddingStopped, type StopReason } from './embedding-stopped.js';
import { planBatches } from './internal/batches.js';
import { CallSlots } from './internal/call-slots.js';
import { followSignals } from './internal/follow-signals.js';
import { describe } from './internal/parse-options.js';
import { TokenRate } from './internal/token-rate.js';

/** What the stage reports as it works (for progress and `--events`), synchronously, once per event. */
export type EmbeddingEvent =
  /** One call to the embedder ended: `outcome` `"ok"` or the failure's code. */
  | { readonly type: 'call'; readonly inputs: number; readonly tokens: number; readonly outcome: string }
  /** A failed call will be made again after `delayMs`. */
  | { readonly type: 'retry'; readonly attempt: number; readonly delayMs: number; readonly code: string }
  /** A rejected batch of `size` chunks is split in two halves. */
  | { readonly type: 'split'; readonly size: number }
  /** The service rejected this one chunk: it gets the Err, its neighbours their vectors. */
  | { readonly type: 'rejected'; readonly ordinal: number; readonly msg: string }
  /** A call waited `waitMs` for the request or token rate limit, or for the pause a service's `Retry-After` asked for. */
  | { readonly type: 'throttle'; readonly limit: 'requests' | 'tokens' | 'retryAfter'; readonly waitMs: number }
  /** The run stops (see {@link EmbeddingStopped}). */
  | { readonly type: 'stop'; readonly reason: StopReason; readonly msg: string };

/** The stage's counters since it was made. */
export interface EmbeddingStageStats {
  /** Calls made to the embedder (retries and split halves included). */
  readonly calls: number;
  /** Inputs sent in those calls. */
  readonly inputs: number;
  readonly retries: number;
  readonly splits: number;
  /** Chunks the service rejected on their own. */
  readonly rejectedChunks: number;
  /** Chunks that got an Err for another reason (retries given up, a malformed answer). */
  readonly failedChunks: number;
  /** Calls that waited for a rate limit, and how long in all (ms). */
  readonly throttleWaits: number;
  readonly throttledMs: number;
}

/** Runtime options of {@link createEmbeddingStage}: functions and objects, never in the JSON policy. */
export interface EmbeddingStageRuntime {
  /** The time source of the retry waits, the breaker and the rate limits; default `systemClock`. */
  readonly clock?: Clock;
  /** Draws in [0, 1) for retry jitter; default `Math.random`. */
  readonly random?: () => number;
  /** Called once per {@link EmbeddingEvent}. */
  readonly onEvent?: (event: EmbeddingEvent) => void;
}

/** The resilient batch embedder; one object per run (its breaker, budget and limits are shared by every document). */
export interface EmbeddingStage {
  /**
   * Embeds the chunks of one document: one `Result` per chunk, in order (`Ok(vector)`, or the
   * `Err` of that chunk, with `index` its position and `context.ordinal`). Rejects with
   * {@link EmbeddingStopped} when the run must stop (quota, auth, breaker; every later call
   * rejects with the same), or with `signal.reason` when `signal` aborts (calls in flight are
   * cancelled first).
   */
  embed(chunks: readonly Chunk[], signal: AbortSignal): Promise<Result<Float32Array, ErrInfo>[]>;
  stats(): EmbeddingStageStats;
  /** The stop, once the run stopped. */
  readonly stopped: EmbeddingStopped | undefined;
}

/**
 * Makes the embedding stage over `embedder` (not owned: dispose the embedder yourself). Per call
 * of `embed(chunks, signal)`: the chunks are cut into batches of at most `maxBatchTokens` tokens
 * (each chunk's `tokens`) and `maxBatchSize` inputs, sent with at most `concurrency` calls in
 * flight over the whole stage, each call first waiting for the rate limits. A transient failure
 * (`retry.retryOn`) is retried with backoff, honouring `Retry-After` (which pauses every call of
 * the stage, not only the one it answered), within the retry budget;
 * when retries give up, the batch's chunks get that `Err`. An `EMBED_REJECTED` batch is split in
 * halves, recursively, so the one bad chunk gets the `Err` and its neighbours their vectors: with
 * `p` bad chunks in a batch of `n`, at most `1 + 2p⌈log2 n⌉` calls. `EMBED_QUOTA`, `EMBED_AUTH`
 * and a trip of the breaker (which counts every failure but a rejection) stop the run. Every chunk
 * that enters is accounted for: a vector, an `Err`, or the whole call rejected.
 *
 * @throws TypeError / RangeError naming the field for an invalid policy or runtime option.
 * @example
 * ```ts
 * const stage = createEmbeddingStage(embedder, { maxBatchTokens: 8000, retry: { maxAttempts: 5 }, rateLimit: { requestsPerMinute: 3000 } }, { onEvent: progress });
 * const results = await stage.embed(chunks, signal); // Result<Float32Array, ErrInfo>[], one per chunk
 * ```
 */
export function createEmbeddingStage(embedder: Embedder, policy?: EmbeddingStagePolicy, runtime: EmbeddingStageRuntime = {}): EmbeddingStage {
  if (typeof (embedder as Partial<Embedder> | null)?.embed !== 'function') throw new TypeError(`createEmbeddingStage: expected \`embedder\` to be an Embedder, got ${describe(embedder)}`);
  if (typeof runtime !== 'object' || runtime === null) throw new TypeError(`createEmbeddingStage: expected \`runtime\` to be an object like { clock, onEvent }, got ${describe(runtime)}`);
  if (runtime.onEvent !== undefined && typeof runtime.onEvent !== 'function') throw new TypeError(`createEmbeddingStage: expected \`runtime.onEvent\` to be a function, got ${describe(runtime.onEvent)}`);
  return new Stage(embedder, policy, runtime);
}

interface Counters {
  calls: number;
  inputs: number;
  retries: number;
  splits: number;
  rejectedChunks: number;
  failedChunks: number;
  throttleWaits: number;
  throttledMs: number;
}

class Stage implements EmbeddingStage {
  stopped: EmbeddingStopped | undefined;
  private readonly counters: Counters = { calls: 0, inputs: 0, retries: 0, splits: 0, rejectedChunks: 0, failedChunks: 0, throttleWaits: 0, throttledMs: 0 };
  private readonly maxBatchTokens: number;
  private readonly maxBatchSize: number;
  private readonly slots: CallSlots;
  private readonly call: WrappedCall<readonly Chunk[], Float32Array[]>;
  private readonly breaker: CircuitBreaker | undefined;
  private readonly requests: RateLimiter | undefined;
  private readonly tokens: TokenRate | undefined;
  private readonly onEvent: ((event: EmbeddingEvent) => void) | undefined;
  /** Aborted (with the EmbeddingStopped) when the run stops: cancels every call in flight. */
  private readonly stopping = new AbortController();
  private lastFailure: ErrInfo | undefined;
  private readonly clock: Clock;
  private readonly maxRetryAfterMs: number;
  /** No call starts before this time: a service's `Retry-After` pauses the whole stage, not only the call it answered. */
  private resumeAt = 0;

  constructor(
    private readonly embedder: Embedder,
    policy: EmbeddingStagePolicy | undefined,
    runtime: EmbeddingStageRuntime,
  ) {
    const p = resolveEmbeddingStagePolicy(policy);
    const clock = (this.clock = runtime.clock ?? systemClock);
    this.onEvent = runtime.onEvent;
    this.maxBatchTokens = p.maxBatchTokens;
    this.maxBatchSize = p.maxBatchSize;
    this.slots = new CallSlots(p.concurrency);
    const retry = createRetry(p.retry, { clock, onEvent: (e) => this.retried(e), ...(runtime.random === undefined ? {} : { random: runtime.random }) });
    this.maxRetryAfterMs = retry.settings.maxRetryAfterMs;
    this.call = retry.wrap((batch, { signal }) => this.attempt(batch, signal));
    this.breaker = p.breaker === false ? undefined : circuitBreaker(p.breaker, { clock, isFailure: countsAsFailure, onEvent: (e) => this.tripped(e) });
    const { requestsPerMinute, tokensPerMinute } = p.rateLimit;
    this.requests = requestsPerMinute === undefined ? undefined : rateLimiter({ name: 'embedding-requests', rate: requestsPerMinute, per: '1m' }, { clock, onEvent: (e) => e.type === 'throttle' && this.throttled('requests', e.waitMs) });
    this.tokens = tokensPerMinute === undefined ? undefined : new TokenRate(tokensPerMinute, clock);
  }

  stats(): EmbeddingStageStats {
    return { ...this.counters };
  }

  async embed(chunks: readonly Chunk[], signal: AbortSignal): Promise<Result<Float32Array, ErrInfo>[]> {
    if (!Array.isArray(chunks)) throw new TypeError(`EmbeddingStage.embed: expected \`chunks\` to be an array of chunks, got ${describe(chunks)}`);
    if (!(signal instanceof AbortSignal)) throw new TypeError(`EmbeddingStage.embed: expected \`signal\` to be an AbortSignal, got ${describe(signal)}`);
    if (this.stopped !== undefined) throw this.stopped;
    if (signal.aborted) throw signal.reason;
    const results = new Array<Result<Float32Array, ErrInfo>>(chunks.length);
    // The call's own signal: aborted by the caller's, by the stage's stop, or by a batch that
    // failed the whole call (its siblings are cancelled).
    const own = new AbortController();
    // Every batch of the call listens on it while it waits for a slot or a reply: as many
    // listeners as batches, each removed when its batch ends, so Node's leak warning (past 10) is
    // a false alarm here.
    setMaxListeners(0, own.signal);
    const unlink = followSignals(own, [signal, this.stopping.signal]);
    const batches = planBatches(chunks, this.maxBatchTokens, this.maxBatchSize);
    const outcomes = await Promise.allSettled(
      batches.map(([lo, hi]) =>
        this.embedRange(chunks, lo, hi, results, own.signal).catch((error: unknown) => {
          own.abort(error);
          throw error;
        }),
      ),
    );
    unlink();
    if (this.stopped !== undefined) throw this.stopped;
    if (signal.aborted) throw signal.reason;
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return results;
  }

  /** Embeds `chunks[lo, hi)` into `results`, splitting a rejected range in halves. */
  private async embedRange(chunks: readonly Chunk[], lo: number, hi: number, results: Result<Float32Array, ErrInfo>[], signal: AbortSignal): Promise<void> {
    const outcome = await this.call(chunks.slice(lo, hi), { signal });
    if (this.stopped !== undefined) throw this.stopped;
    if (outcome.ok) {
      for (let i = lo; i < hi; i++) results[i] = ok(outcome.value[i - lo]!);
      return;
    }
    const error = outcome.error;
    if (error.code === 'EMBED_REJECTED' && hi - lo > 1) {
      this.counters.splits++;
      this.emit({ type: 'split', size: hi - lo });
      const mid = lo + Math.ceil((hi - lo) / 2);
      await Promise.all([this.embedRange(chunks, lo, mid, results, signal), this.embedRange(chunks, mid, hi, results, signal)]);
      return;
    }
    if (error.code === 'EMBED_REJECTED') {
      this.counters.rejectedChunks++;
      this.emit({ type: 'rejected', ordinal: chunks[lo]!.ordinal, msg: error.msg });
    } else this.counters.failedChunks += hi - lo;
    for (let i = lo; i < hi; i++) results[i] = err({ ...error, index: i, context: { ...error.context, ordinal: chunks[i]!.ordinal } });
  }

  /** One call: the rate limits, a slot, the breaker, the embedder. A failure is thrown as its ErrInfo (the retry policy reads its code). */
  private async attempt(batch: readonly Chunk[], signal: AbortSignal): Promise<Float32Array[]> {
    let tokens = 0;
    for (const chunk of batch) tokens += chunk.tokens;
    if (this.requests !== undefined) await this.requests.acquire(signal);
    if (this.tokens !== undefined) {
      const waited = await this.tokens.take(tokens, signal);
      if (waited > 0) this.throttled('tokens', waited);
    }
    await this.slots.acquire(signal);
    const texts = batch.map((chunk) => chunk.text);
    try {
      // Checked with the slot held, so a call queued behind the one a 429 answered waits too.
      for (let pause = this.resumeAt - this.clock.now(); pause > 0; pause = this.resumeAt - this.clock.now()) {
        await this.clock.sleep(pause, signal);
        this.throttled('retryAfter', pause);
      }
      this.counters.calls++;
      this.counters.inputs += batch.length;
      // The failure is noted before the breaker sees it, so a trip names the failure that caused it.
      const run = (): Promise<Float32Array[]> => this.embedder.embed(texts, signal).catch((error: unknown) => this.failed(error, signal));
      const vectors = await (this.breaker === undefined ? run() : this.breaker.execute(run, signal));
      if (!Array.isArray(vectors) || vectors.length !== texts.length) {
        throw new EmbedError({ code: 'EMBED_PROTOCOL', msg: `the embedder returned ${Array.isArray(vectors) ? vectors.length : describe(vectors)} vectors for ${texts.length} texts` });
      }
      this.emit({ type: 'call', inputs: batch.length, tokens, outcome: 'ok' });
      return vectors;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const info = infoOf(error);
      this.emit({ type: 'call', inputs: batch.length, tokens, outcome: info.code });
      if (info.code === 'EMBED_QUOTA') this.stop('quota', info);
      else if (info.code === 'EMBED_AUTH') this.stop('auth', info);
      if (this.stopped !== undefined) throw this.stopped;
      throw info;
    } finally {
      this.slots.release();
    }
  }

  /** Notes a failed embedder call (the breaker's trip names it), and rethrows it. */
  private failed(error: unknown, signal: AbortSignal): never {
    if (!signal.aborted) {
      const info = infoOf(error);
      if (info.code !== 'EMBED_REJECTED') this.lastFailure = info;
      const asked = info.retryAfterMs;
      if (typeof asked === 'number' && asked > 0) this.resumeAt = Math.max(this.resumeAt, this.clock.now() + Math.min(asked, this.maxRetryAfterMs));
    }
    throw error;
  }

  private stop(reason: StopReason, info: ErrInfo, window?: { failures: number; calls: number }): void {
    if (this.stopped !== undefined) return;
    const stopped = (this.stopped = new EmbeddingStopped(reason, info, window));
    this.emit({ type: 'stop', reason, msg: stopped.message });
    this.stopping.abort(stopped);
  }

  private retried(event: PolicyEvent): void {
    if (event.type !== 'retry') return;
    this.counters.retries++;
    this.emit({ type: 'retry', attempt: event.attempt, delayMs: event.delayMs, code: event.error.code });
  }

  private tripped(event: PolicyEvent): void {
    if (event.type !== 'trip') return;
    const last = this.lastFailure ?? { code: 'CIRCUIT_OPEN', msg: 'the breaker opened' };
    this.stop('breaker', last, { failures: event.failures, calls: event.calls });
  }

  private throttled(limit: 'requests' | 'tokens' | 'retryAfter', waitMs: number): void {
    this.counters.throttleWaits++;
    this.counters.throttledMs += waitMs;
    this.emit({ type: 'throttle', limit, waitMs });
  }

  private emit(event: EmbeddingEvent): void {
    this.onEvent?.(event);
  }
}

/** The breaker counts every failure but a rejected input (the batch's fault, not the service's). */
function countsAsFailure(error: unknown): boolean {
  return !(error instanceof EmbedError && error.info.code === 'EMBED_REJECTED');
}

/** The ErrInfo of a failed embedder call (an EmbedError's own; anything else thrown is `EMBED_FAILED`). */
function infoOf(error: unknown): ErrInfo {
  return error instanceof EmbedError ? error.info : { code: 'EMBED_FAILED', msg: error instanceof Error ? error.message : String(error), cause: error };
}
