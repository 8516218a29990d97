import type { WindowSnapshot } from './internal/call-window.js';
import { definePolicy, type PolicyKind } from './policy-kind.js';

/**
 * A {@link CircuitBreaker}'s state as JSON (`breaker.toJSON()`, so `JSON.stringify(breaker)`
 * works), restorable with `circuitBreaker(policy, { restore })`: in another process too, as
 * every time in it is relative to the moment it was taken.
 */
export interface CircuitBreakerSnapshot {
  readonly version: 1;
  readonly name: string;
  readonly state: 'closed' | 'open' | 'halfOpen';
  /** For an open breaker: how much of its cool-down was left. */
  readonly openRemainingMs: number;
  /** For a half-open breaker: probes that already succeeded. */
  readonly probesSucceeded: number;
  /** The current cool-down (grown by `coolDownBackoff` after failed probes). */
  readonly coolDownMs: number;
  /** The window's outcomes (count) or buckets with their age (time). */
  readonly window: WindowSnapshot;
}

/** Validation of a snapshot handed to `restore` (it may come from a file). */
export const circuitBreakerSnapshotKind: PolicyKind<CircuitBreakerSnapshot, CircuitBreakerSnapshot> = definePolicy({
  name: 'circuitBreakerSnapshot',
  scope: 'shared',
  summary: 'The exported state of a call circuit breaker.',
  schema: (z) => {
    const count = z.number().int().min(0);
    return z.strictObject({
      version: z.literal(1),
      name: z.string(),
      state: z.enum(['closed', 'open', 'halfOpen']),
      openRemainingMs: z.number().min(0),
      probesSucceeded: count,
      coolDownMs: z.number().min(0),
      window: z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('count'), outcomes: z.array(z.union([z.literal(0), z.literal(1)])) }),
        z.strictObject({ type: z.literal('time'), sliceElapsedMs: z.number().min(0), buckets: z.array(z.strictObject({ slicesAgo: count, calls: count, failures: count })) }),
      ]),
    });
  },
  resolve: (snapshot: CircuitBreakerSnapshot) => snapshot,
});
