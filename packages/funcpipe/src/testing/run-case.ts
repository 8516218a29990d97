import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { describe } from '../internal/check.js';
import { STOP_ECHO_CHANNEL } from '../internal/stop-echo.js';
import { AsyncGen } from '../async/async-gen.js';
import { CaseLog } from './case-log.js';
import { CaseResources, type KitResources } from './kit-resources.js';
import type { ExitPlan } from './exit-plan.js';

/**
 * Builds the subject under test from the kit's resource factory (a fresh subject per case), and
 * the case's parameter when the check draws one (`ConformanceOptions.parameters`).
 */
export type SubjectBuilder<P = undefined> = (resources: KitResources, parameter: P) => AsyncGen<unknown, unknown>;

/** Deadlines of one case. */
export interface CaseTimes {
  /** The close deadline of runs in cases with a slow release. */
  readonly closeTimeoutMs: number;
  /** How long a slow release takes (default ten times the close deadline). */
  readonly slowReleaseMs?: number;
  /** How long to wait, after the consumer's exit, for every resource to be released. */
  readonly settleMs: number;
}

/** A close deadline no case without a slow release may reach, so that such cases never time out. */
const GENEROUS_CLOSE_TIMEOUT_MS = 60_000;

/**
 * Runs one case: builds the subject, drives a run of it as the plan's consumer (explicit `next()`
 * calls inside `await using`, so no cleanup failure is dropped by the language), aborts it when the
 * plan says, then waits for everything to settle. Unhandled rejections, late-failure warnings and
 * stop echoes are collected meanwhile: the process's own `unhandledRejection` listeners (a test
 * runner's) are set aside for the duration, so a rejection the subject leaves unhandled is the
 * case's finding, not a crash of the runner.
 */
export async function runCase<P>(build: SubjectBuilder<P>, plan: ExitPlan, times: CaseTimes, parameter: P): Promise<CaseLog> {
  const log = new CaseLog(plan);
  const closeTimeoutMs = plan.slowRelease === undefined ? GENEROUS_CLOSE_TIMEOUT_MS : times.closeTimeoutMs;
  const gen: unknown = build(new CaseResources(log, times.slowReleaseMs ?? times.closeTimeoutMs * 10), parameter);
  if (!(gen instanceof AsyncGen)) throw new TypeError(`checkConformance: expected \`build\` to return an AsyncGen, got ${describe(gen)}`);
  const onUnhandled = (reason: unknown): void => {
    log.unhandled.push(reason);
  };
  const onWarning = (warning: Error): void => {
    if (warning.name === 'FuncPipeLateFailure') log.lateFailures.push(warning.cause);
  };
  const onEcho = (message: unknown): void => {
    log.echoes.push((message as { error: unknown }).error);
  };
  const others = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', onUnhandled);
  process.on('warning', onWarning);
  subscribe(STOP_ECHO_CHANNEL, onEcho);
  try {
    await drive(gen, log, closeTimeoutMs);
    await settle(log, times.settleMs);
    await nextTurn();
    await nextTurn();
  } finally {
    unsubscribe(STOP_ECHO_CHANNEL, onEcho);
    process.off('warning', onWarning);
    process.off('unhandledRejection', onUnhandled);
    for (const listener of others) process.on('unhandledRejection', listener);
  }
  return log;
}

/** The longest quiet spell after which a case that is not yet quiet is taken as settled (leaking). */
const STILL_MS = 20;

/** Waits until every resource is released and nothing runs, or nothing has happened for a while. */
async function settle(log: CaseLog, settleMs: number): Promise<void> {
  let seq = log.seq;
  let still = Date.now();
  for (const until = Date.now() + settleMs; !log.quiet() && Date.now() < until; ) {
    await sleep(1);
    if (log.seq !== seq || log.slowRunning()) [seq, still] = [log.seq, Date.now()];
    else if (Date.now() - still > STILL_MS) return;
  }
}

async function drive(gen: AsyncGen<unknown, unknown>, log: CaseLog, closeTimeoutMs: number): Promise<void> {
  const { plan } = log;
  const controller = new AbortController();
  const timer =
    plan.abortAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          const reason = log.fault('abort', `abort after ${plan.abortAfterMs} ms`);
          log.abortSeq = reason.seq;
          log.abortReason = reason;
          log.stop('abort');
          controller.abort(reason);
        }, plan.abortAfterMs);
  let caught: unknown;
  let threw = false;
  try {
    await using run = gen.iterate({ signal: controller.signal, closeTimeoutMs });
    for (let i = 0; ; i++) {
      const step = await run.next();
      if (step.done === true) {
        if (log.stopSeq === undefined) log.doneSeq = log.tick();
        break;
      }
      log.deliver(step.value.ok ? step.value.value : step.value.error, step.value.ok);
      const { consumer } = plan;
      if (consumer.kind !== 'drain' && consumer.at === i) {
        log.stop(consumer.kind);
        if (consumer.kind === 'break') break;
        throw log.fault('consumer', `the consumer, after item ${i}`);
      }
    }
  } catch (error) {
    caught = error;
    threw = true;
  }
  clearTimeout(timer);
  log.exit(caught, threw);
}
