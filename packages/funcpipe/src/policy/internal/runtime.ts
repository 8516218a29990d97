import { checkFunction, describe } from '../../internal/check.js';
import { systemClock, type Clock } from '../clock.js';
import type { PolicyEvent, PolicyRuntime } from '../policy-event.js';

/** A {@link PolicyRuntime} with its defaults filled in, checked once at the boundary. */
export interface ResolvedRuntime {
  readonly clock: Clock;
  readonly onEvent: ((event: PolicyEvent) => void) | undefined;
}

/** Validates and fills in a {@link PolicyRuntime} (`where` names the entry point in errors). */
export function resolveRuntime(where: string, runtime: PolicyRuntime | undefined): ResolvedRuntime {
  if (runtime === undefined) return { clock: systemClock, onEvent: undefined };
  if (typeof runtime !== 'object' || runtime === null) throw new TypeError(`${where}: expected the runtime options to be an object, got ${describe(runtime)}`);
  const { clock = systemClock, onEvent } = runtime;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function' || typeof clock.sleep !== 'function') {
    throw new TypeError(`${where}: expected \`clock\` to be a Clock (an object with now() and sleep()), got ${describe(clock)}`);
  }
  if (onEvent !== undefined) checkFunction(where, 'onEvent', onEvent);
  return { clock, onEvent };
}
