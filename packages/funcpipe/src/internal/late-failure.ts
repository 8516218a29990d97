// Failures that arrive when nobody is waiting any more (a cleanup past its deadline, a close
// started by a misuse error) are neither swallowed nor left as unhandled rejections: they are
// emitted as process warnings, which is where Node reports what no caller can receive.

/** Emits `error` as a process warning named `FuncPipeLateFailure`, saying what failed. */
export function warnLateFailure(what: string, error: unknown): void {
  const warning = new Error(`${what} failed after nobody was waiting for it`, { cause: error });
  warning.name = 'FuncPipeLateFailure';
  process.emitWarning(warning);
}

/** Attaches a handler to `promise` so that a rejection becomes a process warning. */
export function warnOnRejection(promise: PromiseLike<unknown>, what: string): void {
  promise.then(undefined, (error: unknown) => warnLateFailure(what, error));
}
