import { CleanupTimedOut } from '../async/cleanup-timed-out.js';
import { isSuppressedError, originalError } from '../resource/combine-errors.js';
import { SuppressedError } from '../resource/disposable-stack.js';
import type { CaseLog, ResourceState } from './case-log.js';
import { KitFault } from './kit-fault.js';

/** How strictly a case's error is judged. */
export interface CheckRules {
  /**
   * `'lifo'` (default): releases are newest first within each scope. `'any'`: no order is checked
   * (for subjects that release concurrent branches in parallel without scopes).
   */
  readonly order: 'lifo' | 'any';
  /**
   * `'first'` (default): the caller's error must be the first fault in time. `'any-fault'`: any
   * fault the case injected (for concurrent subjects, where two branches may fail at once, and for
   * ordered parallel maps, where the failure at the earliest position wins); a cleanup failure may
   * also be published as a stop echo instead of attached, and a fault in work read ahead (a failed
   * read or stage, or a cleanup failure before a stop) may be discarded with that work.
   */
  readonly firstFault: 'first' | 'any-fault';
}

/** Every error in a chain of `SuppressedError`s (both sides, recursively), the first failure first. */
export function leavesOf(error: unknown): unknown[] {
  if (!isSuppressedError(error)) return [error];
  return [...leavesOf(error.suppressed), ...leavesOf(error.error)];
}

