import { checkFunction } from '../internal/check.js';
import { checkTrackOptions, formatLeakReport, trackResources, type LeakReport, type TrackOptions } from './resource-tracker.js';

/** Thrown by {@link expectNoLeaks}: the block left resources unreleased or released some twice. */
export class LeakError extends Error {
  override readonly name = 'LeakError';

  /**
   * @param report - what the tracker found.
   * @param blockError - the block's own error, when it failed too (also the `cause`).
   */
  constructor(
    readonly report: LeakReport,
    blockError?: unknown,
  ) {
    super(formatLeakReport(report), blockError === undefined ? undefined : { cause: blockError });
  }
}

/**
 * Runs `block` with resource tracking on (see `trackResources`) and fails if it leaked: throws a
 * {@link LeakError} whose message lists every resource not released, with the stack where it was
 * acquired, and every resource released twice. Otherwise it returns the block's value, or rethrows
 * the block's error. Made for test runners; it works with any of them.
 *
 * @example node:test
 * ```ts
 * import { test } from 'node:test';
 * import { expectNoLeaks } from 'funcpipe/testing';
 *
 * test('an early break releases the cursor', () =>
 *   expectNoLeaks(async () => {
 *     for await (const row of rows) if (row.ok) break;
 *   }));
 * ```
 * @example Vitest
 * ```ts
 * import { it } from 'vitest';
 * import { expectNoLeaks } from 'funcpipe/testing';
 *
 * it('releases the lease when the query fails', async () => {
 *   await expectNoLeaks(async () => {
 *     await expect(Async.toArray()(failingQuery)).rejects.toThrow('boom');
 *   });
 * });
 * ```
 */
export async function expectNoLeaks<T>(block: () => T | PromiseLike<T>, options: TrackOptions = {}): Promise<T> {
  checkFunction('expectNoLeaks', 'block', block);
  checkTrackOptions('expectNoLeaks', options);
  const outcome = await trackResources(block, options);
  if (!outcome.report.clean) throw new LeakError(outcome.report, outcome.failed ? outcome.error : undefined);
  if (outcome.failed) throw outcome.error;
  return outcome.value as T;
}
