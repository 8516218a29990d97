// Shared instruments for the test suites: an event recorder with resource counters that checks
// "released exactly once, in LIFO order", injectable faults, a guard against unhandled
// rejections, and a bounded wait for late events. Random pipelines built on it are in
// `pipeline-shapes.ts`, the consumers that drive them in `consumers.ts`.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SuppressedError } from '../../src/resource/disposable-stack.js';

/** An error thrown on purpose by a test (a producer, mapper, acquire or release failing). */
export class Fault extends Error {
  override readonly name = 'Fault';
  constructor(readonly kind: string, readonly where: string) {
    super(`${kind} fault at ${where}`);
  }
}

/**
 * Records events, user-function calls and resources, and checks every release: exactly once, and
 * newest first (LIFO). A resource may carry a `scope` naming the concurrent branch it lives in
 * (such as one side of a `zip`), written as segments ending in `;`: resources of two sibling
 * branches (neither scope a prefix of the other) are independent, so their relative order is free.
 */
export class Recorder {
  readonly events: string[] = [];
  readonly violations: string[] = [];
  readonly faults: Fault[] = [];
  private readonly held: Array<{ readonly name: string; readonly scope: string }> = [];
  private readonly released = new Set<string>();
  private nextId = 0;
  acquired = 0;

  note(event: string): void {
    this.events.push(event);
  }

  /** Acquires a fresh resource named after `kind` in `scope`; returns its unique name. */
  acquire(kind: string, scope = ''): string {
    const name = `${kind}#${this.nextId++}`;
    this.held.push({ name, scope });
    this.acquired++;
    this.note(`acquire ${name}`);
    return name;
  }

  release(name: string): void {
    this.note(`release ${name}`);
    if (this.released.has(name)) this.violations.push(`${name} released twice`);
    this.released.add(name);
    const i = this.held.findIndex((r) => r.name === name);
    if (i < 0) return;
    const { scope } = this.held[i] as { scope: string };
    for (const newer of this.held.slice(i + 1)) {
      if (newer.scope.startsWith(scope) || scope.startsWith(newer.scope)) {
        this.violations.push(`${name} released while ${newer.name} (acquired later) was still held`);
      }
    }
    this.held.splice(i, 1);
  }

  /** Creates, records and returns a fault to throw. */
  fault(kind: string, where: string): Fault {
    const fault = new Fault(kind, where);
    this.faults.push(fault);
    this.note(`fault ${kind} ${where}`);
    return fault;
  }

  /** Resources acquired and not yet released. */
  get open(): number {
    return this.held.length;
  }

  /** How many recorded events start with `prefix`. */
  count(prefix: string): number {
    return this.events.filter((e) => e.startsWith(prefix)).length;
  }

  /** Asserts that every acquired resource was released exactly once, newest first. */
  assertAllReleased(): void {
    assert.deepEqual(this.violations, [], 'releases out of LIFO order or repeated');
    assert.deepEqual(this.held.map((r) => r.name), [], 'resources still held');
  }
}

/** Every error inside a tree of `SuppressedError`s (both the cleanup error and the suppressed one). */
export function errorsIn(error: unknown): unknown[] {
  if (!(error instanceof SuppressedError)) return [error];
  return [...errorsIn(error.error), ...errorsIn(error.suppressed)];
}

/** Fails the file (in an `after` hook) if any promise rejection went unhandled while it ran. */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  after(() => {
    process.off('unhandledRejection', listener);
    assert.deepEqual(seen, [], 'unhandled rejections');
  });
}

/**
 * Waits until `happened()` holds, polling every 10 ms; fails after `limitMs` (a bound against
 * hanging, far above what the awaited work needs, not a speed assertion).
 */
export async function eventually(happened: () => boolean, what: string, limitMs = 5_000): Promise<void> {
  for (let waited = 0; !happened(); waited += 10) {
    if (waited >= limitMs) assert.fail(`never happened: ${what}`);
    await sleep(10);
  }
}
