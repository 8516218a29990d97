// Test fixtures shared by the resource wrapper and RAII tests: an event recorder with an
// open-resource counter, recording sources (sync and async generators), and a flattener for
// SuppressedError chains (the polyfill's, the native one, and the one tsc's `using` helper builds).
import { isSuppressedError } from '../../src/resource/combine-errors.js';

/** Records acquire/release events and counts what is open. */
export class Recorder {
  readonly events: string[] = [];
  open = 0;

  acquire(name: string): void {
    this.open++;
    this.events.push(`acquire ${name}`);
  }

  release(name: string): void {
    this.open--;
    this.events.push(`release ${name}`);
  }

  note(event: string): void {
    this.events.push(event);
  }

  count(event: string): number {
    return this.events.filter((e) => e === event).length;
  }

  /** The names in release events, in the order they happened. */
  released(): string[] {
    return this.events.filter((e) => e.startsWith('release ')).map((e) => e.slice('release '.length));
  }

  acquired(): string[] {
    return this.events.filter((e) => e.startsWith('acquire ')).map((e) => e.slice('acquire '.length));
  }
}

/** A named error, so tests can tell who failed. */
export class TaggedError extends Error {
  constructor(readonly tag: string) {
    super(tag);
  }
}

/** A source that acquires when its body starts, throws before item `failAt` (if in range), releases in `finally`. */
export function* recordingSource<T>(rec: Recorder, name: string, items: readonly T[], failAt = -1): Generator<T, void, unknown> {
  rec.acquire(name);
  try {
    for (let i = 0; i <= items.length; i++) {
      if (i === failAt) throw new TaggedError(`producer ${name}`);
      if (i < items.length) yield items[i]!;
    }
  } finally {
    rec.release(name);
  }
}

/** The async twin of {@link recordingSource}; it also waits a turn of the event loop between items. */
export async function* asyncRecordingSource<T>(rec: Recorder, name: string, items: readonly T[], failAt = -1): AsyncGenerator<T, void, unknown> {
  rec.acquire(name);
  try {
    for (let i = 0; i <= items.length; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (i === failAt) throw new TaggedError(`producer ${name}`);
      if (i < items.length) yield items[i]!;
    }
  } finally {
    rec.release(name);
  }
}

/** The errors in a SuppressedError chain, oldest first. */
export function flattenErrors(e: unknown): unknown[] {
  return isSuppressedError(e) ? [...flattenErrors(e.suppressed), ...flattenErrors(e.error)] : [e];
}

/** The tags of the errors in a chain, oldest first (`?` for an untagged one). */
export function errorTags(e: unknown): string[] {
  return flattenErrors(e).map((x) => (x instanceof TaggedError ? x.tag : '?'));
}
