import { listen } from './hook-hub.js';

/** What the development mode says about a resource holder collected while still open. */
export interface UnclosedReport {
  /** `'run'`, `'bracket'`, `'scoped'`, `'scopedAsync'`, `'pool lease'` or a registered kind. */
  readonly kind: string;
  /** The stack where the resource was acquired. */
  readonly acquiredAt: string;
}

/** Options of {@link enableDevMode}. */
export interface DevModeOptions {
  /** Called instead of the default process warning (`FuncPipeUnclosed`). */
  readonly onUnclosed?: (report: UnclosedReport) => void;
}

/** The environment variable that turns the development mode on when `funcpipe` is imported: `FUNCPIPE_DEV=1`. */
export const DEV_MODE_ENV = 'FUNCPIPE_DEV';

let stop: (() => void) | undefined;

function warn(report: UnclosedReport): void {
  const warning = new Error(
    `a FuncPipe ${report.kind} holding resources was garbage-collected without being closed; it was acquired\n${report.acquiredAt}`,
  );
  warning.name = 'FuncPipeUnclosed';
  process.emitWarning(warning);
}

/**
 * Turns the development mode on: from now on, a run, scope, bracket or pool lease that holds
 * resources and is garbage-collected without having been closed is reported with the stack where
 * it acquired them (as a `FuncPipeUnclosed` process warning, or to `onUnclosed`), the way trio
 * warns about unclosed async generators. Such an object can never be closed any more, so what it
 * holds has leaked: typically an iterator taken by hand (`gen[Symbol.asyncIterator]()`) and dropped.
 *
 * It costs a stack capture and a `FinalizationRegistry` entry per acquisition, so it is off by
 * default: call this, or set `FUNCPIPE_DEV=1` in the environment before `funcpipe` is imported.
 * Garbage collection decides when (and whether) the warning comes; it is a development aid, not a
 * test oracle (use `expectNoLeaks` in tests). Calling it again replaces the options.
 *
 * @example
 * ```ts
 * import { enableDevMode } from 'funcpipe/testing';
 * enableDevMode();
 * const run = rows[Symbol.asyncIterator]();
 * await run.next(); // ... and `run` dropped: a warning names this line once it is collected
 * ```
 */
export function enableDevMode(options: DevModeOptions = {}): void {
  const report = options.onUnclosed ?? warn;
  if (typeof report !== 'function') throw new TypeError('enableDevMode: expected `options.onUnclosed` to be a function');
  stop?.();
  let on = true;
  const registry = new FinalizationRegistry<UnclosedReport>((held) => {
    if (on) report(held);
  });
  const unlisten = listen({
    acquired(kind, owner, stack) {
      const token = {};
      registry.register(owner, { kind, acquiredAt: stack }, token);
      return () => registry.unregister(token);
    },
  });
  stop = () => {
    on = false;
    unlisten();
  };
}

/** Turns the development mode off; objects registered meanwhile are no longer reported. */
export function disableDevMode(): void {
  stop?.();
  stop = undefined;
}

/** True while the development mode is on. */
export function isDevModeEnabled(): boolean {
  return stop !== undefined;
}
