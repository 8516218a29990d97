import type { Clock } from './clock.js';

/** How many slices the budget's sliding window is kept in (it forgets one slice at a time). */
const SLICES = 10;
/** How many first calls may be counted between two readings of the clock (reading it costs more than counting). */
const CLOCK_EVERY = 64;

/**
 * The retry budget of one retry policy object (scope: shared by every stage, run and call the
 * object is passed to): a retry is allowed while the retries of the last `windowMs` stay within
 * `ratio` x the first calls made in that window, plus `minPerSecond` per second of the window
 * (a floor, so a quiet dependency can still be retried). With `ratio` 0 and `minPerSecond` 0 no
 * retry is ever allowed. The window slides in tenths: counts older than the window are forgotten
 * a tenth at a time. O(1) per call.
 */
export class RetryBudget {
  private readonly calls = new Float64Array(SLICES);
  private readonly retries = new Float64Array(SLICES);
  private readonly sliceMs: number;
  private readonly floor: number;
  private slice = 0;
  private unclocked = 0;
  private totalCalls = 0;
  private totalRetries = 0;

  constructor(
    private readonly ratio: number,
    minPerSecond: number,
    windowMs: number,
    private readonly clock: Clock,
  ) {
    this.sliceMs = windowMs / SLICES;
    this.floor = (minPerSecond * windowMs) / 1_000;
    this.slice = Math.floor(clock.now() / this.sliceMs);
  }

  /**
   * Counts the first call of an item. The clock is read once per {@link CLOCK_EVERY} calls (and
   * at every retry): calls in between count in the slice of the last reading, so they are
   * forgotten no later than they should be, never allowing more retries than the ratio.
   */
  recordCall(): void {
    if (++this.unclocked >= CLOCK_EVERY) this.advance();
    this.calls[this.slice % SLICES]!++;
    this.totalCalls++;
  }

  /** Takes one retry from the budget, if it has one; false when the budget is spent. */
  tryRetry(): boolean {
    this.advance();
    if (this.totalRetries + 1 > this.ratio * this.totalCalls + this.floor + 1e-9) return false;
    this.retries[this.slice % SLICES]!++;
    this.totalRetries++;
    return true;
  }

  /** Forgets the slices that fell out of the window since the last call. */
  private advance(): void {
    this.unclocked = 0;
    const now = Math.floor(this.clock.now() / this.sliceMs);
    if (now <= this.slice) return;
    const stale = Math.min(now - this.slice, SLICES);
    for (let k = 1; k <= stale; k++) {
      const i = (this.slice + k) % SLICES;
      this.totalCalls -= this.calls[i]!;
      this.totalRetries -= this.retries[i]!;
      this.calls[i] = 0;
      this.retries[i] = 0;
    }
    this.slice = now;
  }
}
