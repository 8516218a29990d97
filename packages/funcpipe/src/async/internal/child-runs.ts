// Helpers for boundary operators, which read other streams through child runs of their own run.
import { AsyncRun } from '../async-run.js';
import { NO_ERROR, combineErrors } from '../../resource/combine-errors.js';
import type { Result } from '../../result/result.js';
import type { Control, Emitter, RunContext, Runnable } from './async-protocol.js';
import { isIterableSource } from './iterable-source.js';
import { noStages } from './no-stages.js';

/**
 * A run of `gen` owned by the run of `context`: aborted when it stops (which wakes its producer
 * and settles its pending pull), same close deadline, and released only when the owner closes it
 * (owners close their children newest first, so releases stay LIFO).
 */
export function childRun<T, E>(gen: Runnable<T, E>, context: RunContext): AsyncRun<T, E> {
  return new AsyncRun(gen, { signal: context.signal, closeTimeoutMs: context.closeTimeoutMs }, undefined, true);
}

/**
 * A child run (as {@link childRun}) in feed mode: each `next()` pumps its items straight into
 * `into` while `wants()` holds, and resolves done once the child is exhausted, or not done (with
 * no value) when the owner has enough for now. Items cross the boundary as function calls.
 */
export function feedingChildRun<T, E>(gen: Runnable<T, E>, context: RunContext, into: Emitter<T, E>, wants: () => boolean): AsyncRun<T, E> {
  return new AsyncRun(gen, { signal: context.signal, closeTimeoutMs: context.closeTimeoutMs }, undefined, true, { into, wants });
}

/**
 * A feeding child run (as {@link feedingChildRun}) that runs on its owner's signal instead of one
 * of its own, which saves an `AbortController` and its signal per child (Node builds an
 * `AbortSignal` in about 1.5 us): for `andThen`'s inner streams, many and short. Only where the
 * child cannot stop while its owner goes on: the owner closes it only after its exhaustion or
 * while stopping itself (its signal aborted first), and `gen` is a bare iterable source (a
 * producer, an iterable, no fused stage: nothing that could stop it early, and the producer is
 * the only reader of the signal). The one difference: when the producer itself fails, its signal
 * aborts as the owner fails with that failure, right after the child's release, where its own
 * would have aborted before it; a producer that threw has ended by then. Any other `gen` gets a
 * feeding child run with a signal of its own, and so does a child of an owner that is not an
 * `AsyncRun`, or of one whose signal a child left an abort listener on (see `lendsSignal`).
 */
export function sharingChildRun<T, E>(gen: Runnable<T, E>, context: RunContext, into: Emitter<T, E>, wants: () => boolean): AsyncRun<T, E> {
  if (!(context instanceof AsyncRun) || gen.build !== noStages || !isIterableSource(gen.source) || !context.lendsSignal()) {
    return feedingChildRun(gen, context, into, wants);
  }
  return new AsyncRun(gen, { signal: context.signal, closeTimeoutMs: context.closeTimeoutMs }, undefined, true, { into, wants }, context as AsyncRun<unknown, unknown>);
}

/** The stage of a boundary operator's own run that its feeding children push into, while it wants items. */
export function ownerWants(control: Control): () => boolean {
  return () => control.pulling && !control.stopped;
}

/** Pushes a `Result` into an emitter. */
export function emitResult<T, E>(out: Emitter<T, E>, item: Result<T, E>): void {
  if (item.ok) out.ok(item.value);
  else out.err(item.error);
}

/**
 * Closes child runs in the given order (pass them newest first for LIFO), every one of them
 * even when some fail; the failures are merged with `combineErrors` and thrown.
 */
export async function closeRuns(runs: ReadonlyArray<AsyncRun<unknown, unknown> | undefined>): Promise<void> {
  let error: unknown = NO_ERROR;
  for (const run of runs) {
    if (run === undefined) continue;
    try {
      await closeChild(run);
    } catch (closeError) {
      error = combineErrors(error, closeError);
    }
  }
  if (error !== NO_ERROR) throw error;
}

/**
 * Closes one child run, then waits for its release to have really finished: when its close gave
 * up at the deadline (`CleanupTimedOut`, from `return()` or from the end of an exhausted run), the
 * release goes on in the background, and the owner must release what it holds only after it
 * (RELIABILITY finding 3). The owner's own deadline still bounds the caller's wait: this wait
 * goes on in the background once the owner has timed out too.
 */
export async function closeChild(run: AsyncRun<unknown, unknown>): Promise<void> {
  try {
    await run.return();
  } finally {
    await run.whenReleased();
  }
}
