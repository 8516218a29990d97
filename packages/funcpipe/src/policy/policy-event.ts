import type { ErrInfo } from '../result/err-info.js';
import type { Clock } from './clock.js';

/** What every {@link PolicyEvent} carries. */
export interface PolicyEventBase {
  /** The policy kind that decided (`"circuitBreaker"`, `"rateLimit"`, `"retry"`, ...). */
  readonly policy: string;
  /** The policy's `name` field, when it has one (shared limiters and breakers are named). */
  readonly name?: string;
  /** When the decision was made, on the policy's {@link Clock} (ms). */
  readonly at: number;
}

/** A failed attempt will be tried again after `delayMs`. */
export interface RetryEvent extends PolicyEventBase {
  readonly type: 'retry';
  /** The attempt that failed (1 is the first call). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: ErrInfo;
  readonly index?: number;
}

/** An item stops being retried: `reason` says why; `error` is the last failure. */
export interface GiveUpEvent extends PolicyEventBase {
  readonly type: 'giveUp';
  readonly attempts: number;
  readonly reason: 'maxAttempts' | 'notRetryable' | 'budget' | 'deadline';
  readonly error: ErrInfo;
  readonly index?: number;
}

/** A breaker opened (a call breaker) or stopped its stream (a stream breaker). */
export interface TripEvent extends PolicyEventBase {
  readonly type: 'trip';
  /** The rule that fired (`"failureRate"`, `"consecutiveFailures"`, `"probeFailed"`, `"errRate"`, ...). */
  readonly rule: string;
  /** Failures and calls (or items) in the window that made the decision. */
  readonly failures: number;
  readonly calls: number;
  /** For a call breaker: how long it stays open before probing. */
  readonly openForMs?: number;
  /** For a stream breaker: the index of the item at which it tripped. */
  readonly index?: number;
}

/** A call breaker's cool-down ended: it lets probe calls through. */
export interface HalfOpenEvent extends PolicyEventBase {
  readonly type: 'halfOpen';
  readonly probes: number;
}

/** A call breaker closed again (its probes succeeded), or was reset by hand. */
export interface ResetEvent extends PolicyEventBase {
  readonly type: 'reset';
}

/** A call was refused without being made (a breaker is open, or its probes are all in flight). */
export interface RejectEvent extends PolicyEventBase {
  readonly type: 'reject';
  readonly state: 'open' | 'halfOpen';
}

/** A rate limiter made a caller wait `waitMs` for a token. */
export interface ThrottleEvent extends PolicyEventBase {
  readonly type: 'throttle';
  readonly waitMs: number;
}

/** A time limit ran out and its work was aborted. */
export interface TimeoutEvent extends PolicyEventBase {
  readonly type: 'timeout';
  readonly scope: 'attempt' | 'item' | 'run';
  readonly afterMs: number;
  readonly index?: number;
}

/**
 * A decision a policy made, as a value a user can log or count. Every policy entry point takes
 * an `onEvent` runtime option (see {@link PolicyRuntime}) and calls it synchronously, once per
 * decision, after the policy's own state is updated.
 *
 * @example
 * ```ts
 * const counts = new Map<string, number>();
 * const onEvent = (e: PolicyEvent) => counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
 * ```
 */
export type PolicyEvent = RetryEvent | GiveUpEvent | TripEvent | HalfOpenEvent | ResetEvent | RejectEvent | ThrottleEvent | TimeoutEvent;

/** The `type`s of {@link PolicyEvent}. */
export type PolicyEventType = PolicyEvent['type'];

/**
 * What a policy needs besides its data: these are functions and objects, so they never sit in
 * the JSON policy itself but in a second argument. Every time-dependent policy takes `clock`;
 * every policy takes `onEvent`.
 *
 * `onEvent` is user code: a throw from it propagates to whatever made the decision (the call,
 * the pull), like a throw from any other callback, and the policy's state stays as decided.
 */
export interface PolicyRuntime {
  /** The time source; default {@link systemClock}. */
  readonly clock?: Clock;
  /** Called once per decision. */
  readonly onEvent?: (event: PolicyEvent) => void;
}
