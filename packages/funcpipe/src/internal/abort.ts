// Abort plumbing shared by runs, sources and concurrent operators.

/** True when `error` is how an abort of `signal` surfaces (its reason, or any `AbortError`). */
export function isAbortError(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal === undefined || !signal.aborted) return false;
  if (error === signal.reason) return true;
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** The reason a run's own signal is aborted with when its consumer simply stopped. */
export function stopReason(): DOMException {
  return new DOMException('The run was stopped by its consumer', 'AbortError');
}

/**
 * Calls `onAbort` when `signal` aborts (at once if it already has). Returns the function that
 * removes the listener; every caller removes it when its run ends, so no listener leaks.
 */
export function onAbort(signal: AbortSignal, onAbortFn: () => void): () => void {
  if (signal.aborted) {
    onAbortFn();
    return noop;
  }
  signal.addEventListener('abort', onAbortFn, { once: true });
  return () => signal.removeEventListener('abort', onAbortFn);
}

function noop(): void {}
