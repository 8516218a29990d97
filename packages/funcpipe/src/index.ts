// The public entry point of `funcpipe`. Every export is named here by hand; anything not listed
// is internal (and `./internal/*` is fenced off in package.json `exports`).

export { pipe } from './pipe.js';

// Result
export { Ok, Err, ok, err, isOk, isErr, type Result } from './result/result.js';
export { errInfo, toErrInfo, type ErrInfo, type ErrInfoDetails } from './result/err-info.js';
export { tryCatch, tryCatchAsync, liftThrowable } from './result/try-catch.js';

// Resource scopes
export { DisposableStack, AsyncDisposableStack, SuppressedError } from './resource/disposable-stack.js';
export { combineErrors, originalError } from './resource/combine-errors.js';

// Async streams (seed 001): the whole tree as the namespace `Async`, plus the seed's own names.
export * as Async from './async/index.js';
export { AsyncGen } from './async/async-gen.js';
export { AsyncRun, type RunOptions } from './async/async-run.js';
export { CleanupTimedOut } from './async/cleanup-timed-out.js';
export { liftAsyncItem } from './async/lift-async-item.js';
export { asyncGenReturn, asyncGenMap, asyncGenAndThen, asyncGenUsing } from './async/seed-names.js';
