import { parseDuration, type Duration } from './duration.js';
import { countField, nameField, positiveDurationField } from './internal/fields.js';
import { definePolicy, type PolicyKind } from './policy-kind.js';

/**
 * The policy of a {@link rateLimiter} (a token bucket), as data. Scope: shared: one limiter
 * object holds the bucket; every stage, run and call given the same object draws from it.
 *
 * The bucket holds at most `burst` tokens and starts full; it refills continuously at `rate`
 * tokens per `per`; each admitted item or call takes one. So over any stretch of time `t`, at
 * most `burst + t * rate / per` are admitted.
 *
 * @example
 * ```json
 * { "name": "embedding-api", "rate": 2000, "per": "1s", "burst": 50 }
 * ```
 */
export interface RateLimitPolicy {
  /** Named in events. Default `"rateLimit"`. */
  readonly name?: string;
  /** Tokens added per `per`: a finite number > 0. Required. */
  readonly rate: number;
  /** The period `rate` is counted over: a duration above 0. Default "1s". */
  readonly per?: Duration;
  /** The bucket's size: the most admitted at once after a quiet spell. Integer >= 1, default 1. */
  readonly burst?: number;
}

/** {@link RateLimitPolicy} resolved: the time one token takes to refill, in ms. */
export interface ResolvedRateLimitPolicy {
  readonly name: string;
  readonly msPerToken: number;
  readonly burst: number;
}

/** The rate limiter's policy kind. */
export const rateLimitPolicy: PolicyKind<RateLimitPolicy, ResolvedRateLimitPolicy> = definePolicy({
  name: 'rateLimit',
  scope: 'shared',
  summary: 'A token bucket: at most `burst` at once, refilled at `rate` per `per`.',
  schema: (z) => z.strictObject({ name: nameField(z), rate: z.number().gt(0), per: positiveDurationField(z, 'per'), burst: countField(z, 1) }),
  resolve: (p: RateLimitPolicy) => ({
    name: p.name ?? 'rateLimit',
    msPerToken: parseDuration(p.per ?? '1s', 'rateLimiter', 'per') / p.rate,
    burst: p.burst ?? 1,
  }),
});
