// The echo of a stop (docs/semantics.md, "Cancellation and its echoes"): once a run has stopped,
// the rejection of a pull or call that the stop interrupted is how that work reports being
// cancelled, in whatever words its driver uses (an AbortError, PostgreSQL's 57014, undici's
// RequestAbortedError, a plain Error). It is not a failure: it is neither thrown nor warned
// about, but published on a diagnostics channel, so it can still be seen when debugging.
import { channel } from 'node:diagnostics_channel';

/** The diagnostics channel on which stop echoes are published, as `{ error, where }`. */
export const STOP_ECHO_CHANNEL = 'funcpipe:stop-echo';

const echoes = channel(STOP_ECHO_CHANNEL);

/** Records `error` as the echo of a stop: published on {@link STOP_ECHO_CHANNEL} when anyone listens. */
export function stopEcho(error: unknown, where: string): void {
  if (echoes.hasSubscribers) echoes.publish({ error, where });
}

/**
 * The failures attached to the echo of a stop: when `error` is a `SuppressedError` tree that holds
 * `reason` (a run that was aborted with it reports its cleanup failures that way), every other
 * error in the tree is a real failure, returned merged (`undefined` when there is none). An
 * error that does not hold `reason` is all echo: `undefined`.
 */
export function failuresBesideEcho(error: unknown, reason: unknown, isTree: (e: unknown) => e is { error: unknown; suppressed: unknown }, merge: (earlier: unknown, later: unknown) => unknown): { failures: unknown } | undefined {
  if (!isTree(error) || !holds(error, reason, isTree)) return undefined;
  const leaves: unknown[] = [];
  collect(error, reason, isTree, leaves);
  if (leaves.length === 0) return undefined;
  let failures = leaves[leaves.length - 1];
  for (let i = leaves.length - 2; i >= 0; i--) failures = merge(failures, leaves[i]);
  return { failures };
}

function holds(error: unknown, reason: unknown, isTree: (e: unknown) => e is { error: unknown; suppressed: unknown }): boolean {
  if (error === reason) return true;
  return isTree(error) && (holds(error.error, reason, isTree) || holds(error.suppressed, reason, isTree));
}

/** The leaves of the tree other than `reason`, newest (the tree's `error` side) first. */
function collect(error: unknown, reason: unknown, isTree: (e: unknown) => e is { error: unknown; suppressed: unknown }, into: unknown[]): void {
  if (isTree(error)) {
    collect(error.error, reason, isTree, into);
    collect(error.suppressed, reason, isTree, into);
  } else if (error !== reason) {
    into.push(error);
  }
}
