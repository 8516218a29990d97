// The windows a call circuit breaker measures its failure rate over: the last N calls, or the
// calls of the last T ms in B buckets. Both are O(1) memory in the number of calls.

/** A window's content as JSON (part of a breaker's snapshot); ages are relative to the snapshot. */
export type WindowSnapshot =
  | { readonly type: 'count'; readonly outcomes: readonly (0 | 1)[] }
  | {
      readonly type: 'time';
      /** How long ago the newest bucket's slice began. */
      readonly sliceElapsedMs: number;
      /** The buckets still in the window: `slicesAgo` 0 is the newest slice. */
      readonly buckets: ReadonlyArray<{ readonly slicesAgo: number; readonly calls: number; readonly failures: number }>;
    };

/** Failure counting over a window. */
export interface CallWindow {
  record(failed: boolean, now: number): void;
  calls(now: number): number;
  failures(now: number): number;
  clear(): void;
  snapshot(now: number): WindowSnapshot;
  restore(snapshot: WindowSnapshot, now: number): void;
}

/** The outcomes of the last `size` calls, in a ring. */
export class CountWindow implements CallWindow {
  private readonly ring: Uint8Array;
  private filled = 0;
  private next = 0;
  private failed = 0;
  constructor(size: number) {
    this.ring = new Uint8Array(size);
  }
  record(failed: boolean): void {
    const outcome = failed ? 1 : 0;
    const { ring } = this;
    if (this.filled === ring.length) this.failed -= ring[this.next]!;
    else this.filled++;
    ring[this.next] = outcome;
    this.failed += outcome;
    this.next = (this.next + 1) % ring.length;
  }
  calls(): number {
    return this.filled;
  }
  failures(): number {
    return this.failed;
  }
  clear(): void {
    this.ring.fill(0);
    this.filled = this.next = this.failed = 0;
  }
  snapshot(): WindowSnapshot {
    const outcomes: (0 | 1)[] = [];
    const start = (this.next - this.filled + this.ring.length) % this.ring.length;
    for (let i = 0; i < this.filled; i++) outcomes.push(this.ring[(start + i) % this.ring.length] as 0 | 1);
    return { type: 'count', outcomes };
  }
  restore(snapshot: WindowSnapshot): void {
    this.clear();
    if (snapshot.type === 'count') for (const outcome of snapshot.outcomes.slice(-this.ring.length)) this.record(outcome === 1);
  }
}

interface Bucket {
  slot: number;
  calls: number;
  failures: number;
}

/**
 * The calls of the last `durationMs`, in `buckets` slices of `durationMs / buckets`. Slices are
 * counted from `origin`, which a restore moves so that the slices keep their phase.
 */
export class TimeWindow implements CallWindow {
  private readonly ring: Bucket[];
  private readonly sliceMs: number;
  private origin = 0;
  constructor(durationMs: number, buckets: number) {
    this.sliceMs = durationMs / buckets;
    this.ring = Array.from({ length: buckets }, () => ({ slot: -Infinity, calls: 0, failures: 0 }));
  }
  private slotAt(now: number): number {
    return Math.floor((now - this.origin) / this.sliceMs);
  }
  private bucket(slot: number): Bucket {
    const n = this.ring.length;
    const bucket = this.ring[((slot % n) + n) % n]!;
    if (bucket.slot !== slot) {
      bucket.slot = slot;
      bucket.calls = bucket.failures = 0;
    }
    return bucket;
  }
  record(failed: boolean, now: number): void {
    const bucket = this.bucket(this.slotAt(now));
    bucket.calls++;
    if (failed) bucket.failures++;
  }
  private live(now: number): Bucket[] {
    const oldest = this.slotAt(now) - this.ring.length;
    return this.ring.filter((b) => b.slot > oldest);
  }
  calls(now: number): number {
    return this.live(now).reduce((n, b) => n + b.calls, 0);
  }
  failures(now: number): number {
    return this.live(now).reduce((n, b) => n + b.failures, 0);
  }
  clear(): void {
    for (const bucket of this.ring) {
      bucket.slot = -Infinity;
      bucket.calls = bucket.failures = 0;
    }
  }
  snapshot(now: number): WindowSnapshot {
    const current = this.slotAt(now);
    const buckets = this.live(now)
      .filter((b) => b.calls > 0)
      .sort((a, b) => b.slot - a.slot)
      .map((b) => ({ slicesAgo: current - b.slot, calls: b.calls, failures: b.failures }));
    return { type: 'time', sliceElapsedMs: now - this.origin - current * this.sliceMs, buckets };
  }
  restore(snapshot: WindowSnapshot, now: number): void {
    this.clear();
    if (snapshot.type !== 'time') return;
    this.origin = now - snapshot.sliceElapsedMs;
    for (const { slicesAgo, calls, failures } of snapshot.buckets) {
      if (slicesAgo >= this.ring.length) continue;
      const bucket = this.bucket(-slicesAgo);
      bucket.calls += calls;
      bucket.failures += failures;
    }
  }
}
