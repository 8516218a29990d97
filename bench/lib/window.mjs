// Hand-written bounded parallel map: a sliding window of at most `limit` in-flight promises over
// a sync iterable, with one AbortController for the run (aborted on any exit, so an early failure
// cancels the work still in flight). These are the parallel-map baselines.
import { setMaxListeners } from 'node:events';

/** A run's controller, whose signal up to `limit` tasks listen to at once. @param {number} limit */
function runController(limit) {
  const controller = new AbortController();
  setMaxListeners(limit + 1, controller.signal);
  return controller;
}

/**
 * Ordered: results are folded in input order; a new task starts when the oldest one is folded.
 * @template T, R
 * @param {Iterable<T>} items
 * @param {(item: T, signal: AbortSignal) => Promise<R>} f
 * @param {number} limit
 * @param {(acc: number, r: R) => number} fold
 * @param {number} initial
 */
export async function orderedWindow(items, f, limit, fold, initial) {
  const controller = runController(limit);
  /** @type {Promise<R>[]} */
  const inFlight = [];
  let acc = initial;
  try {
    for (const item of items) {
      const task = f(item, controller.signal);
      task.catch(() => {}); // it is awaited below; this only keeps a failure that is not reached yet handled
      inFlight.push(task);
      if (inFlight.length >= limit) acc = fold(acc, await /** @type {Promise<R>} */ (inFlight.shift()));
    }
    while (inFlight.length > 0) acc = fold(acc, await /** @type {Promise<R>} */ (inFlight.shift()));
    return acc;
  } finally {
    controller.abort();
    await Promise.allSettled(inFlight);
  }
}

/**
 * Unordered: results are folded as they complete; a new task starts whenever one completes.
 * @template T, R
 * @param {Iterable<T>} items
 * @param {(item: T, signal: AbortSignal) => Promise<R>} f
 * @param {number} limit
 * @param {(acc: number, r: R) => number} fold
 * @param {number} initial
 */
export async function unorderedWindow(items, f, limit, fold, initial) {
  const controller = runController(limit);
  let acc = initial;
  let inFlight = 0;
  /** @type {{ error: unknown } | undefined} */
  let failure;
  /** @type {(() => void) | undefined} */
  let wake;
  const settled = () => {
    inFlight -= 1;
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const waitForRoom = (/** @type {number} */ room) =>
    inFlight <= room ? undefined : new Promise((resolve) => (wake = () => resolve(waitForRoom(room))));
  try {
    for (const item of items) {
      await waitForRoom(limit - 1);
      if (failure !== undefined) break;
      inFlight += 1;
      f(item, controller.signal).then(
        (r) => {
          acc = fold(acc, r);
          settled();
        },
        (error) => {
          failure ??= { error };
          controller.abort();
          settled();
        },
      );
    }
    await waitForRoom(0);
  } finally {
    controller.abort(); // nothing is in flight any more unless the source threw
    await waitForRoom(0);
  }
  if (failure !== undefined) throw failure.error;
  return acc;
}
