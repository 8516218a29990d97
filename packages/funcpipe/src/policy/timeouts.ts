import type { Attempt, CallScope, TimeoutHook } from '../async/call-policy.js';
import type { ErrInfo } from '../result/err-info.js';
import { Err, type Result } from '../result/result.js';
import { onAbort } from '../internal/abort.js';
import { warnLateFailure } from '../internal/late-failure.js';
import { MAX_SLEEP_MS } from './clock.js';
import { parseDuration, type Duration } from './duration.js';
import { durationField, nameField } from './internal/fields.js';
import { resolveRuntime, type ResolvedRuntime } from './internal/runtime.js';
import type { PolicyRuntime, TimeoutEvent } from './policy-event.js';
import { definePolicy, type PolicyKind } from './policy-kind.js';
import { wrapCall, type CallFn, type WrappedCall } from './wrap-call.js';

/** The `code` of the `Err` an item gets when a time limit runs out. */
export const TIMEOUT_CODE = 'TIMEOUT';

/**
 * Time limits, as plain JSON data. Each limit is a duration > 0 and has its own scope; a limit
 * left out is not enforced (there is no default limit).
 *
 * @example
 * ```json
 * { "attempt": "2s", "item": "10s", "run": "5m" }
 * ```
 */
export interface TimeoutPolicy {
  /** Scope: per attempt. Each call of an item's work; with a retry policy, a timed-out call is retried (`TIMEOUT` is retryable by default). */
  readonly attempt?: Duration;
  /** Scope: per item. All of an item's attempts and the waits between them; not retried. */
  readonly item?: Duration;
  /** Scope: per run (mapAsync / mapAsyncUnordered only). From a run's first pull: past it, the run fails with a `TimeoutError`. */
  readonly run?: Duration;
  /** A name for the policy's events. */
  readonly name?: string;
}

/** {@link TimeoutPolicy} in ms (`undefined`: no limit). */
export interface ResolvedTimeoutPolicy {
  readonly attemptMs: number | undefined;
  readonly itemMs: number | undefined;
  readonly runMs: number | undefined;
  readonly name: string | undefined;
}

/** The time-limit policy kind (`policyJsonSchema('timeout')`). */
export const timeoutPolicyKind: PolicyKind<TimeoutPolicy, ResolvedTimeoutPolicy> = definePolicy({
  name: 'timeout',
  scope: 'item',
  summary: 'Time limits per attempt, per item and per run; the work is cancelled through its AbortSignal and awaited, and a timed-out item is an Err with code TIMEOUT.',
  schema: (z) => z.strictObject({ attempt: durationField(z), item: durationField(z), run: durationField(z), name: nameField(z) }),
  resolve: (p: TimeoutPolicy) => ({
    attemptMs: limit(p.attempt, 'attempt'),
    itemMs: limit(p.item, 'item'),
    runMs: limit(p.run, 'run'),
    name: p.name,
  }),
});

function limit(value: Duration | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value, 'createTimeouts', field);
  if (ms === 0 || ms > MAX_SLEEP_MS) {
    throw new RangeError(`createTimeouts: expected \`${field}\` to be a duration from 1 ms to ${MAX_SLEEP_MS} ms (a limit of 0 could never be met), got ${String(value)}`);
  }
  return ms;
}

/**
 * Makes a time-limits object from its data (validated; a bad field is a TypeError or RangeError
 * naming it). Pass it as `timeout` to `Async.mapAsync` / `mapAsyncUnordered` / `liftAsyncItem`,
 * or wrap a call with `timeouts.wrap(fn)`.
 *
 * Enforcement: a limit that runs out aborts the `AbortSignal` the work was given (linked to the
 * run's, so the work is really cancelled, not abandoned), then waits until the work has settled:
 * in `mapAsync` the item keeps its concurrency slot until then, so timed-out work never pushes
 * the calls in flight above `concurrency` (work that ignores its signal holds its slot). The
 * outcome is an `Err` with code `TIMEOUT` (`context.limit` says which limit, `context.limitMs`
 * its length), whatever the work did after the abort. Each limit is a `timeout` event.
 *
 * @example
 * ```ts
 * const timeout = createTimeouts({ attempt: '2s', item: '10s' });
 * pipe(ids, Async.mapAsync(lookup, { concurrency: 8, timeout, retry }));
 * ```
 */
