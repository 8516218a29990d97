// The policy of the embedding stage, as data: batch limits, concurrency, and the core's retry,
// call-breaker and rate policies, validated with one strict zod schema (a config file holds it).
import { z } from 'zod';
import { circuitBreaker, createRetry, DEFAULT_RETRYABLE_CODES, policyJsonSchema, type CircuitBreakerPolicy, type RetryPolicy } from 'funcpipe';
import { parseOptions } from './internal/parse-options.js';

/**
 * A field holding one of the core's policies: checked by the core itself (its error names the
 * inner field), described in JSON Schema by the core's own schema of that kind.
 */
function corePolicy<P>(kind: string, check: (policy: P) => unknown) {
  const { $schema: _, ...schema } = policyJsonSchema(kind);
  return z
    .custom<P>()
    .superRefine((value, ctx) => {
      try {
        check(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    })
    .meta(schema);
}

/** The retry the stage uses unless told otherwise (a 500 is worth another try from an embedding service). */
export const STAGE_RETRY_DEFAULTS: RetryPolicy = Object.freeze({ maxAttempts: 6, delay: '250ms', maxDelay: '20s', maxRetryAfter: '60s', retryOn: [...DEFAULT_RETRYABLE_CODES, 'HTTP_500'] });
/** The breaker the stage uses unless told otherwise. */
export const STAGE_BREAKER_DEFAULTS: CircuitBreakerPolicy = Object.freeze({ name: 'embedder', failureRateThreshold: 0.5, minimumCalls: 10, window: { type: 'count' as const, size: 50 } });

/**
 * The embedding stage's policy (see {@link createEmbeddingStage}), as JSON data: unknown keys are
 * rejected and a bad field is a TypeError / RangeError naming it. All fields optional.
 *
 * @example
 * ```json
 * { "maxBatchTokens": 8000, "maxBatchSize": 64, "concurrency": 4,
 *   "retry": { "maxAttempts": 6, "maxRetryAfter": "60s" },
 *   "rateLimit": { "requestsPerMinute": 3000, "tokensPerMinute": 1000000 },
 *   "breaker": { "failureRateThreshold": 0.5, "minimumCalls": 10 } }
 * ```
 */
export const embeddingStagePolicySchema = z.strictObject({
  /** The most tokens (by each chunk's `tokens`) in one call; a chunk above it goes alone. Default 8,192. */
  maxBatchTokens: z.number().int().min(1).max(10_000_000).optional(),
  /** The most inputs in one call. Default 64. */
  maxBatchSize: z.number().int().min(1).max(100_000).optional(),
  /** The most calls in flight at once, over every document the stage embeds. Default 4. */
  concurrency: z.number().int().min(1).max(1_024).optional(),
  /**
   * The core's retry policy for transient failures (`createRetry`), over the stage's defaults:
   * `{ maxAttempts: 6, delay: "250ms", maxDelay: "20s", maxRetryAfter: "60s", retryOn: DEFAULT_RETRYABLE_CODES + "HTTP_500" }`.
   */
  retry: corePolicy<RetryPolicy>('retry', (p) => createRetry({ ...STAGE_RETRY_DEFAULTS, ...p })).optional(),
  /** Limits on calls and tokens per minute; absent: none. */
  rateLimit: z
    .strictObject({
      requestsPerMinute: z.number().gt(0).max(1e9).optional(),
      tokensPerMinute: z.number().gt(0).max(1e12).optional(),
    })
    .optional(),
  /**
   * The core's call circuit breaker (`circuitBreaker`) over the calls, whose trip stops the run;
   * `false` for none. Default `{ name: "embedder", failureRateThreshold: 0.5, minimumCalls: 10, window: { type: "count", size: 50 } }`.
   */
  breaker: z.union([z.literal(false), corePolicy<CircuitBreakerPolicy>('circuitBreaker', (p) => circuitBreaker({ ...STAGE_BREAKER_DEFAULTS, ...p }))]).optional(),
});

/** The embedding stage's policy; see {@link embeddingStagePolicySchema}. */
export type EmbeddingStagePolicy = z.input<typeof embeddingStagePolicySchema>;

/** {@link EmbeddingStagePolicy} with its defaults filled in. */
export interface ResolvedEmbeddingStagePolicy {
  readonly maxBatchTokens: number;
  readonly maxBatchSize: number;
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly rateLimit: { readonly requestsPerMinute?: number | undefined; readonly tokensPerMinute?: number | undefined };
  readonly breaker: CircuitBreakerPolicy | false;
}

/** Validates a policy and fills its defaults (`where` names the caller in errors). */
export function resolveEmbeddingStagePolicy(policy: unknown, where = 'createEmbeddingStage'): ResolvedEmbeddingStagePolicy {
  const p = parseOptions(embeddingStagePolicySchema, policy, where, 'policy');
  return {
    maxBatchTokens: p.maxBatchTokens ?? 8_192,
    maxBatchSize: p.maxBatchSize ?? 64,
    concurrency: p.concurrency ?? 4,
    retry: { ...STAGE_RETRY_DEFAULTS, ...p.retry },
    rateLimit: p.rateLimit ?? {},
    breaker: p.breaker === false ? false : { ...STAGE_BREAKER_DEFAULTS, ...p.breaker },
  };
}
