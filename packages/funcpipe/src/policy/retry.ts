import type { Attempt, CallScope, RetryHook } from '../async/call-policy.js';
import type { ErrInfo } from '../result/err-info.js';
import { Err, type Result } from '../result/result.js';
import { checkFunction } from '../internal/check.js';
import { MAX_SLEEP_MS } from './clock.js';
import { parseDuration, type Duration } from './duration.js';
import { backoffDelay, type BackoffSettings } from './internal/backoff.js';
import { durationField, nameField, ratioField } from './internal/fields.js';
import { resolveRuntime, type ResolvedRuntime } from './internal/runtime.js';
import type { GiveUpEvent, PolicyRuntime } from './policy-event.js';
import { definePolicy, type PolicyKind } from './policy-kind.js';
import { RetryBudget } from './retry-budget.js';
import { wrapCall, type CallFn, type WrappedCall } from './wrap-call.js';

/**
 * The `ErrInfo` codes a retry policy retries unless told otherwise: HTTP 429, 502, 503, 504, a
 * network failure and an HTTP timeout (as the HTTP adapter names them), a FuncPipe time limit
 * (`TIMEOUT`), and the Node socket errors of a connection that dropped or was refused.
 * Cancellation is never retried, whatever the list says.
 */
export const DEFAULT_RETRYABLE_CODES: readonly string[] = Object.freeze([
  'HTTP_429',
  'HTTP_502',
  'HTTP_503',
  'HTTP_504',
  'HTTP_NETWORK',
  'HTTP_TIMEOUT',
  'TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
]);

/** The shared retry budget of a {@link RetryPolicy}, as data. */
export interface RetryBudgetPolicy {
  /** Retries may be at most this share of the first calls made in the window, 0 to 1. Default 0.2. */
  readonly ratio?: number;
  /** Retries allowed per second of the window on top of the ratio (a floor), a number >= 0. Default 10. */
  readonly minPerSecond?: number;
  /** How far back the budget counts, a duration > 0. Default `"10s"`. */
  readonly window?: Duration;
}

/**
 * A retry policy, as plain JSON data (scope: per item; its budget is shared by everyone using
 * the same {@link Retry} object). All fields optional.
 *
 * @example
 * ```json
 * { "maxAttempts": 4, "backoff": "exponential", "delay": "200ms", "maxDelay": "5s", "jitter": "full",
 *   "retryOn": ["HTTP_503", "TIMEOUT"], "budget": { "ratio": 0.1 } }
 * ```
 */
export interface RetryPolicy {
  /**
   * How many calls an item may take in all, COUNTING THE FIRST: 3 means one call and up to two
   * retries; 1 means no retry. Integer from 1 to 100, default 3.
   */
  readonly maxAttempts?: number;
  /** `"exponential"` (default): `delay`, then x `factor` per retry; `"fixed"`: always `delay`. */
  readonly backoff?: 'fixed' | 'exponential';
  /** The first delay (every delay for `"fixed"`), a duration. Default `"100ms"`. */
  readonly delay?: Duration;
  /** How much each exponential (or decorrelated) delay grows, a number from 1 to 10. Default 2. */
  readonly factor?: number;
  /** The cap on every computed delay, a duration. Default `"10s"`. */
  readonly maxDelay?: Duration;
  /**
   * `"full"` (default): each delay drawn uniformly between 0 and the backoff; `"none"`: exactly
   * the backoff; `"decorrelated"` (exponential only): drawn between `delay` and `factor` x the
   * previous delay, capped at `maxDelay`.
   */
  readonly jitter?: 'none' | 'full' | 'decorrelated';
  /** The `ErrInfo` codes that are retried. Default {@link DEFAULT_RETRYABLE_CODES}. */
  readonly retryOn?: readonly string[];
  /**
   * The cap on a delay the service asked for (`retryAfterMs` on the `ErrInfo`, from HTTP
   * `Retry-After`): the wait is the larger of the backoff and the service's delay, the latter
   * capped at this. A duration, default `"30s"`.
   */
  readonly maxRetryAfter?: Duration;
  /** The retry budget shared by every item; `false` turns it off. Default `{ ratio: 0.2, minPerSecond: 10, window: "10s" }`. */
  readonly budget?: RetryBudgetPolicy | false;
  /** A name for the policy's events. */
  readonly name?: string;
}

/** {@link RetryPolicy} with its defaults filled in and durations in ms. */
export interface ResolvedRetryPolicy extends BackoffSettings {
  readonly maxAttempts: number;
  readonly retryOn: readonly string[];
  readonly maxRetryAfterMs: number;
  readonly budget: { readonly ratio: number; readonly minPerSecond: number; readonly windowMs: number } | false;
  readonly name: string | undefined;
}

