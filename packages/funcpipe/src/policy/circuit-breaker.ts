import { isAbortError } from '../internal/abort.js';
import { checkFunction, describe } from '../internal/check.js';
import { CircuitOpenError } from './circuit-open-error.js';
import { circuitBreakerPolicy, type CircuitBreakerPolicy, type ResolvedCircuitBreakerPolicy } from './circuit-breaker-policy.js';
import { circuitBreakerSnapshotKind, type CircuitBreakerSnapshot } from './circuit-breaker-snapshot.js';
import { CountWindow, TimeWindow, type CallWindow } from './internal/call-window.js';
import { resolveRuntime, type ResolvedRuntime } from './internal/runtime.js';
import type { PolicyEvent, PolicyRuntime } from './policy-event.js';

/** The states of a {@link CircuitBreaker}. */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

/** Runtime options of {@link circuitBreaker}: the clock, the event listener, and what counts as a failure. */
export interface CircuitBreakerRuntime extends PolicyRuntime {
  /** Whether a rejection counts as a failure; default: every rejection but a cancellation (which never counts). */
  readonly isFailure?: (error: unknown) => boolean;
  /** A state to start from, as {@link CircuitBreaker.toJSON} exported it (validated). */
  readonly restore?: CircuitBreakerSnapshot;
}

/** The context a wrapped function receives: at least an optional signal (mapAsync's `{ signal, index }` fits). */
export interface CallContext {
  readonly signal?: AbortSignal;
}

/**
 * A call circuit breaker for per-item calls to a flaky dependency. Closed: calls go through and
 * their outcomes fill the window; once it holds `minimumCalls` calls and the failure rate
 * reaches `failureRateThreshold`, it opens. Open: calls are refused at once with a
 * {@link CircuitOpenError} (the function is not called) until the cool-down has passed. Then
 * half-open: `halfOpenProbes` calls go through as probes (more are refused); if all succeed it
 * closes with an empty window, if one fails it opens again (with a longer cool-down when
 * `coolDownBackoff` is set). A cancelled call (its signal aborted) counts as neither outcome.
 * Outcomes of calls started in an earlier state (before a trip) are ignored.
 *
 * Time comes from the runtime's `clock` (no timers are set: the open state ends when a call or
 * `state` looks at it). Scope: shared: pass the same object to every stage and run.
 */
export interface CircuitBreaker {
  /** The policy's `name`. */
  readonly name: string;
  /** The current state (an open breaker whose cool-down has passed turns half-open here). */
  readonly state: CircuitState;
  /** Runs `fn(signal)` through the breaker. */
  execute<U>(fn: (signal: AbortSignal | undefined) => U | PromiseLike<U>, signal?: AbortSignal): Promise<U>;
  /** Wraps `(value, { signal, ... }) => Promise` so each call goes through the breaker. */
  wrap<T, U, C extends CallContext>(f: (value: T, context: C) => U | PromiseLike<U>): (value: T, context: C) => Promise<U>;
  /** Closes the breaker by hand, with an empty window and the base cool-down (a `reset` event). */
  reset(): void;
  /** The state as JSON, restorable with the `restore` runtime option (times relative to now). */
  toJSON(): CircuitBreakerSnapshot;
}

/**
 * Makes a {@link CircuitBreaker} from a policy (data, validated: see {@link CircuitBreakerPolicy})
 * and runtime options (`clock`, `onEvent`, `isFailure`, `restore`). Events: `trip` (rule
 * `"failureRate"` or `"probeFailed"`), `halfOpen`, `reset`, `reject`.
 *
 * @throws TypeError / RangeError naming the field for an invalid policy, runtime option or snapshot.
 * @example
 * ```ts
 * const breaker = circuitBreaker({ name: 'embedder', failureRateThreshold: 0.5, minimumCalls: 20, coolDown: '10s' });
 * const embed = breaker.wrap((chunk: string, { signal }: { signal?: AbortSignal }) => embedder.embed(chunk, { signal }));
 * pipe(chunks, Async.andThen(Async.liftAsyncItem(async (c: string, signal) => ok(await embed(c, { signal })))));
 * ```
 */
export function circuitBreaker(policy?: CircuitBreakerPolicy, runtime?: CircuitBreakerRuntime): CircuitBreaker {
  const resolved = circuitBreakerPolicy.resolve(policy, 'circuitBreaker');
  const base = resolveRuntime('circuitBreaker', runtime);
  const isFailure = runtime?.isFailure;
  if (isFailure !== undefined) checkFunction('circuitBreaker', 'isFailure', isFailure);
  const breaker = new Breaker(resolved, base, isFailure ?? (() => true));
  if (runtime?.restore !== undefined) breaker.restore(circuitBreakerSnapshotKind.resolve(runtime.restore, 'circuitBreaker: `restore`'));
  return breaker;
}

class Breaker implements CircuitBreaker {
  readonly name: string;
  #state: CircuitState = 'closed';
  /** Bumped at every transition: an outcome of a call started before it is ignored. */
  #generation = 0;
  #openUntil = 0;
  #coolDownMs: number;
  #probesStarted = 0;
  #probesSucceeded = 0;
  readonly #window: CallWindow;

  constructor(
    private readonly policy: ResolvedCircuitBreakerPolicy,
    private readonly runtime: ResolvedRuntime,
    private readonly isFailure: (error: unknown) => boolean,
  ) {
    this.name = policy.name;
    this.#coolDownMs = policy.coolDownMs;
    const w = policy.window;
    this.#window = w.type === 'count' ? new CountWindow(w.size) : new TimeWindow(w.durationMs, w.buckets);
  }

