// Drives code that waits on a VirtualClock: fires the earliest timer, lets the woken code run,
// and repeats until the awaited work has settled. No real time passes in the waits under test.
import { setImmediate as tick } from 'node:timers/promises';
import type { VirtualClock } from '../../src/policy/virtual-clock.js';

/** Runs `clock` until `work` settles (bounded, so a bug hangs no test), then returns its outcome. */
export async function settleOn<T>(clock: VirtualClock, work: Promise<T>, maxSteps = 100_000): Promise<T> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; !settled; step++) {
    if (step >= maxSteps) throw new Error(`settleOn: the work did not settle after ${maxSteps} steps of virtual time`);
    if (!(await clock.runNext())) await tick();
  }
  return work;
}
