// The stop signal of one long CLI command: SIGINT/SIGTERM (when trapped) or the caller's signal.
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { Interrupted, trapSignals } from './signals.js';

/** The signal a command runs under, and what its interruption exits with. */
export interface RunSignal extends Disposable {
  /** Aborted by the first SIGINT/SIGTERM, or by the caller's signal. */
  readonly signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM (130 for a caller's abort). */
  exitCode(): number;
}

/**
 * The command's signal. With `io.trapSignals`, SIGINT/SIGTERM are trapped for the command's
 * duration: the first aborts the run and says so on stderr, a second exits at once.
 */
export function runSignal(io: CliIo): RunSignal {
  const trap = io.trapSignals ? trapSignals((reason) => io.stderr.write(`${reason.message}: stopping (press Ctrl-C again to exit at once)\n`)) : undefined;
  const signals = [trap?.signal, io.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length === 0 ? new AbortController().signal : signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals);
  return {
    signal,
    exitCode: () => (signal.reason instanceof Interrupted ? signal.reason.exitCode : EXIT.sigint),
    [Symbol.dispose]: () => trap?.[Symbol.dispose](),
  };
}
