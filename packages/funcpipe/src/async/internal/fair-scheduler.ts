/**
 * Weighted fair choice among sources that have items ready, one item at a time (the unit-size
 * case of WF2Q+, worst-case fair weighted fair queueing). Source `i` has weight `w[i]`; while a
 * set R of sources stays ready, the ideal ("fluid") schedule gives `i` the share `w[i] / W(R)`.
 *
 * Each source keeps the virtual time at which its next item starts (`start[i]`, advanced by
 * `1 / w[i]` per item it is given); the virtual time `now` advances by `1 / W(R)` per item
 * given to anyone. A source is eligible when its next item would not put it ahead of the fluid
 * schedule (`start[i] <= now`); among eligible sources the one whose item finishes first in
 * virtual time (`start[i] + 1 / w[i]`) is served, ties round-robin. A source that
 * becomes ready again starts at `now` at the earliest, so idling banks no credit.
 *
 * Guarantee (checked by the fairness law): while a set of sources stays ready, no source is
 * a whole item ahead of its fluid share, and over any window of
 * `L` consecutive items each source gets within one item of its share `L * w[i] / W(R)`
 * rounded down or up. (Exactly `L * w[i] / W(R)` in every window is impossible in general for
 * three sources or more.) Each choice costs O(number of sources).
 */
export class FairScheduler {
  private readonly start: number[];
  private readonly isReady: boolean[];
  private readyWeight = 0;
  private readyCount = 0;
  private now = 0;
  private last = -1;

  constructor(private readonly weights: readonly number[]) {
    this.start = weights.map(() => 0);
    this.isReady = weights.map(() => false);
  }

  /** True when some source is ready. */
  get any(): boolean {
    return this.readyCount > 0;
  }

  /** Source `i` has an item ready (it had none). */
  ready(i: number): void {
    if (this.isReady[i] === true) return;
    this.isReady[i] = true;
    this.readyCount++;
    this.readyWeight += this.weights[i] as number;
    if ((this.start[i] as number) < this.now) this.start[i] = this.now;
  }

  /** Source `i` has no item ready any more. */
  idle(i: number): void {
    if (this.isReady[i] !== true) return;
    this.isReady[i] = false;
    this.readyCount--;
    this.readyWeight -= this.weights[i] as number;
  }

  /** Chooses the ready source to serve next and charges it one item; `-1` when none is ready. */
  pick(): number {
    const { start, weights, isReady } = this;
    let chosen = -1;
    let earliestStart = Infinity;
    let chosenFinish = Infinity;
    const count = start.length;
    for (let k = 1; k <= count; k++) {
      const i = (this.last + k) % count; // equal finishes go round-robin, after the source served last
      if (isReady[i] !== true) continue;
      const s = start[i] as number;
      if (s < earliestStart) earliestStart = s;
      if (s > this.now + EPSILON) continue;
      const finish = s + 1 / (weights[i] as number);
      if (finish < chosenFinish - EPSILON) {
        chosen = i;
        chosenFinish = finish;
      }
    }
    if (chosen === -1) {
      if (earliestStart === Infinity) return -1;
      this.now = earliestStart; // nobody eligible: the fluid schedule has caught up with the earliest
      return this.pick();
    }
    start[chosen] = chosenFinish;
    this.last = chosen;
    this.now += 1 / this.readyWeight;
    if (this.now > REBASE_AT) this.rebase();
    return chosen;
  }

  /** Shifts every virtual time back by `now` (order is kept), so long runs keep full precision. */
  private rebase(): void {
    const { start, now } = this;
    for (let i = 0; i < start.length; i++) start[i] = (start[i] as number) - now;
    this.now = 0;
  }
}

/** Tolerance for comparing virtual times (sums of reciprocals of weights). */
const EPSILON = 1e-9;
/** The virtual time past which {@link FairScheduler.rebase} runs. */
const REBASE_AT = 1024;