/** The retry policy kind (`policyJsonSchema('retry')`). */
export const retryPolicyKind: PolicyKind<RetryPolicy, ResolvedRetryPolicy> = definePolicy({
  name: 'retry',
  scope: 'item',
  summary: 'Retries the failed work of an item with backoff, for the listed ErrInfo codes, within a retry budget shared by every item.',
  schema: (z) =>
    z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(100).optional(),
        backoff: z.enum(['fixed', 'exponential']).optional(),
        delay: durationField(z),
        factor: z.number().min(1).max(10).optional(),
        maxDelay: durationField(z),
        jitter: z.enum(['none', 'full', 'decorrelated']).optional(),
        retryOn: z.array(z.string().min(1)).optional(),
        maxRetryAfter: durationField(z),
        budget: z.union([z.literal(false), z.strictObject({ ratio: ratioField(z), minPerSecond: z.number().min(0).max(1_000_000).optional(), window: durationField(z) })]).optional(),
        name: nameField(z),
      })
      .superRefine((p, ctx) => {
        if (p.jitter === 'decorrelated' && p.backoff === 'fixed') {
          ctx.addIssue({ code: 'custom', path: ['jitter'], message: 'expected `jitter` "decorrelated" only with `backoff` "exponential": decorrelated delays grow, a fixed backoff does not' });
        }
      }),
  resolve: (p: RetryPolicy) => {
    const where = 'createRetry';
    const budget = p.budget === false ? false : p.budget ?? {};
    const windowMs = budget === false ? 0 : parseDuration(budget.window ?? '10s', where, 'budget.window');
    if (budget !== false && windowMs === 0) throw new RangeError(`${where}: expected \`budget.window\` to be a duration > 0, got ${String(budget.window)}`);
    return {
      maxAttempts: p.maxAttempts ?? 3,
      backoff: p.backoff ?? 'exponential',
      jitter: p.jitter ?? 'full',
      delayMs: Math.min(MAX_SLEEP_MS, parseDuration(p.delay ?? '100ms', where, 'delay')),
      factor: p.factor ?? 2,
      maxDelayMs: Math.min(MAX_SLEEP_MS, parseDuration(p.maxDelay ?? '10s', where, 'maxDelay')),
      retryOn: Object.freeze([...(p.retryOn ?? DEFAULT_RETRYABLE_CODES)]),
      maxRetryAfterMs: Math.min(MAX_SLEEP_MS, parseDuration(p.maxRetryAfter ?? '30s', where, 'maxRetryAfter')),
      budget: budget === false ? false : { ratio: budget.ratio ?? 0.2, minPerSecond: budget.minPerSecond ?? 10, windowMs },
      name: p.name,
    };
  },
});

/** Runtime options of {@link createRetry}: the clock and the event sink, plus the source of jitter. */
export interface RetryRuntime extends PolicyRuntime {
  /** Draws in [0, 1) for jitter; default `Math.random`. Tests pass a fixed sequence. */
  readonly random?: () => number;
}

/**
 * Makes a retry policy object from its data (validated: a bad field is a TypeError or
 * RangeError naming it). Use the one object everywhere the same dependency is called: its
 * budget is shared by every item, stage and run it is given to.
 *
 * Three ways to use it: `Async.mapAsync(f, { concurrency, retry })` (and `mapAsyncUnordered`),
 * `Async.liftAsyncItem(fn, { retry })`, and `retry.wrap(fn)` for any `(value, { signal }) => Promise`.
 *
 * Semantics, per item: the work is called; a success ends it. A failure is retried when its
 * `code` is in `retryOn`, fewer than `maxAttempts` calls were made, and the budget has a retry;
 * otherwise the item gives up, and its `Err` is the last failure with `attempts` set (its `cause`
 * is the last cause). Before each retry it waits the backoff (or the service's `retryAfterMs`,
 * capped by `maxRetryAfter`, when longer). A retry re-runs the item's work only, never the
 * source. Cancellation is never retried: an abort during a call or a wait ends the item at once
 * (the wait is abortable) and starts no further attempt. Decisions are `retry` and `giveUp` events.
 *
 * @example
 * ```ts
 * const retry = createRetry({ maxAttempts: 4, delay: '200ms', retryOn: ['HTTP_503', 'TIMEOUT'] }, { onEvent: log });
 * pipe(urls, Async.mapAsync(fetchJson, { concurrency: 8, retry }));
 * const fetchWithRetry = retry.wrap(fetchJson); // (url, { signal }) => Promise<Result<Json, ErrInfo>>
 * ```
 */
