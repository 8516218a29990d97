import { SuppressedError } from './disposable-stack.js';

/** Marker for "no error happened" in cleanup bookkeeping (an error may itself be `undefined`). */
export const NO_ERROR: unique symbol = Symbol('funcpipe.noError');

/**
 * Merges a cleanup failure into the error already in flight, following TC39 semantics
 * (DESIGN principle 4): with no earlier error, the cleanup error is the result; otherwise a
 * `SuppressedError` whose `error` is the cleanup failure and whose `suppressed` is the earlier
 * error, so neither is lost. Its message starts with the first failure's message (what a reader
 * of a log needs first), then the cleanup failure's; `originalError(e)` returns the first failure.
 */
export function combineErrors(earlier: unknown, cleanupError: unknown): unknown {
  if (earlier === NO_ERROR) return cleanupError;
  return new SuppressedError(cleanupError, earlier, `${messageOf(originalError(earlier))} (and cleanup failed: ${messageOf(cleanupError)})`);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}

/**
 * True for a `SuppressedError`: an instance of the runtime's (or the polyfill's) class, or the
 * plain error object with the same shape that compilers build for `using` on runtimes without
 * the class (TypeScript and esbuild do this on Node 20).
 */
export function isSuppressedError(error: unknown): error is SuppressedError {
  if (error instanceof SuppressedError) return true;
  return error instanceof Error && error.name === 'SuppressedError' && 'error' in error && 'suppressed' in error;
}

/**
 * Follows a chain of `SuppressedError`s down to the first error that happened (the body's
 * original failure), which is the one callers usually want to report.
 */
export function originalError(error: unknown): unknown {
  let current = error;
  while (isSuppressedError(current)) current = current.suppressed;
  return current;
}
