import { definePolicy, type PolicyKind } from './policy-kind.js';
import { countField, ratioField } from './internal/fields.js';

/**
 * The policy of {@link circuitBreakerRateEmit}, as data (scope: per run; every run of the stream
 * starts with an empty window). All fields optional.
 *
 * @example
 * ```json
 * { "maxRate": 0.2, "window": 100, "minItems": 20 }
 * ```
 */
export interface ErrRatePolicy {
  /** Trip when the share of `Err` items in the window is strictly above this, 0 to 1. Default 0.2. */
  readonly maxRate?: number;
  /** The sliding window: the last `window` items (`Ok` and `Err`). Integer >= 1, default 100. */
  readonly window?: number;
  /** No trip before this many items were seen in all. Integer from 1 to `window`, default 10. */
  readonly minItems?: number;
}

/** The policy of {@link circuitBreakerConsecutiveEmit} (scope: per run). */
export interface ConsecutiveErrPolicy {
  /** Trip at the `maxConsecutive`-th `Err` in a row. Integer >= 1, default 5. */
  readonly maxConsecutive?: number;
}

/** {@link ErrRatePolicy} with its defaults filled in. */
export type ResolvedErrRatePolicy = Required<ErrRatePolicy>;

/** {@link ConsecutiveErrPolicy} with its defaults filled in. */
export type ResolvedConsecutiveErrPolicy = Required<ConsecutiveErrPolicy>;

/** The `errRate` stream breaker's policy kind. */
export const errRatePolicy: PolicyKind<ErrRatePolicy, ResolvedErrRatePolicy> = definePolicy({
  name: 'errRateBreaker',
  scope: 'run',
  summary: 'Stops a stream when the share of Err items over the last `window` items exceeds `maxRate`, once `minItems` were seen.',
  schema: (z) =>
    z
      .strictObject({ maxRate: ratioField(z), window: countField(z, 1), minItems: countField(z, 1) })
      .superRefine((p, ctx) => {
        const window = p.window ?? 100;
        const minItems = p.minItems ?? Math.min(10, window);
        if (minItems > window) ctx.addIssue({ code: 'custom', path: ['minItems'], message: `expected \`minItems\` (${minItems}) to be at most \`window\` (${window}): the window could never hold enough items to trip` });
      }),
  resolve: (p: ErrRatePolicy) => {
    const window = p.window ?? 100;
    return { maxRate: p.maxRate ?? 0.2, window, minItems: p.minItems ?? Math.min(10, window) };
  },
});

/** The `consecutiveErrs` stream breaker's policy kind. */
export const consecutiveErrPolicy: PolicyKind<ConsecutiveErrPolicy, ResolvedConsecutiveErrPolicy> = definePolicy({
  name: 'consecutiveErrBreaker',
  scope: 'run',
  summary: 'Stops a stream at the `maxConsecutive`-th Err item in a row.',
  schema: (z) => z.strictObject({ maxConsecutive: countField(z, 1) }),
  resolve: (p: ConsecutiveErrPolicy) => ({ maxConsecutive: p.maxConsecutive ?? 5 }),
});
