import type * as FastCheck from 'fast-check';
import { checkFunction, checkInteger, describe } from '../internal/check.js';
import { checkCase, leavesOf, type CheckRules } from './case-checks.js';
import type { CaseLog } from './case-log.js';
import { PLAN_FAULTS, exitPlans, type ExitPlan, type PlanFault } from './exit-plan.js';
import { runCase, type SubjectBuilder } from './run-case.js';
import { formatLeakReport, trackResources } from './resource-tracker.js';

/** Options of {@link checkConformance}; `P` is the type of the cases' parameter, when they draw one. */
export interface ConformanceOptions<P = undefined> extends Partial<CheckRules> {
  /** Cases to run. Default 100. */
  readonly numRuns?: number;
  /** The fast-check seed, to replay a failure (the report prints the seed of every failing run). */
  readonly seed?: number;
  /** The exits and faults to generate; all of them by default. */
  readonly faults?: readonly PlanFault[];
  /** Most items a kit resource holds. Default 6. */
  readonly maxItems?: number;
  /** Close deadline of runs in cases with a slow release. Default 5 ms. */
  readonly closeTimeoutMs?: number;
  /**
   * How long a slow release takes: more than `closeTimeoutMs`. Default ten times it. A subject
   * over real resources needs a deadline its own cleanups fit in on a loaded machine (tens of
   * milliseconds); a smaller factor then keeps the slow cases short.
   */
  readonly slowReleaseMs?: number;
  /** How long a case may take to release everything after the consumer's exit. Default 2,000 ms. */
  readonly settleMs?: number;
  /**
   * A fast-check arbitrary drawing a parameter for each case, passed to `build` as its second
   * argument: a family of subjects checked as one (a random pipeline shape, a page size, a query),
   * shrunk with the case and printed in the report.
   */
  readonly parameters?: FastCheck.Arbitrary<P>;
  /** The rules of the case with this parameter, over the other options (a concurrent shape judged as `'any-fault'`). */
  readonly rulesFor?: (parameter: P) => Partial<CheckRules>;
  /**
   * Checks of your own, run after each case has settled and been judged: what the kit cannot see
   * of a real adapter (the driver's pool back to idle, the file descriptors back to their count,
   * the server's sockets closed). Return the violations as sentences: none, the case passed.
   */
  readonly afterCase?: (parameter: P) => readonly string[] | PromiseLike<readonly string[]>;
}

/** Counts over the cases a check ran: cases, resources opened, faults injected by kind. */
export interface ConformanceStats {
  /** Cases run (shrinking steps included). */
  cases: number;
  /** Kit resources opened. */
  resources: number;
  /** Items delivered to the kit's consumer. */
  items: number;
  /** Errors published on `funcpipe:stop-echo` during the cases. */
  echoes: number;
  /** Faults injected, by kind (a break, a slow release and a late timer count once per case). */
  readonly faults: Record<'producer' | 'stage' | 'consumer' | 'release' | 'abort' | 'break' | 'slow-release' | 'late-timer', number>;
}

/** A fresh, zeroed {@link ConformanceStats}. */
export function emptyStats(): ConformanceStats {
  return { cases: 0, resources: 0, items: 0, echoes: 0, faults: { producer: 0, stage: 0, consumer: 0, release: 0, abort: 0, break: 0, 'slow-release': 0, 'late-timer': 0 } };
}

/** Adds what one case did to `stats`. */
export function countCase(stats: ConformanceStats, log: CaseLog): void {
  stats.cases += 1;
  stats.resources += log.resources.length;
  stats.items += log.deliveries.length;
  stats.echoes += log.echoes.length;
  for (const fault of log.faults) stats.faults[fault.kind] += 1;
  if (log.stopKind === 'break') stats.faults.break += 1;
  if (log.resources.some((r) => log.isSlow(r) && r.closeSeqs.length > 0)) stats.faults['slow-release'] += 1;
  if (log.resources.some((r) => log.isDeaf(r) && r.reads > 0)) stats.faults['late-timer'] += 1;
}