export function createRetry(policy: RetryPolicy = {}, runtime?: RetryRuntime): Retry {
  return new Retry(retryPolicyKind.resolve(policy, 'createRetry'), resolveRuntime('createRetry', runtime), runtime?.random);
}

/** A retry policy object (see {@link createRetry}): the settings, the shared budget, the events. */
export class Retry implements RetryHook {
  /** The policy with defaults filled in. */
  readonly settings: ResolvedRetryPolicy;
  private readonly runtime: ResolvedRuntime;
  private readonly random: () => number;
  private readonly budget: RetryBudget | undefined;
  private readonly retryable: ReadonlySet<string>;

  /** @internal Use {@link createRetry}. */
  constructor(settings: ResolvedRetryPolicy, runtime: ResolvedRuntime, random: (() => number) | undefined) {
    if (random !== undefined) checkFunction('createRetry', 'random', random);
    this.settings = settings;
    this.runtime = runtime;
    this.random = random ?? Math.random;
    this.retryable = new Set(settings.retryOn);
    const { budget } = settings;
    this.budget = budget === false ? undefined : new RetryBudget(budget.ratio, budget.minPerSecond, budget.windowMs, runtime.clock);
  }

  /** Counts an item's first attempt in the budget (the protocol `mapAsync` and `liftAsyncItem` use). */
  starting(): void {
    this.budget?.recordCall();
  }

  /** Retries an item whose first attempt failed (the protocol `mapAsync` and `liftAsyncItem` use). */
  recover<U>(failure: ErrInfo, attempt: Attempt<U>, scope: CallScope): Promise<Result<U, ErrInfo>> {
    return this.afterFailure(attempt, scope, failure);
  }

  /**
   * Wraps `fn` so each call runs under this policy; the wrapper resolves with a `Result` (a
   * success, or the `Err` of a call that gave up) and rejects only when its `signal` aborts.
   */
  wrap<T, U>(fn: CallFn<T, U>): WrappedCall<T, U> {
    return wrapCall(fn, { retry: this });
  }

  private async afterFailure<U>(attempt: Attempt<U>, scope: CallScope, failure: ErrInfo): Promise<Result<U, ErrInfo>> {
    const { signal, index } = scope;
    const { settings } = this;
    let error = failure;
    let previousMs = settings.delayMs;
    for (let attempts = 1; ; attempts++) {
      if (signal.aborted) throw signal.reason; // cancellation is never retried
      const reason = this.refusal(error, attempts);
      if (reason !== undefined) return this.giveUp(error, attempts, reason, index);
      const delayMs = this.delay(attempts, previousMs, error);
      previousMs = delayMs;
      this.emit({ type: 'retry', attempt: attempts, delayMs, error, ...at(index) });
      await this.runtime.clock.sleep(delayMs, signal);
      const next = await attempt(signal);
      if (next.ok) return next;
      error = next.error;
    }
  }

  /** Why the item must give up now, if it must. */
  private refusal(error: ErrInfo, attempts: number): GiveUpEvent['reason'] | undefined {
    const code = typeof error === 'object' && error !== null ? (error as Partial<ErrInfo>).code : undefined;
    if (typeof code !== 'string' || !this.retryable.has(code)) return 'notRetryable';
    if (attempts >= this.settings.maxAttempts) return 'maxAttempts';
    if (this.budget !== undefined && !this.budget.tryRetry()) return 'budget';
    return undefined;
  }

  private delay(retry: number, previousMs: number, error: ErrInfo): number {
    const backoff = backoffDelay(this.settings, retry, previousMs, this.random());
    const asked = error.retryAfterMs;
    if (typeof asked !== 'number' || !(asked >= 0)) return backoff;
    return Math.max(backoff, Math.min(asked, this.settings.maxRetryAfterMs));
  }

  private giveUp<U>(error: ErrInfo, attempts: number, reason: GiveUpEvent['reason'], index: number | undefined): Result<U, ErrInfo> {
    const final: ErrInfo = typeof error === 'object' && error !== null ? { ...error, attempts } : error;
    this.emit({ type: 'giveUp', attempts, reason, error: final, ...at(index) });
    return new Err(final);
  }

  private emit(event: { type: 'retry'; attempt: number; delayMs: number; error: ErrInfo; index?: number } | Omit<GiveUpEvent, 'policy' | 'at' | 'name'>): void {
    const { onEvent, clock } = this.runtime;
    if (onEvent === undefined) return;
    const { name } = this.settings;
    onEvent({ ...event, policy: 'retry', at: clock.now(), ...(name === undefined ? {} : { name }) } as Parameters<typeof onEvent>[0]);
  }
}

function at(index: number | undefined): { index?: number } {
  return index === undefined ? {} : { index };
}
