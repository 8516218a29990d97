import { parseDuration, type Duration } from './duration.js';
import { countField, durationField, nameField, positiveDurationField, ratioField } from './internal/fields.js';
import { definePolicy, type PolicyKind } from './policy-kind.js';

/** The window a {@link CircuitBreakerPolicy} measures its failure rate over. */
export type CallWindow =
  /** The outcomes of the last `size` calls. */
  | { readonly type: 'count'; readonly size?: number }
  /** The calls of the last `duration`, counted in `buckets` slices (the oldest slice leaves whole). */
  | { readonly type: 'time'; readonly duration?: Duration; readonly buckets?: number };

/**
 * The policy of {@link circuitBreaker}, as data. Scope: shared: one breaker object holds the state,
 * and every stage, run and call it wraps shares it (name it with `name`). All fields optional.
 *
 * @example
 * ```json
 * { "name": "embedder", "failureRateThreshold": 0.5, "minimumCalls": 20,
 *   "window": { "type": "time", "duration": "30s" }, "coolDown": "10s",
 *   "coolDownBackoff": { "multiplier": 2, "max": "5m" }, "halfOpenProbes": 3 }
 * ```
 */
export interface CircuitBreakerPolicy {
  /** Named in events and snapshots. Default `"circuitBreaker"`. */
  readonly name?: string;
  /** Open when the failure rate in the window is at or above this, 0 to 1. Default 0.5. */
  readonly failureRateThreshold?: number;
  /** No decision before the window holds this many calls. Integer >= 1, default 10; at most a count window's `size`. */
  readonly minimumCalls?: number;
  /** Default `{ type: "count", size: 100 }`; a time window defaults to `duration` "60s", `buckets` 10. */
  readonly window?: CallWindow;
  /** How long the breaker stays open before letting probes through. Default "30s". */
  readonly coolDown?: Duration;
  /**
   * Each time a probe fails and the breaker opens again, the cool-down is multiplied by
   * `multiplier` (number >= 1, default 2), up to `max` (default "5m"); closing resets it.
   * Absent: the cool-down is always `coolDown`.
   */
  readonly coolDownBackoff?: { readonly multiplier?: number; readonly max?: Duration };
  /** Probe calls let through when half-open; all must succeed to close, one failure reopens. Integer >= 1, default 1. */
  readonly halfOpenProbes?: number;
}

/** {@link CircuitBreakerPolicy} with defaults filled in and durations in ms. */
export interface ResolvedCircuitBreakerPolicy {
  readonly name: string;
  readonly failureRateThreshold: number;
  readonly minimumCalls: number;
  readonly window: { readonly type: 'count'; readonly size: number } | { readonly type: 'time'; readonly durationMs: number; readonly buckets: number };
  readonly coolDownMs: number;
  readonly backoff: { readonly multiplier: number; readonly maxMs: number } | undefined;
  readonly halfOpenProbes: number;
}

const where = 'circuitBreaker';

/** The call circuit breaker's policy kind. */
export const circuitBreakerPolicy: PolicyKind<CircuitBreakerPolicy, ResolvedCircuitBreakerPolicy> = definePolicy({
  name: 'circuitBreaker',
  scope: 'shared',
  summary: 'A call circuit breaker: opens when the failure rate over a count or time window reaches a threshold, then probes after a cool-down.',
  schema: (z) =>
    z
      .strictObject({
        name: nameField(z),
        failureRateThreshold: ratioField(z),
        minimumCalls: countField(z, 1),
        window: z
          .discriminatedUnion('type', [
            z.strictObject({ type: z.literal('count'), size: countField(z, 1) }),
            z.strictObject({ type: z.literal('time'), duration: positiveDurationField(z, 'window.duration'), buckets: z.number().int().min(1).max(1000).optional() }),
          ])
          .describe('a window: { "type": "count", "size"?: integer >= 1 } or { "type": "time", "duration"?: duration, "buckets"?: integer from 1 to 1000 }')
          .optional(),
        coolDown: durationField(z),
        coolDownBackoff: z.strictObject({ multiplier: z.number().min(1).max(1000).optional(), max: durationField(z) }).optional(),
        halfOpenProbes: countField(z, 1),
      })
      .superRefine((p, ctx) => {
        const minimumCalls = p.minimumCalls ?? 10;
        if (p.window?.type === 'count' && minimumCalls > (p.window.size ?? 100)) {
          ctx.addIssue({ code: 'custom', path: ['minimumCalls'], message: `expected \`minimumCalls\` (${minimumCalls}) to be at most \`window.size\` (${p.window.size ?? 100}): the window could never hold enough calls to open` });
        }
      }),
  resolve: (p: CircuitBreakerPolicy): ResolvedCircuitBreakerPolicy => {
    const w = p.window ?? { type: 'count' };
    const coolDownMs = parseDuration(p.coolDown ?? '30s', where, 'coolDown');
    const backoff = p.coolDownBackoff;
    return {
      name: p.name ?? 'circuitBreaker',
      failureRateThreshold: p.failureRateThreshold ?? 0.5,
      minimumCalls: p.minimumCalls ?? 10,
      window: w.type === 'count' ? { type: 'count', size: w.size ?? 100 } : { type: 'time', durationMs: parseDuration(w.duration ?? '60s', where, 'window.duration'), buckets: w.buckets ?? 10 },
      coolDownMs,
      backoff: backoff === undefined ? undefined : { multiplier: backoff.multiplier ?? 2, maxMs: Math.max(coolDownMs, parseDuration(backoff.max ?? '5m', where, 'coolDownBackoff.max')) },
      halfOpenProbes: p.halfOpenProbes ?? 1,
    };
  },
});