export function createTimeouts(policy: TimeoutPolicy = {}, runtime?: PolicyRuntime): Timeouts {
  return new Timeouts(timeoutPolicyKind.resolve(policy, 'createTimeouts'), resolveRuntime('createTimeouts', runtime));
}

/** A time-limits object (see {@link createTimeouts}). */
export class Timeouts implements TimeoutHook {
  /** The limits in ms. */
  readonly settings: ResolvedTimeoutPolicy;
  private readonly runtime: ResolvedRuntime;

  /** @internal Use {@link createTimeouts}. */
  constructor(settings: ResolvedTimeoutPolicy, runtime: ResolvedRuntime) {
    this.settings = settings;
    this.runtime = runtime;
  }

  /** True when a run limit is set. */
  get limitsRuns(): boolean {
    return this.settings.runMs !== undefined;
  }

  /** Runs `work` within the attempt or item limit (the protocol `mapAsync` uses). */
  within<U>(scope: 'attempt' | 'item', work: Attempt<U>, call: CallScope): Promise<Result<U, ErrInfo>> {
    const ms = scope === 'attempt' ? this.settings.attemptMs : this.settings.itemMs;
    return ms === undefined ? work(call.signal) : this.limited(scope, ms, work, call);
  }

  /** Starts the run limit of one run (the protocol `mapAsync` uses). */
  startRun(expire: (reason: unknown) => void): () => void {
    const ms = this.settings.runMs;
    if (ms === undefined) return noop;
    return this.timer(ms, () => {
      expire(new DOMException(`the run did not finish within its ${ms} ms limit`, 'TimeoutError'));
      this.emit('run', ms, undefined);
    });
  }

  /** Wraps `fn` so each call runs within the attempt and item limits (see `wrapCall`). */
  wrap<T, U>(fn: CallFn<T, U>): WrappedCall<T, U> {
    return wrapCall(fn, { timeout: this });
  }

  private async limited<U>(scope: 'attempt' | 'item', ms: number, work: Attempt<U>, call: CallScope): Promise<Result<U, ErrInfo>> {
    const outer = call.signal;
    if (outer.aborted) throw outer.reason;
    const controller = new AbortController();
    const unlink = onAbort(outer, () => controller.abort(outer.reason));
    let expired = false;
    const stopTimer = this.timer(ms, () => {
      expired = true;
      controller.abort(new DOMException(`the ${scope} did not finish within its ${ms} ms limit`, 'TimeoutError'));
      this.emit(scope, ms, call.index);
    });
    try {
      const result = await work(controller.signal);
      return expired && !outer.aborted ? timedOut(scope, ms, call.index, undefined) : result;
    } catch (error) {
      if (expired && !outer.aborted) return timedOut(scope, ms, call.index, error);
      throw error;
    } finally {
      stopTimer();
      unlink();
    }
  }

  /**
   * Calls `fire` after `ms` on the policy's clock; returns what cancels it. A timer has no caller
   * to throw to: a throw from `fire` (an `onEvent` that throws) becomes a process warning.
   */
  private timer(ms: number, fire: () => void): () => void {
    const cancel = new AbortController();
    this.runtime.clock.sleep(ms, cancel.signal).then(() => {
      try {
        fire();
      } catch (error) {
        warnLateFailure('A time limit\'s onEvent callback', error);
      }
    }, noop);
    return () => cancel.abort();
  }

  private emit(scope: TimeoutEvent['scope'], afterMs: number, index: number | undefined): void {
    const { onEvent, clock } = this.runtime;
    if (onEvent === undefined) return;
    const { name } = this.settings;
    onEvent({ type: 'timeout', policy: 'timeout', at: clock.now(), scope, afterMs, ...(name === undefined ? {} : { name }), ...(index === undefined ? {} : { index }) });
  }
}

function timedOut<U>(scope: 'attempt' | 'item', ms: number, index: number | undefined, cause: unknown): Result<U, ErrInfo> {
  return new Err({
    code: TIMEOUT_CODE,
    msg: `the ${scope} did not finish within its ${ms} ms limit`,
    context: { limit: scope, limitMs: ms },
    ...(cause === undefined ? {} : { cause }),
    ...(index === undefined ? {} : { index }),
  });
}

function noop(): void {}
