import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { checkFunction, checkInteger, describe } from '../internal/check.js';
import { acquisitionStack, listen, reportAcquired } from './hook-hub.js';

/** One resource seen by a tracked block: what it was, where it was taken, how often it was given back. */
export interface TrackedResource {
  /** `'run'`, `'bracket'`, `'scoped'`, `'scopedAsync'`, `'pool lease'`, or the kind given to {@link registerResource}. */
  readonly kind: string;
  /** The stack where it was acquired (the frames below the acquisition point). */
  readonly acquiredAt: string;
  /** How many times it was given back: 0 is a leak, 2 or more a double release. */
  readonly releases: number;
  /** Where the second release happened, for a double release. */
  readonly releasedAgainAt?: string | undefined;
}

/** What {@link trackResources} found when its block ended. */
export interface LeakReport {
  /** Every resource acquired while the block ran. */
  readonly acquired: number;
  /** Resources never given back. */
  readonly leaks: readonly TrackedResource[];
  /** Resources given back more than once. */
  readonly doubleReleases: readonly TrackedResource[];
  /** True when there is neither a leak nor a double release. */
  readonly clean: boolean;
}

/** Options of {@link trackResources} and `expectNoLeaks`. */
export interface TrackOptions {
  /**
   * After the block settles, how long to wait for releases still under way (a cleanup finishing in
   * the background) before reporting, in milliseconds. Default 0: report after one turn of the
   * event loop.
   */
  readonly graceMs?: number;
}

class Record implements TrackedResource {
  releases = 0;
  releasedAgainAt: string | undefined;
  constructor(
    readonly kind: string,
    readonly acquiredAt: string,
  ) {}
}

/** The book of one tracked block. */
class Tracker {
  readonly records: Record[] = [];
  constructor(readonly parent: Tracker | undefined) {}

  add(kind: string, stack: string): () => void {
    const records: Record[] = [];
    for (let t: Tracker | undefined = this; t !== undefined; t = t.parent) {
      const record = new Record(kind, stack);
      t.records.push(record);
      records.push(record);
    }
    return () => {
      for (const record of records) {
        record.releases += 1;
        if (record.releases === 2) record.releasedAgainAt = acquisitionStack();
      }
    };
  }

  report(): LeakReport {
    const leaks = this.records.filter((r) => r.releases === 0);
    const doubleReleases = this.records.filter((r) => r.releases > 1);
    return { acquired: this.records.length, leaks, doubleReleases, clean: leaks.length === 0 && doubleReleases.length === 0 };
  }

  pending(): boolean {
    return this.records.some((r) => r.releases === 0);
  }
}

const blocks = new AsyncLocalStorage<Tracker>();

const listener = {
  acquired(kind: string, _owner: object, stack: string): (() => void) | undefined {
    return blocks.getStore()?.add(kind, stack);
  },
};

/**
 * Runs `block` with resource tracking on, and reports what it left behind.
 *
 * Every resource FuncPipe acquires while the block runs is counted, attributed to the block by
 * async context (so blocks running concurrently, or nested, keep separate books; a nested block's
 * resources count in the outer one too): each run that starts, each `bracket` resource, each
 * `scoped` / `scopedAsync` acquisition, each pool lease, and every user resource registered with
 * {@link registerResource}. When the block settles (and after `graceMs` for releases still under
 * way), the report lists each resource never released, with the stack where it was acquired, and
 * each one released twice. Tracking costs a stack capture per acquisition while a block runs, and
 * nothing once every block has ended.
 *
 * @returns the block's value (or its error, as `error`) and the report.
 * @example
 * ```ts
 * const { report } = await trackResources(async () => {
 *   for await (const r of rows) if (r.ok) break;
 * });
 * assert.equal(report.leaks.length, 0);
 * ```
 */
export async function trackResources<T>(
  block: () => T | PromiseLike<T>,
  options: TrackOptions = {},
): Promise<{ readonly value?: T; readonly error?: unknown; readonly failed: boolean; readonly report: LeakReport }> {
  checkFunction('trackResources', 'block', block);
  const graceMs = checkTrackOptions('trackResources', options);
  const tracker = new Tracker(blocks.getStore());
  const stop = listen(listener);
  let outcome: { value?: T; error?: unknown; failed: boolean };
  try {
    outcome = { value: await blocks.run(tracker, block), failed: false };
  } catch (error) {
    outcome = { error, failed: true };
  }
  try {
    await nextTurn();
    for (const until = Date.now() + graceMs; tracker.pending() && Date.now() < until; ) await sleep(1);
  } finally {
    stop();
  }
  return { ...outcome, report: tracker.report() };
}

/** Validates {@link TrackOptions}; returns `graceMs`. */
export function checkTrackOptions(where: string, options: TrackOptions): number {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: expected \`options\` to be an object, got ${describe(options)}`);
  if (options.graceMs === undefined) return 0;
  checkInteger(where, 'options.graceMs', options.graceMs, 0);
  return options.graceMs;
}

/**
 * Registers a resource of your own with the tracker (and the development mode), so that a tracked
 * block reports it if it is never released or released twice, as it does FuncPipe's.
 *
 * Call it where the resource is taken; call the function it returns where it is given back.
 * Outside a tracked block (and with the development mode off) it records nothing.
 *
 * @param kind - a short name for reports, such as `'socket'`.
 * @param owner - the object that holds the resource, watched by the development mode for garbage
 *   collection (default: a fresh object, which is not watched usefully).
 * @example
 * ```ts
 * const released = registerResource('socket', socket);
 * socket.once('close', released);
 * ```
 */
export function registerResource(kind: string, owner: object = {}): () => void {
  if (typeof kind !== 'string' || kind === '') throw new TypeError(`registerResource: expected \`kind\` to be a non-empty string, got ${describe(kind)}`);
  if (typeof owner !== 'object' || owner === null) throw new TypeError(`registerResource: expected \`owner\` to be an object, got ${describe(owner)}`);
  return reportAcquired(kind, owner);
}

/** Writes a report as text: one entry per leak and double release, each with its acquisition stack. */
export function formatLeakReport(report: LeakReport): string {
  const lines = [`${report.acquired} resources tracked: ${report.leaks.length} not released, ${report.doubleReleases.length} released twice`];
  for (const leak of report.leaks) lines.push(`- ${leak.kind} not released; acquired\n${indent(leak.acquiredAt)}`);
  for (const twice of report.doubleReleases) {
    lines.push(`- ${twice.kind} released ${twice.releases} times; acquired\n${indent(twice.acquiredAt)}\n  released again\n${indent(twice.releasedAgainAt ?? '')}`);
  }
  return lines.join('\n');
}

function indent(stack: string): string {
  return stack
    .split('\n')
    .map((line) => `    ${line.trim()}`)
    .join('\n');
}
