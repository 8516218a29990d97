import { checkFunction, checkSignal } from '../internal/check.js';
import { MAX_SLEEP_MS } from './clock.js';
import type { CallContext } from './circuit-breaker.js';
import { resolveRuntime, type ResolvedRuntime } from './internal/runtime.js';
import type { PolicyRuntime } from './policy-event.js';
import { rateLimitPolicy, type RateLimitPolicy, type ResolvedRateLimitPolicy } from './rate-limit-policy.js';

interface Waiter {
  readonly since: number;
  readonly resolve: () => void;
  readonly detach: () => void;
}

/**
 * A shared token bucket (see {@link RateLimitPolicy}). Waiters are admitted first come, first
 * served; a wait ends at once when its signal aborts (rejecting with `signal.reason`), and its
 * place is given up. Pass the same object to several stages, runs and wrapped functions to make
 * them share one budget.
 */
export interface RateLimiter {
  /** The policy's `name`. */
  readonly name: string;
  /** Waits for a token and takes it. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Takes a token if one is there and nobody waits; never waits. */
  tryAcquire(): boolean;
  /** Wraps `(value, { signal, ... }) => Promise` so each call first waits for a token. */
  wrap<T, U, C extends CallContext>(f: (value: T, context: C) => U | PromiseLike<U>): (value: T, context: C) => Promise<U>;
  /** Callers waiting for a token. */
  readonly waiting: number;
}

/**
 * Makes a {@link RateLimiter} from a token-bucket policy (data, validated) and runtime options
 * (`clock`, `onEvent`: a `throttle` event for each admission that had to wait).
 *
 * @throws TypeError / RangeError naming the field for an invalid policy.
 * @example
 * ```ts
 * const api = rateLimiter({ name: 'embedding-api', rate: 50, per: '1s', burst: 10 });
 * const embed = api.wrap((chunk: string, { signal }: { signal?: AbortSignal }) => client.embed(chunk, { signal }));
 * pipe(chunks, rateLimit(api), Async.mapAsync((c, ctx) => embed(c, ctx), { concurrency: 4 }));
 * ```
 */
export function rateLimiter(policy: RateLimitPolicy, runtime?: PolicyRuntime): RateLimiter {
  return new TokenBucket(rateLimitPolicy.resolve(policy, 'rateLimiter'), resolveRuntime('rateLimiter', runtime));
}

/** Waits shorter than this (ms) count as done, so float rounding can never make the pump spin. */
const EPSILON_MS = 1e-6;

/**
 * The bucket in its "theoretical arrival time" form (GCRA), equivalent to counting tokens but
 * with no drifting sum: `tat` is when the bucket would be full again; an admission at `now` is
 * allowed while `tat - now <= (burst - 1) * msPerToken`, and moves `tat` one token later.
 */
class TokenBucket implements RateLimiter {
  readonly name: string;
  #tat: number;
  readonly #tolerance: number;
  readonly #queue: Waiter[] = [];
  #pumping = false;
  /** Ends the pump's sleep early (when the last waiter leaves, so no timer outlives the need). */
  #wake: AbortController | undefined;

  constructor(
    private readonly policy: ResolvedRateLimitPolicy,
    private readonly runtime: ResolvedRuntime,
  ) {
    this.name = policy.name;
    this.#tat = runtime.clock.now();
    this.#tolerance = (policy.burst - 1) * policy.msPerToken;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  tryAcquire(): boolean {
    if (this.#queue.length > 0 || this.#wait(this.runtime.clock.now()) > 0) return false;
    this.#take();
    return true;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    checkSignal('RateLimiter.acquire', signal);
    if (signal?.aborted) return Promise.reject(signal.reason as unknown);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        if (this.#queue.length === 0) this.#wake?.abort();
        reject(signal!.reason);
      };
      const waiter: Waiter = { since: this.runtime.clock.now(), resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      if (!this.#pumping) void this.#pump();
    });
  }

  wrap<T, U, C extends CallContext>(f: (value: T, context: C) => U | PromiseLike<U>): (value: T, context: C) => Promise<U> {
    checkFunction('RateLimiter.wrap', 'f', f);
    return async (value, context) => {
      await this.acquire(context?.signal);
      return f(value, context);
    };
  }

  /** How long until a token is there (0: now). */
  #wait(now: number): number {
    const wait = this.#tat - this.#tolerance - now;
    return wait < EPSILON_MS ? 0 : wait;
  }

  #take(): void {
    this.#tat = Math.max(this.#tat, this.runtime.clock.now()) + this.policy.msPerToken;
  }

  /** Admits waiters in order as tokens come; one pump at a time, ending when nobody waits. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    const { clock, onEvent } = this.runtime;
    try {
      while (this.#queue.length > 0) {
        const wait = this.#wait(clock.now());
        if (wait === 0) {
          this.#take();
          const waiter = this.#queue.shift()!;
          waiter.detach();
          waiter.resolve();
          const at = clock.now();
          onEvent?.({ type: 'throttle', policy: 'rateLimit', name: this.name, waitMs: at - waiter.since, at });
          continue;
        }
        const wake = (this.#wake = new AbortController());
        await clock.sleep(Math.min(wait, MAX_SLEEP_MS), wake.signal).catch(() => {});
      }
    } finally {
      this.#wake = undefined;
      this.#pumping = false;
    }
  }
}
