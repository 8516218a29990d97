// The protocol between per-item work in the async room (mapAsync, mapAsyncUnordered,
// liftAsyncItem) and the policies that govern it (retry, time limits). The policies live in
// `src/policy/` and implement these interfaces; the async room only knows the interfaces, so
// the layers point one way (async <- policy).

import type { ErrInfo } from '../result/err-info.js';
import { Err, Ok, type Result } from '../result/result.js';
import { isAbortError } from '../internal/abort.js';
import { describe } from '../internal/check.js';

/**
 * One run of an item's work under the signal it must honour. It resolves with the outcome, a
 * failure included, as a `Result`; it rejects only when it was cancelled (`signal` aborted).
 */
export type Attempt<U> = (signal: AbortSignal) => Promise<Result<U, ErrInfo>>;

/** The item a policy is working for: the signal that cancels it, and its position in the stream. */
export interface CallScope {
  readonly signal: AbortSignal;
  readonly index?: number;
}

/**
 * A retry policy as the async room sees it (implemented by `createRetry`), in two steps so the
 * happy path costs nothing beyond counting: `starting` before an item's first attempt, and
 * `recover` only after an attempt failed.
 */
export interface RetryHook {
  /** An item's first attempt is about to start (the policy counts it, for its budget). */
  starting(): void;
  /**
   * The item's first attempt failed with `failure`: runs further attempts (`attempt`) as the
   * policy allows, and resolves with the last outcome (an `Err` that gave up says how many
   * attempts it took). Rejects only when `scope.signal` aborts, with its reason; an abort during
   * a wait between attempts ends the wait at once and starts no further attempt.
   */
  recover<U>(failure: ErrInfo, attempt: Attempt<U>, scope: CallScope): Promise<Result<U, ErrInfo>>;
}

/** Time limits as the async room sees them (implemented by `createTimeouts`). */
export interface TimeoutHook {
  /**
   * Runs `work` within the limit of `scope` (`work` as it is when that limit is not set): past
   * the limit, the signal given to `work` is aborted, `work` is awaited until it has settled,
   * and the outcome is an `Err` with the timeout's own code.
   */
  within<U>(limit: 'attempt' | 'item', work: Attempt<U>, scope: CallScope): Promise<Result<U, ErrInfo>>;
  /** True when a limit for a whole run is set. */
  readonly limitsRuns: boolean;
  /**
   * Starts the run limit of one run: calls `expire(reason)` once when it passes. Returns the
   * function that cancels it (called when the run ends first).
   */
  startRun(expire: (reason: unknown) => void): () => void;
}

/** The policy options of the per-item entry points (`mapAsync`, `mapAsyncUnordered`, `liftAsyncItem`). */
export interface CallPolicies {
  /** Retries each item's work (scope: per item; its budget is shared by everyone using the same object). */
  readonly retry?: RetryHook;
  /** Time limits per attempt, per item and (in `mapAsync`) per run. */
  readonly timeout?: TimeoutHook;
}

/** @internal Reads and checks the policy options; `undefined` when none is set. */
export function checkCallPolicies(where: string, options: CallPolicies): CallPolicies | undefined {
  const { retry, timeout } = options;
  if (retry === undefined && timeout === undefined) return undefined;
  if (retry !== undefined && typeof (retry as Partial<RetryHook> | null)?.recover !== 'function') {
    throw new TypeError(`${where}: expected \`options.retry\` to be a retry policy made by createRetry(...), got ${describe(retry)}`);
  }
  if (timeout !== undefined && typeof (timeout as Partial<TimeoutHook> | null)?.within !== 'function') {
    throw new TypeError(`${where}: expected \`options.timeout\` to be time limits made by createTimeouts(...), got ${describe(timeout)}`);
  }
  return { ...(retry === undefined ? {} : { retry }), ...(timeout === undefined ? {} : { timeout }) };
}

/**
 * @internal Runs one item's work under its policies: the item limit around the retries, the
 * attempt limit around each attempt. (Written out per case: this runs once per item.)
 */
export function callWithPolicies<U>(policies: CallPolicies, work: Attempt<U>, scope: CallScope): Promise<Result<U, ErrInfo>> {
  const { retry, timeout } = policies;
  if (timeout === undefined) return retry === undefined ? work(scope.signal) : retrying(retry, work, scope);
  const attempt: Attempt<U> = (signal) => timeout.within('attempt', work, withSignal(scope, signal));
  if (retry === undefined) return timeout.within('item', attempt, scope);
  return timeout.within('item', (signal) => retrying(retry, attempt, withSignal(scope, signal)), scope);
}

/** One item's attempts under `retry`. */
function retrying<U>(retry: RetryHook, attempt: Attempt<U>, scope: CallScope): Promise<Result<U, ErrInfo>> {
  retry.starting();
  return attempt(scope.signal).then((first) => (first.ok ? first : retry.recover(first.error, attempt, scope)));
}

function withSignal(scope: CallScope, signal: AbortSignal): CallScope {
  return signal === scope.signal ? scope : scope.index === undefined ? { signal } : { signal, index: scope.index };
}

/** What {@link settleAttempt} passes to the work: the attempt's signal, and the item's index when it has one. */
export interface AttemptContext {
  readonly signal: AbortSignal;
  readonly index: number;
}

/**
 * @internal One attempt of throwing work: `f(value, context)` as `Ok`, a throw or rejection as
 * an `Err` (see {@link thrownErrInfo}); a rejection caused by the abort of `context.signal`
 * stays a rejection. One promise hop on top of `f`'s own.
 */
export function settleAttempt<T, U>(f: (value: T, context: AttemptContext) => U | PromiseLike<U>, value: T, context: AttemptContext): Promise<Result<U, ErrInfo>> {
  let outcome: U | PromiseLike<U>;
  try {
    outcome = f(value, context);
  } catch (thrown) {
    return Promise.resolve(thrownErr<U>(thrown, context));
  }
  if (typeof (outcome as { then?: unknown } | null)?.then !== 'function') return Promise.resolve(new Ok(outcome as U));
  return Promise.resolve(outcome).then(toOk, (thrown: unknown) => thrownErr<U>(thrown, context));
}

function toOk<U>(value: U): Result<U, ErrInfo> {
  return new Ok(value);
}

function thrownErr<U>(thrown: unknown, { signal, index }: AttemptContext): Result<U, ErrInfo> {
  if (isAbortError(thrown, signal)) throw thrown;
  return new Err(thrownErrInfo(thrown, 'THROWN', index < 0 ? undefined : index));
}

/**
 * @internal The `ErrInfo` of a value thrown by per-item work: an `ErrInfo` itself as it is; an
 * object with a string `code` (a Node system error, an HTTP error) keeps that code (and a
 * numeric `retryAfterMs`); anything else gets `fallbackCode`. The thrown value is the `cause`.
 */
export function thrownErrInfo(thrown: unknown, fallbackCode: string, index: number | undefined): ErrInfo {
  const at = index === undefined ? {} : { index };
  if (typeof thrown !== 'object' || thrown === null) return { code: fallbackCode, msg: String(thrown), cause: thrown, ...at };
  const { code, msg, message, retryAfterMs } = thrown as { code?: unknown; msg?: unknown; message?: unknown; retryAfterMs?: unknown };
  if (!(thrown instanceof Error) && typeof code === 'string' && typeof msg === 'string') return { ...(thrown as ErrInfo), ...at };
  const text = typeof message === 'string' ? message : String(thrown);
  const delay = typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? { retryAfterMs } : {};
  return { code: typeof code === 'string' ? code : fallbackCode, msg: text, cause: thrown, ...delay, ...at };
}
