import { KitFault, type FaultKind } from './kit-fault.js';
import type { ExitPlan } from './exit-plan.js';

/** What happened to one kit resource during a case. */
export interface ResourceState {
  readonly id: number;
  /** `undefined` for a kit resource; the kind given to `KitResources.register` for a real one (which the plan's faults never touch). */
  readonly kind: string | undefined;
  readonly scope: string;
  readonly openedSeq: number;
  /** Event numbers of each call of its release (more than one is a double release). */
  readonly closeSeqs: number[];
  /** Set when a slow release has finished. */
  slowDoneSeq: number | undefined;
  reads: number;
  pendingReads: number;
}

/** A delivered item, with its event number. */
export interface Delivery {
  readonly seq: number;
  readonly value: unknown;
  readonly ok: boolean;
}

/**
 * The record of one case: resources, faults, deliveries and the consumer's stop and exit, each
 * stamped with an event number from one counter, so the checks can order them.
 */
export class CaseLog {
  seq = 0;
  readonly resources: ResourceState[] = [];
  readonly faults: KitFault[] = [];
  readonly deliveries: Delivery[] = [];
  readonly misuse: string[] = [];
  readonly echoes: unknown[] = [];
  readonly unhandled: unknown[] = [];
  readonly lateFailures: unknown[] = [];
  /** The consumer's break or throw, or the abort that took effect. */
  stopSeq: number | undefined;
  stopKind: 'break' | 'throw' | 'abort' | undefined;
  doneSeq: number | undefined;
  abortSeq: number | undefined;
  abortReason: KitFault | undefined;
  exitSeq: number | undefined;
  caught: unknown;
  threw = false;
  /** Resources whose release had not been called when the consumer's exit completed. */
  openAtExit: number[] = [];
  /** Slow releases still running when the consumer's exit completed. */
  slowRunningAtExit = false;
  reads = 0;

  constructor(readonly plan: ExitPlan) {}

  tick(): number {
    return ++this.seq;
  }

  fault(kind: FaultKind, where: string): KitFault {
    const fault = new KitFault(kind, where, this.tick());
    this.faults.push(fault);
    return fault;
  }

  deliver(value: unknown, ok: boolean): void {
    this.deliveries.push({ seq: this.tick(), value, ok });
  }

  stop(kind: 'break' | 'throw' | 'abort'): void {
    if (this.stopSeq === undefined && this.doneSeq === undefined) {
      this.stopSeq = this.tick();
      this.stopKind = kind;
    }
  }

  exit(caught: unknown, threw: boolean): void {
    this.exitSeq = this.tick();
    this.caught = caught;
    this.threw = threw;
    this.openAtExit = this.resources.filter((r) => r.closeSeqs.length === 0).map((r) => r.id);
    this.slowRunningAtExit = this.slowRunning();
  }

  /** True for the kit resource whose release the plan makes slow. */
  isSlow(r: ResourceState): boolean {
    return r.kind === undefined && r.id === this.plan.slowRelease;
  }

  /** True for a kit resource whose reads the plan makes deaf to the signal. */
  isDeaf(r: ResourceState): boolean {
    return r.kind === undefined && this.plan.deaf.includes(r.id);
  }

  /** True while a slow release is under way. */
  slowRunning(): boolean {
    return this.resources.some((r) => this.isSlow(r) && r.closeSeqs.length > 0 && r.slowDoneSeq === undefined);
  }

  /** True when nothing is left running: every resource released, no slow release or read under way. */
  quiet(): boolean {
    return this.resources.every((r) => r.closeSeqs.length > 0 && r.pendingReads === 0 && (!this.isSlow(r) || r.slowDoneSeq !== undefined));
  }
}