  get state(): CircuitState {
    this.#refresh();
    return this.#state;
  }

  execute<U>(fn: (signal: AbortSignal | undefined) => U | PromiseLike<U>, signal?: AbortSignal): Promise<U> {
    checkFunction('CircuitBreaker.execute', 'fn', fn);
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`CircuitBreaker.execute: expected \`signal\` to be an AbortSignal, got ${describe(signal)}`);
    return this.#call(() => fn(signal), signal);
  }

  wrap<T, U, C extends CallContext>(f: (value: T, context: C) => U | PromiseLike<U>): (value: T, context: C) => Promise<U> {
    checkFunction('CircuitBreaker.wrap', 'f', f);
    return (value, context) => this.#call(() => f(value, context), context?.signal);
  }

  reset(): void {
    this.#close();
  }

  toJSON(): CircuitBreakerSnapshot {
    const now = this.runtime.clock.now();
    const state = this.state;
    return {
      version: 1,
      name: this.name,
      state,
      openRemainingMs: state === 'open' ? Math.max(0, this.#openUntil - now) : 0,
      probesSucceeded: state === 'halfOpen' ? this.#probesSucceeded : 0,
      coolDownMs: this.#coolDownMs,
      window: this.#window.snapshot(now),
    };
  }

  /** @internal Starts from an exported state. */
  restore(snapshot: CircuitBreakerSnapshot): void {
    const now = this.runtime.clock.now();
    this.#generation++;
    this.#state = snapshot.state;
    this.#openUntil = now + snapshot.openRemainingMs;
    this.#coolDownMs = Math.max(this.policy.coolDownMs, snapshot.coolDownMs);
    // Probes in flight when the snapshot was taken are not carried over: they may go again.
    this.#probesSucceeded = snapshot.state === 'halfOpen' ? Math.min(snapshot.probesSucceeded, this.policy.halfOpenProbes - 1) : 0;
    this.#probesStarted = this.#probesSucceeded;
    this.#window.restore(snapshot.window, now);
  }

  async #call<U>(run: () => U | PromiseLike<U>, signal: AbortSignal | undefined): Promise<U> {
    this.#refresh();
    const generation = this.#generation;
    if (this.#state === 'open') throw this.#reject('open', this.#openUntil - this.runtime.clock.now());
    if (this.#state === 'halfOpen') {
      if (this.#probesStarted >= this.policy.halfOpenProbes) throw this.#reject('halfOpen', 0);
      this.#probesStarted++;
    }
    let value: U;
    try {
      value = await run();
    } catch (error) {
      const cancelled = isAbortError(error, signal);
      if (generation === this.#generation) {
        if (cancelled) {
          if (this.#state === 'halfOpen') this.#probesStarted--;
        } else this.#outcome(this.isFailure(error));
      }
      throw error;
    }
    if (generation === this.#generation) this.#outcome(false);
    return value;
  }

  #outcome(failed: boolean): void {
    const now = this.runtime.clock.now();
    if (this.#state === 'halfOpen') {
      if (failed) {
        const { backoff } = this.policy;
        if (backoff !== undefined) this.#coolDownMs = Math.min(backoff.maxMs, this.#coolDownMs * backoff.multiplier);
        this.#open('probeFailed', 1, this.#probesSucceeded + 1, now);
      } else if (++this.#probesSucceeded >= this.policy.halfOpenProbes) this.#close();
      return;
    }
    const window = this.#window;
    window.record(failed, now);
    if (!failed) return;
    const calls = window.calls(now);
    if (calls < this.policy.minimumCalls) return;
    const failures = window.failures(now);
    if (failures / calls >= this.policy.failureRateThreshold) this.#open('failureRate', failures, calls, now);
  }

  #open(rule: string, failures: number, calls: number, now: number): void {
    this.#transition('open');
    this.#openUntil = now + this.#coolDownMs;
    this.#emit({ type: 'trip', policy: 'circuitBreaker', name: this.name, rule, failures, calls, openForMs: this.#coolDownMs, at: now });
  }

  #close(): void {
    this.#transition('closed');
    this.#window.clear();
    this.#coolDownMs = this.policy.coolDownMs;
    this.#emit({ type: 'reset', policy: 'circuitBreaker', name: this.name, at: this.runtime.clock.now() });
  }

  /** An open breaker whose cool-down has passed turns half-open. */
  #refresh(): void {
    if (this.#state !== 'open') return;
    const now = this.runtime.clock.now();
    if (now < this.#openUntil) return;
    this.#transition('halfOpen');
    this.#emit({ type: 'halfOpen', policy: 'circuitBreaker', name: this.name, probes: this.policy.halfOpenProbes, at: now });
  }

  #transition(state: CircuitState): void {
    this.#state = state;
    this.#generation++;
    this.#probesStarted = this.#probesSucceeded = 0;
  }

  #reject(state: 'open' | 'halfOpen', retryAfterMs: number): CircuitOpenError {
    this.#emit({ type: 'reject', policy: 'circuitBreaker', name: this.name, state, at: this.runtime.clock.now() });
    return new CircuitOpenError(this.name, state, Math.max(0, retryAfterMs));
  }

  #emit(event: PolicyEvent): void {
    this.runtime.onEvent?.(event);
  }
}