/** Thrown by {@link checkConformance}: a case broke a rule. Its message is the whole report. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';

  /**
   * @param subject - the name given to the check.
   * @param violations - what the smallest failing case broke, as sentences.
   * @param plan - that case's plan.
   * @param seed - the fast-check seed that reproduces it (pass it as `options.seed`).
   */
  constructor(
    readonly subject: string,
    readonly violations: readonly string[],
    readonly plan: ExitPlan | undefined,
    readonly seed: number,
    detail: string,
    readonly parameter?: unknown,
  ) {
    const drawn = parameter === undefined ? '' : `\n  with the parameter ${JSON.stringify(parameter)}`;
    super(`${subject} does not conform (seed ${seed}):\n${violations.map((v) => `  - ${v}`).join('\n')}\n  in the case ${JSON.stringify(plan)}${drawn}${detail}`);
  }
}

/** Formats a log's events for a report. */
function describeCase(log: CaseLog): string {
  const resources = log.resources.map((r) => `#${r.id}${r.kind === undefined ? '' : ` (${r.kind})`} opened at ${r.openedSeq}, released at ${r.closeSeqs.join(' and ') || 'never'}`);
  return `\n  resources: ${resources.join('; ') || 'none'}\n  faults: ${log.faults.map((f) => `${f.message} (at ${f.seq})`).join('; ') || 'none'}\n  consumer: ${log.deliveries.length} item(s), exit at ${log.exitSeq}${log.threw ? `, caught ${leavesOf(log.caught).map(String).join(' + ')}` : ''}`;
}

/** The checks' rules with their defaults. */
export function rulesOf(options: Partial<CheckRules>): CheckRules {
  return { order: options.order ?? 'lifo', firstFault: options.firstFault ?? 'first' };
}

/**
 * The conformance kit: checks that a source, operator or adapter you wrote releases everything on
 * every exit path, as FuncPipe's own pieces do.
 *
 * `build` receives the kit's resource factory and returns the subject as an `AsyncGen`: a source
 * that opens kit resources where it would open files or connections, or your operator applied to
 * `resources.source()`. For each of `numRuns` random cases (fast-check; fast-check must be
 * installed) the kit plans the resources' contents and faults and how the run ends (drained,
 * `break` after item k, a consumer throw, a read that throws at k, an abort after t ms, a release
 * that throws, a release slower than the close deadline, reads whose timers fire late), runs it,
 * and checks: every resource released exactly once, LIFO within its scope, before the consumer's
 * exit completes; the close deadline respected (a `CleanupTimedOut` instead of a hang); no
 * unhandled rejection; the caller's error is the first fault, with every later cleanup failure
 * attached (`SuppressedError`); no item delivered after an abort; no resource read after its
 * release; and, through the resource tracker, that every run, `bracket`, scope and pool lease
 * FuncPipe opened for the subject was closed (so an adapter over real resources is checked too). On the first failing case it shrinks it and throws a {@link ConformanceError} naming
 * the rules broken, the case, the events and the seed.
 *
 * An adapter that holds a resource of its own (a driver's connection, a file, a request) reports
 * it with `resources.register` where it is taken and given back, and is judged for it like for a
 * kit resource; `options.afterCase` adds the checks the kit cannot make (the driver's pool idle
 * again); `options.parameters` draws a parameter per case for `build` (a family of subjects: a
 * page size, a query, a random pipeline) and `options.rulesFor` the rules of that case.
 *
 * @returns what the cases exercised, for a test's log.
 * @example
 * ```ts
 * import { test } from 'node:test';
 * import { checkConformance } from 'funcpipe/testing';
 *
 * test('my lines source releases its resource', () =>
 *   checkConformance('lines', (resources) =>
 *     Async.bracket(
 *       (signal) => resources.open({ signal }),
 *       (file) => Async.fromProducer(async function* (signal) {
 *         for (let line = await file.read(signal); line !== undefined; line = await file.read(signal)) yield line;
 *       }),
 *       (file) => file.close(),
 *     )));
 * ```
 */
