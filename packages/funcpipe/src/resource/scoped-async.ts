import { checkFunction, checkSignal } from '../internal/check.js';
import { checkOptions } from '../internal/options.js';
import { resourceHooks, trackLastRelease } from '../internal/resource-hooks.js';
import type { Release, ScopeExit, ScopeRequest } from './acquire.js';
import { NO_ERROR, combineErrors } from './combine-errors.js';
import { isThenable } from './dispose-protocol.js';
import { COMPLETED, checkRequest, checkRun, releaseOf } from './scope-support.js';

const WHERE = 'scopedAsync';

/** Options of {@link scopedAsync}. */
export interface ScopedAsyncOptions {
  /** Aborting it stops the program at its next acquisition, releases everything, and rejects with its reason. */
  readonly signal?: AbortSignal;
}

/**
 * Acquires what the program asked for and records its release on `held` (release, handle, ...),
 * so the handle is `held`'s last entry. Returns a promise only when `create` returned one: sync
 * acquisitions cost no extra turn. An existing resource is taken in charge even after an abort;
 * a `create` is not called then.
 */
function acquireNow(request: unknown, held: unknown[], signal: AbortSignal): Promise<void> | undefined {
  const { create, release, resource } = checkRequest(WHERE, request).acquirer;
  if (create === undefined) {
    held.push(releaseOf(WHERE, resource, true), resource);
    return undefined;
  }
  signal.throwIfAborted();
  const created = create(signal);
  if (!isThenable(created)) {
    held.push(release, created);
    return undefined;
  }
  return Promise.resolve(created).then((handle) => {
    held.push(release, handle);
  });
}

async function releaseAll(held: readonly unknown[], exit: ScopeExit, error: unknown): Promise<unknown> {
  let merged = error;
  for (let i = held.length - 2; i >= 0; i -= 2) {
    try {
      const released = (held[i] as Release)(held[i + 1], exit);
      if (isThenable(released)) await released;
    } catch (cleanupError) {
      merged = combineErrors(merged, cleanupError);
    }
  }
  return merged;
}

/** Stops a program after an abort: `return()` runs its `finally` blocks; any acquisition they try fails with the reason. */
async function stop(generator: AsyncGenerator<unknown, unknown, unknown>, reason: unknown): Promise<unknown> {
  let error: unknown = reason;
  try {
    let step = await generator.return(undefined);
    while (step.done !== true) step = await generator.throw(reason);
  } catch (cleanupError) {
    if (cleanupError !== reason) error = combineErrors(error, cleanupError);
  }
  return error;
}

/**
 * The async twin of {@link scoped}: runs an `async function*` program that acquires resources
 * with `yield* acquire(...)` (sync or async ones), and releases all of them LIFO when it ends.
 *
 * Use it for programs that await: connections, HTTP clients, temporary directories, anything
 * whose creation or release returns a promise, and when the work must be cancellable.
 *
 * Semantics: as `scoped`, with every acquisition, release and program step awaited; a resource
 * with both disposal methods is released through `[Symbol.asyncDispose]`. The program receives
 * the run's `AbortSignal` (the given one, or one that never aborts), and so does each `create`:
 * pass it to the I/O they start. After an abort, the program is stopped when it next asks for a
 * resource: a `create` is not called any more, but a `Disposable` value it yields is taken in
 * charge, and an acquisition in flight is let settle (its handle is released; its failure is taken
 * as caused by the abort). The program's `finally` blocks run (an acquisition they attempt fails
 * with the reason), every resource is released LIFO with an `aborted` exit, and the promise
 * rejects with `signal.reason`, release failures merged by `combineErrors`. An abort cannot
 * interrupt the program's own awaits (JavaScript cannot), so pass it the signal; a program that
 * returns before its next acquisition is not affected. An already aborted signal rejects at once,
 * before the program runs.
 *
 * @example
 * ```ts
 * const bytes = await scopedAsync(async function* (signal) {
 *   const dir = yield* acquire(() => mkdtemp(join(tmpdir(), 'job-')), (path) => rm(path, { recursive: true }));
 *   const out = yield* acquire(await open(join(dir, 'page.html'), 'w')); // a FileHandle: AsyncDisposable
 *   const page = await (await fetch('http://127.0.0.1:8080/', { signal })).text();
 *   await out.writeFile(page);
 *   return page.length;
 * }, { signal: AbortSignal.timeout(5_000) }); // the file closed, then the directory removed
 * ```
 */
export async function scopedAsync<T>(
  program: (signal: AbortSignal) => AsyncGenerator<ScopeRequest, T, unknown>,
  options: ScopedAsyncOptions = {},
): Promise<T> {
  checkFunction(WHERE, 'program', program);
  checkOptions(WHERE, options, ['signal']);
  checkSignal(WHERE, options.signal);
  const signal = options.signal ?? new AbortController().signal;
  signal.throwIfAborted();
  const run: unknown = program(signal);
  checkRun(WHERE, run, true);
  const generator = run as AsyncGenerator<unknown, T, unknown>;
  const held: unknown[] = [];
  let error: unknown = NO_ERROR;
  let aborted = false;
  let result: T | undefined;
  try {
    let step = await generator.next();
    while (step.done !== true) {
      let handle: unknown;
      let failure: unknown = NO_ERROR;
      try {
        const pending = acquireNow(step.value, held, signal);
        if (pending !== undefined) await pending;
        handle = held[held.length - 1];
        if (resourceHooks.current !== undefined) trackLastRelease('scopedAsync', held);
      } catch (acquireError) {
        failure = acquireError;
      }
      if (signal.aborted) {
        aborted = true;
        break;
      }
      step = failure === NO_ERROR ? await generator.next(handle) : await generator.throw(failure);
    }
    if (!aborted) result = step.value as T;
  } catch (programError) {
    error = programError;
  }
  if (aborted) error = await stop(generator, signal.reason);
  const exit: ScopeExit =
    aborted ? { kind: 'aborted', reason: signal.reason } : error === NO_ERROR ? COMPLETED : { kind: 'failed', error };
  error = await releaseAll(held, exit, error);
  if (error !== NO_ERROR) throw error;
  return result as T;
}
