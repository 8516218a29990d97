// Helpers for boundary operators, which read other streams through child runs of their own run.
import { AsyncRun } from '../async-run.js';
import { NO_ERROR, combineErrors } from '../../resource/combine-errors.js';
import type { Result } from '../../result/result.js';
import type { Control, Emitter, RunContext, Runnable, SourceRun } from './async-protocol.js';
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
 * An inline child: `gen`'s source opened straight in its owner's run, pushing into the owner's
 * `out` under the owner's `control`, on the owner's signal, with no run of its own (no
 * `AsyncRun`, no signal, no promise per pull beyond the source's own). For `andThen`'s inner
 * streams, many and short. Only where such a child cannot stop while its owner goes on: the owner
 * closes it only after its exhaustion or while stopping itself (its signal aborted first, and its
 * release waits for the pump in flight before closing anything), and `gen` is a bare iterable
 * source (a producer, an iterable, no fused stage: nothing that could stop it early, and the
 * producer is the only reader of the signal). The one difference from a child run: when the
 * producer fails, the owner fails with that failure, so the signal aborts before the source is
 * closed (a generator that threw has ended by then). Undefined for any other `gen`, for an owner
 * that is not an `AsyncRun`, and for one whose signal a child left an abort listener on (see
 * `lendsSignal`): those get a feeding child run with a signal of its own. Close it with
 * {@link closeInline} once it is exhausted, or with `SourceRun.close` when the owner stops.
 */
export function inlineChild<T, E>(gen: Runnable<T, E>, context: RunContext, out: Emitter<T, E>, control: Control): SourceRun | undefined {
  if (!(context instanceof AsyncRun) || !context.lendsSignal()) return undefined;
  return inlineSource(gen, context, out, control);
}

/**
 * `gen`'s source opened inline in the run of `context` (as {@link inlineChild}, with `control`
 * the child's own flow control), or undefined unless `gen` is a bare iterable source. For a
 * child that is one per run of its owner (`andThen`'s outer stream): it cannot pile listeners up
 * on the owner's signal, so it needs no guard.
 */
export function inlineSource<T, E>(gen: Runnable<T, E>, context: RunContext, out: Emitter<T, E>, control: Control): SourceRun | undefined {
  if (gen.build !== noStages || !isIterableSource(gen.source)) return undefined;
  return gen.source.open(context, out as Emitter<unknown, unknown>, control);
}

/** Closes an exhausted inline child of the run `context` (see {@link inlineChild}) and lets the owner check its signal for listeners left behind. */
export function closeInline(child: SourceRun, context: RunContext): void | Promise<void> {
  const closed = child.close();
  if (closed === undefined) return void (context as AsyncRun<unknown, unknown>).signalReturned();
  return closed.then(() => (context as AsyncRun<unknown, unknown>).signalReturned());
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
