// The release-latency protocol. A producer holds a resource, yields one item, then blocks in a
// long wait (`hold` ms); the consumer takes the item, waits STOP_AFTER ms, and stops the run the
// way its library documents. We time, from that stop: the producer's release of its resource,
// and the consumer being released (its stop call and any pending pull settled, fulfilled or not).
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

/** How long the consumer waits after the first item before it stops. */
export const STOP_AFTER = 50;

/** Counts releases of the producer's resource and stamps the first one. */
export class Probe {
  releases = 0;
  /** @type {number | undefined} */
  releasedAt;
  /** @type {() => void} */
  #signalReleased = () => {};
  /** Settles at the first release. */
  released = new Promise((resolve) => (this.#signalReleased = () => resolve(undefined)));

  /** Acquires the resource. */
  open() {
    return {
      release: () => {
        this.releases += 1;
        this.releasedAt ??= performance.now();
        this.#signalReleased();
      },
    };
  }
}

/**
 * The producer every async-generator subject runs: one item, then a `hold` ms wait, cancelled by
 * `signal` when the library hands the producer one.
 * @param {Probe} probe
 * @param {number} hold
 * @param {AbortSignal} [signal]
 */
export async function* blockedProducer(probe, hold, signal) {
  const resource = probe.open();
  try {
    yield 1;
    await delay(hold, undefined, signal === undefined ? undefined : { signal });
    yield 2;
  } finally {
    resource.release();
  }
}

/**
 * @typedef {object} Started
 * @property {Promise<number>} first settles with the first item the consumer received
 * @property {() => Promise<unknown>} stop stops the run; settles when the consumer is released
 */

/**
 * Runs one measurement. The checksum is the first item plus 10 per release (11 when the item
 * arrived and the resource was released exactly once).
 * @param {number} hold
 * @param {(probe: Probe, hold: number) => Started} start
 */
export async function measureStop(hold, start) {
  const probe = new Probe();
  const { first, stop } = start(probe, hold);
  const item = await first;
  await delay(STOP_AFTER);
  const stoppedAt = performance.now();
  const consumerAt = await stop().then(
    () => performance.now(),
    () => performance.now(),
  );
  const leak = Symbol('leak');
  const deadline = new AbortController();
  const late = delay(hold + 5_000, leak, { signal: deadline.signal }).catch(() => undefined);
  const settled = await Promise.race([probe.released, late]);
  deadline.abort();
  if (settled === leak) throw new Error(`the resource was not released within ${hold + 5_000} ms of the stop`);
  await delay(20); // room for a second (wrong) release to show in the checksum
  return {
    checksum: item + 10 * probe.releases,
    metrics: {
      release: /** @type {number} */ (probe.releasedAt) - stoppedAt,
      consumer: consumerAt - stoppedAt,
    },
  };
}

/**
 * A promise with its resolver, for subjects whose consumer is a callback.
 * @returns {{ promise: Promise<number>, resolve: (value: number) => void }}
 */
export function deferred() {
  /** @type {(value: number) => void} */
  let resolve = () => {};
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}
