// SIGINT / SIGTERM: the first aborts the run (it stops, commits nothing half-way, releases
// everything and prints its summary); a second forces exit at once.

/** The abort reason a signal gives the run. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
  }

  /** The conventional exit code: 128 + the signal number (130 for SIGINT, 143 for SIGTERM). */
  get exitCode(): number {
    return this.signal === 'SIGINT' ? 130 : 143;
  }
}

/** What {@link trapSignals} gives: the run's signal, and disposal that removes the handlers. */
export interface SignalTrap extends Disposable {
  readonly signal: AbortSignal;
}

/**
 * Installs SIGINT and SIGTERM handlers for the duration of a command (dispose to remove them).
 * The first signal aborts `signal` with an {@link Interrupted} reason and calls `onFirst`
 * (to say "stopping..."); a second one calls `forceExit` with the exit code (default:
 * `process.exit`), which is safe because every document commits in one transaction.
 */
export function trapSignals(onFirst: (reason: Interrupted) => void, forceExit: (code: number) => void = (code) => process.exit(code)): SignalTrap {
  const controller = new AbortController();
  const handler = (name: 'SIGINT' | 'SIGTERM'): void => {
    const reason = new Interrupted(name);
    if (controller.signal.aborted) {
      forceExit(reason.exitCode);
      return;
    }
    controller.abort(reason);
    onFirst(reason);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    [Symbol.dispose]: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