export async function checkConformance<P = undefined>(subject: string, build: SubjectBuilder<P>, options: ConformanceOptions<P> = {}): Promise<ConformanceStats> {
  if (typeof subject !== 'string') throw new TypeError(`checkConformance: expected \`subject\` to be a string, got ${describe(subject)}`);
  checkFunction('checkConformance', 'build', build);
  if (typeof options !== 'object' || options === null) throw new TypeError(`checkConformance: expected \`options\` to be an object, got ${describe(options)}`);
  const { rulesFor, afterCase } = options;
  if (rulesFor !== undefined) checkFunction('checkConformance', 'options.rulesFor', rulesFor);
  if (afterCase !== undefined) checkFunction('checkConformance', 'options.afterCase', afterCase);
  const { numRuns = 100, maxItems = 6, closeTimeoutMs = 5, settleMs = 2_000 } = options;
  checkInteger('checkConformance', 'options.numRuns', numRuns, 1);
  checkInteger('checkConformance', 'options.maxItems', maxItems, 0);
  checkInteger('checkConformance', 'options.closeTimeoutMs', closeTimeoutMs, 1);
  const { slowReleaseMs = closeTimeoutMs * 10 } = options;
  checkInteger('checkConformance', 'options.slowReleaseMs', slowReleaseMs, closeTimeoutMs + 1);
  checkInteger('checkConformance', 'options.settleMs', settleMs, 0);
  if (options.seed !== undefined) checkInteger('checkConformance', 'options.seed', options.seed, -(2 ** 31));
  const faults = new Set(options.faults ?? PLAN_FAULTS);
  for (const fault of faults) if (!PLAN_FAULTS.includes(fault)) throw new TypeError(`checkConformance: unknown fault ${describe(fault)} in \`options.faults\` (expected one of ${PLAN_FAULTS.join(', ')})`);
  const fc = await import('fast-check');
  const parameters = options.parameters ?? (fc.constant(undefined) as unknown as FastCheck.Arbitrary<P>);
  if (!(parameters instanceof fc.Arbitrary)) throw new TypeError(`checkConformance: expected \`options.parameters\` to be a fast-check Arbitrary, got ${describe(parameters)}`);
  const stats = emptyStats();
  let failure: { violations: string[]; log: CaseLog; parameter: P } | undefined;
  const property = fc.asyncProperty(exitPlans(fc, { maxItems, faults }), parameters, async (plan, parameter) => {
    // FuncPipe's own resources (runs, brackets, scopes, leases) are tracked too: an adapter whose
    // real resources the kit cannot see is still checked for the runs and brackets it leaves open.
    const tracked = await trackResources(() => runCase(build, plan, { closeTimeoutMs, slowReleaseMs, settleMs }, parameter), { graceMs: settleMs });
    if (tracked.failed) throw tracked.error;
    const log = tracked.value as CaseLog;
    countCase(stats, log);
    const violations = checkCase(log, rulesOf({ ...options, ...rulesFor?.(parameter) }));
    if (!tracked.report.clean) violations.push(formatLeakReport(tracked.report));
    if (afterCase !== undefined) violations.push(...(await afterCase(parameter)));
    if (violations.length > 0) failure = { violations, log, parameter };
    return violations.length === 0;
  });
  const result = await fc.check(property, { numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  if (result.failed) {
    if (failure === undefined) throw result.errorInstance ?? new Error(`${subject}: the check failed (seed ${result.seed})`);
    throw new ConformanceError(subject, failure.violations, failure.log.plan, result.seed, describeCase(failure.log), failure.parameter);
  }
  return stats;
}
