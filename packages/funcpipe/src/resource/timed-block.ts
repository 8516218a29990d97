import { checkFunction, describe } from '../internal/check.js';
import { checkOptions } from '../internal/options.js';
import { combineErrors } from './combine-errors.js';

/**
 * How a timed block ended. `using` cannot see whether its block threw, so a block reports
 * `'completed'` or `'failed'` only when told (`complete()` / `fail(e)`, or by {@link timed},
 * which knows), and `'unknown'` otherwise.
 */
export type TimedOutcome = 'completed' | 'failed' | 'unknown';

/** What a timed block reports, once, when it ends. `error` is present when `outcome` is `'failed'`. */
export interface TimedReport {
  readonly name: string;
  /** Elapsed time by the block's clock, in milliseconds. */
  readonly ms: number;
  readonly outcome: TimedOutcome;
  readonly error?: unknown;
}

/** Options of {@link timedBlock} and {@link timed}. */
export interface TimedBlockOptions {
  /** The clock, in milliseconds. Default `performance.now()`; inject one to control time in tests. */
  readonly now?: () => number;
}

/** A running timer that reports when disposed. */
export interface TimedBlock extends Disposable {
  readonly name: string;
  /** Milliseconds elapsed so far. */
  elapsed(): number;
  /** Marks the block as completed; call it as the block's last statement. */
  complete(): void;
  /** Marks the block as failed with `error`. */
  fail(error: unknown): void;
}

const defaultNow = (): number => performance.now();

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';

function readClock(where: string, options: TimedBlockOptions | undefined): () => number {
  if (options === undefined) return defaultNow;
  checkOptions(where, options, ['now']);
  if (options.now === undefined) return defaultNow;
  checkFunction(where, 'options.now', options.now);
  return options.now;
}

function startBlock(where: string, name: string, report: (r: TimedReport) => void, options: TimedBlockOptions | undefined): TimedBlock {
  if (typeof name !== 'string') throw new TypeError(`${where}: expected \`name\` to be a string, got ${describe(name)}`);
  checkFunction(where, 'report', report);
  const now = readClock(where, options);
  const start = now();
  let outcome: TimedOutcome = 'unknown';
  let error: unknown;
  let reported = false;
  const mark = (to: TimedOutcome, e?: unknown): void => {
    if (reported) throw new Error(`${where} "${name}": cannot mark the block ${to}, it has already reported`);
    outcome = to;
    error = e;
  };
  return {
    name,
    elapsed: () => now() - start,
    complete: () => mark('completed'),
    fail: (e) => mark('failed', e),
    [Symbol.dispose]() {
      if (reported) return;
      reported = true;
      const ms = now() - start;
      report(outcome === 'failed' ? { name, ms, outcome, error } : { name, ms, outcome });
    },
  };
}

/**
 * Starts timing a block; disposing it reports `{ name, ms, outcome }` exactly once, on every exit
 * path (later disposals do nothing). Use it with `using` to time a phase of work. A throwing
 * `report` propagates from the disposal (merged with the block's own error by `using`).
 *
 * @example
 * ```ts
 * {
 *   using block = timedBlock('parse', (r) => log.info(r));
 *   const doc = parse(text);
 *   block.complete();
 * } // reports { name: 'parse', ms: 3.1, outcome: 'completed' }
 * ```
 */
export function timedBlock(name: string, report: (r: TimedReport) => void, options?: TimedBlockOptions): TimedBlock {
  return startBlock('timedBlock', name, report, options);
}

/**
 * Runs `body` inside a timed block and reports its true outcome: `'completed'` with its value,
 * or `'failed'` with the error it threw (or its promise rejected with), which is then re-thrown.
 * For an async `body` the report comes when its promise settles. If `report` itself throws after
 * a failure, the body's error is kept inside a `SuppressedError`.
 *
 * @example
 * ```ts
 * const rows = await timed('load', (r) => metrics.push(r), () => loadRows(db));
 * ```
 */
export function timed<R>(name: string, report: (r: TimedReport) => void, body: () => R, options?: TimedBlockOptions): R {
  checkFunction('timed', 'body', body);
  const block = startBlock('timed', name, report, options);
  const failed = (error: unknown): never => {
    block.fail(error);
    try {
      block[Symbol.dispose]();
    } catch (reportError) {
      throw combineErrors(error, reportError);
    }
    throw error;
  };
  const succeeded = <V>(value: V): V => {
    block.complete();
    block[Symbol.dispose]();
    return value;
  };
  let result: R;
  try {
    result = body();
  } catch (error) {
    return failed(error);
  }
  if (isThenable(result)) return Promise.resolve(result).then(succeeded, failed) as R;
  return succeeded(result);
}
