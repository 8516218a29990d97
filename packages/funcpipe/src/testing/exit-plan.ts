import type * as FastCheck from 'fast-check';

/** How the kit's consumer ends a case. */
export type ConsumerPlan =
  | { readonly kind: 'drain' }
  | { readonly kind: 'break'; readonly at: number }
  | { readonly kind: 'throw'; readonly at: number };

/** How long a kit resource's read takes: at once, after a microtask, or after a timer. */
export type ReadDelay = 'now' | 'microtask' | 'timer';

/**
 * One case of the conformance kit: how much the resources hold, where faults strike and how the
 * consumer leaves. Resources are numbered in the order they are opened (from 0); a plan's lists
 * name them by that number, and `items` is cycled for resources beyond its length.
 */
export interface ExitPlan {
  /** Items each resource holds before it ends, by opening order (cycled). */
  readonly items: readonly number[];
  /** Delay of each read, cycled over the reads of a case. */
  readonly delays: readonly ReadDelay[];
  /** The consumer drains, breaks after item `at` (0-based), or throws after it. */
  readonly consumer: ConsumerPlan;
  /** A read that throws: resource `resource`'s read number `index`. */
  readonly producerThrow?: { readonly resource: number; readonly index: number };
  /** Abort the run's signal this many milliseconds after it starts. */
  readonly abortAfterMs?: number;
  /** Resources whose release throws. */
  readonly releaseThrows: readonly number[];
  /** A resource whose release takes longer than the close deadline. */
  readonly slowRelease?: number;
  /** Resources whose reads ignore the signal: their timers fire late, after a stop. */
  readonly deaf: readonly number[];
}

/** Limits of generated plans. */
export interface PlanLimits {
  /** Most items a resource holds. */
  readonly maxItems: number;
  /** Faults the kit may inject; all by default. */
  readonly faults: ReadonlySet<PlanFault>;
}

/** The kinds of exit the kit can generate (each can be switched off). */
export type PlanFault = 'break' | 'consumer-throw' | 'producer-throw' | 'abort' | 'release-throw' | 'slow-release' | 'late-timer';

/** Every {@link PlanFault}. */
export const PLAN_FAULTS: readonly PlanFault[] = ['break', 'consumer-throw', 'producer-throw', 'abort', 'release-throw', 'slow-release', 'late-timer'];

/** The fast-check arbitrary of {@link ExitPlan}s within `limits`. */
export function exitPlans(fc: typeof FastCheck, limits: PlanLimits): FastCheck.Arbitrary<ExitPlan> {
  const on = (fault: PlanFault): boolean => limits.faults.has(fault);
  const ordinal = fc.nat({ max: 5 });
  const consumers: FastCheck.Arbitrary<ConsumerPlan>[] = [fc.constant({ kind: 'drain' as const })];
  if (on('break')) consumers.push(fc.record({ kind: fc.constant('break' as const), at: fc.nat({ max: 8 }) }));
  if (on('consumer-throw')) consumers.push(fc.record({ kind: fc.constant('throw' as const), at: fc.nat({ max: 8 }) }));
  const maybe = <T>(enabled: boolean, arb: FastCheck.Arbitrary<T>): FastCheck.Arbitrary<T | undefined> =>
    enabled ? fc.option(arb, { nil: undefined, freq: 3 }) : fc.constant(undefined);
  return fc
    .record({
      items: fc.array(fc.nat({ max: limits.maxItems }), { minLength: 1, maxLength: 4 }),
      delays: fc.array(fc.constantFrom<ReadDelay>('now', 'microtask', 'timer'), { minLength: 1, maxLength: 4 }),
      consumer: fc.oneof(...consumers),
      producerThrow: maybe(on('producer-throw'), fc.record({ resource: ordinal, index: fc.nat({ max: limits.maxItems }) })),
      abortAfterMs: maybe(on('abort'), fc.nat({ max: 4 })),
      releaseThrows: on('release-throw') ? fc.uniqueArray(ordinal, { maxLength: 3 }) : fc.constant([]),
      slowRelease: maybe(on('slow-release'), ordinal),
      deaf: on('late-timer') ? fc.uniqueArray(ordinal, { maxLength: 2 }) : fc.constant([]),
    })
    .map((plan) => {
      // A slow release runs past the deadline: what is released after it is released late, so a
      // release failure then would be a warning rather than part of the caller's error. Keep the
      // two apart, and keep slow cases free of late timers, so every case has one exact oracle.
      const slow = plan.slowRelease !== undefined;
      const { producerThrow, abortAfterMs, slowRelease, ...rest } = plan;
      return {
        ...rest,
        releaseThrows: slow ? [] : plan.releaseThrows,
        deaf: slow ? [] : plan.deaf,
        ...(producerThrow === undefined ? {} : { producerThrow }),
        ...(abortAfterMs === undefined ? {} : { abortAfterMs }),
        ...(slowRelease === undefined ? {} : { slowRelease }),
      };
    });
}