function name(error: unknown): string {
  if (error instanceof KitFault) return `"${error.message}"`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function scopesNest(a: ResourceState, b: ResourceState): boolean {
  return a.scope.startsWith(b.scope) || b.scope.startsWith(a.scope);
}

function checkReleases(log: CaseLog, rules: CheckRules, out: string[]): void {
  const { resources } = log;
  for (const r of resources) {
    if (r.closeSeqs.length === 0) out.push(`resource #${r.id} was never released (acquire/release balance)`);
    if (r.closeSeqs.length > 1) out.push(`resource #${r.id} was released ${r.closeSeqs.length} times (exactly once expected)`);
  }
  const timedOut = leavesOf(log.caught).some((e) => e instanceof CleanupTimedOut);
  if (rules.order === 'lifo') {
    for (const a of resources) {
      for (const b of resources) {
        const [aClosed, bClosed] = [a.closeSeqs[0], b.closeSeqs[0]];
        if (a.openedSeq >= b.openedSeq || aClosed === undefined || bClosed === undefined || !scopesNest(a, b)) continue;
        // b was opened after a, while a was still held: b must be released first, and a slow
        // release of b must have finished (past the close deadline it goes on in the background,
        // and the owners above it wait for it there).
        if (b.openedSeq < aClosed && aClosed < bClosed) out.push(`resource #${a.id} was released before resource #${b.id}, which was acquired after it (LIFO expected)`);
        else if (b.openedSeq < aClosed && log.isSlow(b) && aClosed < (b.slowDoneSeq ?? Infinity)) {
          out.push(`resource #${a.id} was released while the slow release of resource #${b.id}, acquired after it, was still running (LIFO expected past the deadline too)`);
        }
      }
    }
  }
  if (log.openAtExit.length > 0 && !timedOut) {
    out.push(`the consumer's exit completed before the release of resource(s) #${log.openAtExit.join(', #')} (release before the exit completes)`);
  }
}

function checkDeadline(log: CaseLog, out: string[]): void {
  const slow = log.resources.find((r) => log.isSlow(r));
  const called = slow?.closeSeqs[0];
  if (slow === undefined || called === undefined || (log.exitSeq as number) < called) return;
  // The deadline bounds the cleanup of a stop (the consumer's, an abort's); a release
  // in the normal flow of a run (an inner stream that ended) may take as long as it takes.
  // A failure's cleanup inside a user's scope (a mapper's scopedAsync) is not a run's to bound.
  if (called < (log.stopSeq ?? Infinity)) return;
  if (!log.slowRunningAtExit) out.push(`the consumer's exit waited for the slow release of resource #${slow.id} past the close deadline`);
  if (!leavesOf(log.caught).some((e) => e instanceof CleanupTimedOut)) out.push(`a release overran the close deadline but the caller saw no CleanupTimedOut (caught ${log.threw ? name(log.caught) : 'nothing'})`);
}

function checkError(log: CaseLog, rules: CheckRules, out: string[]): void {
  const exit = log.exitSeq as number;
  const faults = log.faults.filter((f) => f.seq < exit);
  const leaves = log.threw ? leavesOf(log.caught) : [];
  const echoed = new Set(log.echoes.flatMap(leavesOf));
  const stop = log.stopSeq ?? Infinity;
  // The first thing that ended the run: a fault that struck before any stop, or the stop itself.
  const first = faults.find((f) => f.seq < stop && f.kind !== 'abort');
  const aborted = log.stopKind === 'abort';
  const byStop = aborted ? log.abortReason : log.stopKind === 'throw' ? faults.find((f) => f.kind === 'consumer') : undefined;
  // A consumer that throws sees its own error first (the language's rule for `await using`), with
  // anything that failed before it, but was not delivered yet, attached.
  const expected = log.stopKind === 'throw' ? byStop : first ?? byStop;
  // Work read ahead of the consumer (a concurrent or parallel stage) may fail before a consumer's
  // stop that the sequential reading would have come to first: its outcome is discarded.
  // That includes the cleanup failure of a branch read ahead to its end before the stop.
  const discardable = (f: KitFault): boolean => rules.firstFault === 'any-fault' && f.kind !== 'consumer' && (f.kind !== 'release' || f.seq < stop);
  const releases = faults.filter((f) => f.kind === 'release');
  const slow = log.resources.some((r) => log.isSlow(r));
  const slowBeforeStop = log.resources.some((r) => log.isSlow(r) && (r.closeSeqs[0] ?? Infinity) < stop);
  const timedOut = leaves.some((e) => e instanceof CleanupTimedOut);
  const late = new Set(log.lateFailures.flatMap(leavesOf));
  if (!log.threw) {
    const endedFirst = aborted && log.resources.every((r) => r.closeSeqs[0] !== undefined && r.closeSeqs[0] < (log.abortSeq as number));
    if (expected !== undefined && !(aborted && endedFirst) && !discardable(expected)) out.push(`the caller saw no error, but ${name(expected)} struck first`);
    for (const f of releases) if (!(rules.firstFault === 'any-fault' && (echoed.has(f) || discardable(f)))) out.push(`${name(f)} was lost (the caller saw no error)`);
    return;
  }
  const original = originalError(log.caught);
  if (expected !== undefined) {
    const anyFault = rules.firstFault === 'any-fault' && expected.kind !== 'consumer' && original instanceof KitFault && faults.includes(original);
    // A failure whose own cleanup is still running when an abort comes has not reached the caller
    // yet: the abort may win, provided the failure is kept (attached, or published as the echo).
    // Kept means attached, published as the echo, or, when that cleanup overran the deadline too,
    // reported as a FuncPipeLateFailure warning (the owners wait for a slow release, finding 3).
    const kept = leaves.includes(expected) || echoed.has(expected) || (timedOut && late.has(expected));
    const raced = aborted && expected !== log.abortReason && original === log.abortReason && kept;
    // A release in the normal flow (a stream that ended) that overran the deadline before the stop
    // failed first: the caller sees its CleanupTimedOut, with the stop's fault attached.
    const overranFirst = original instanceof CleanupTimedOut && slowBeforeStop && leaves.includes(expected);
    // A read-ahead fault the stop could have discarded does not have to come first.
    const superseded = discardable(expected) && (original instanceof KitFault || original instanceof CleanupTimedOut);
    // A release failure at a source's end is delivered after the items the source had already
    // handed out: a failure in the work on those items (a stage, another release) may come first.
    const positioned = expected.kind === 'release' && original instanceof KitFault && original.kind !== 'consumer' && faults.includes(original);
    const acceptable = original === expected || anyFault || raced || superseded || positioned || overranFirst;
    if (!acceptable) out.push(`the caller saw ${name(original)} first, but ${name(expected)} struck first`);
  } else if (releases.length > 0) {
    if (!releases.includes(original as KitFault) && !(original instanceof CleanupTimedOut)) out.push(`the caller saw ${name(original)} first; the first failure was ${name(releases[0])}`);
  } else if (!(slow && original instanceof CleanupTimedOut)) {
    out.push(`the caller saw ${name(original)}, but nothing failed`);
  }
  const earlier = log.stopKind === 'throw' ? faults.filter((f) => f.seq < stop && !discardable(f)) : releases;
  for (const f of earlier) {
    if (leaves.includes(f) || discardable(f)) continue;
    if (rules.firstFault === 'any-fault' && echoed.has(f)) continue;
    out.push(`${name(f)} was not attached to the caller's error (later cleanup failures attached)`);
  }
  for (const leaf of leaves) {
    if (leaf instanceof KitFault || leaf instanceof CleanupTimedOut) continue;
    out.push(`the caller's error holds an unexpected error: ${name(leaf)}`);
  }
  if (log.caught instanceof SuppressedError && log.stopKind !== 'throw') {
    const lead = original instanceof Error ? original.message : String(original);
    if (!log.caught.message.startsWith(lead)) out.push(`the SuppressedError's message does not lead with the first failure: "${log.caught.message}"`);
  }
}

/**
 * Judges one case: acquire/release balance, exactly-once and LIFO release, release before the
 * consumer's exit completes, the close deadline respected, no unhandled rejection, the caller's
 * error (the first fault, with later cleanup failures attached), no item after an abort, no
 * misuse of a released resource. Returns the violations found, as sentences (none: the case passed).
 */
export function checkCase(log: CaseLog, rules: CheckRules): string[] {
  const out: string[] = [];
  checkReleases(log, rules, out);
  checkDeadline(log, out);
  checkError(log, rules, out);
  for (const reason of log.unhandled) out.push(`unhandled rejection: ${name(reason)}`);
  const late = log.faults.filter((f) => f.kind === 'release' && f.seq > (log.exitSeq as number));
  for (const f of late) if (!log.lateFailures.flatMap(leavesOf).includes(f)) out.push(`${name(f)} came after the exit and was not reported as a FuncPipeLateFailure warning`);
  if (log.abortSeq !== undefined && log.stopKind === 'abort') {
    const after = log.deliveries.filter((d) => d.seq > (log.abortSeq as number));
    if (after.length > 0) out.push(`${after.length} item(s) delivered after the abort`);
  }
  out.push(...log.misuse);
  return out;
}
