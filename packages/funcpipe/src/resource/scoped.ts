import { checkFunction } from '../internal/check.js';
import { resourceHooks, trackLastRelease } from '../internal/resource-hooks.js';
import type { Release, ScopeExit, ScopeRequest } from './acquire.js';
import { NO_ERROR, combineErrors } from './combine-errors.js';
import { COMPLETED, checkRequest, checkRun, releaseOf } from './scope-support.js';

const WHERE = 'scoped';

/** Acquires what the program asked for and records its release on `held` (release, handle, ...). */
function acquireNow(request: unknown, held: unknown[]): unknown {
  const { create, release, resource } = checkRequest(WHERE, request).acquirer;
  if (create === undefined) {
    held.push(releaseOf(WHERE, resource, false), resource);
    return resource;
  }
  const handle = (create as () => unknown)();
  held.push(release, handle);
  return handle;
}

/** Runs every recorded release, last first, all of them; returns `error` with their failures merged. */
function releaseAll(held: readonly unknown[], exit: ScopeExit, error: unknown): unknown {
  let merged = error;
  for (let i = held.length - 2; i >= 0; i -= 2) {
    try {
      (held[i] as Release)(held[i + 1], exit);
    } catch (cleanupError) {
      merged = combineErrors(merged, cleanupError);
    }
  }
  return merged;
}

/**
 * Runs a generator program that acquires resources as it goes, and releases all of them, in
 * reverse order, when it ends: RAII without a nested block per resource (seed 003).
 *
 * Use it when a computation needs several resources one after the other, or a number of them
 * known only at run time, and you want the release guarantee of nested `using` blocks with
 * straight-line code.
 *
 * Semantics: the program runs at once, up to each `yield* acquire(...)`, where the runner
 * acquires the resource and resumes the program with its handle; an acquisition that throws is
 * thrown into the program there. When the program returns or throws, every acquired resource is
 * released, LIFO, each exactly once, each given the {@link ScopeExit}; all releases run even when
 * some throw. `scoped` returns the program's value, or throws its error with release failures
 * merged by `combineErrors` (a release failure alone is thrown as is). The runner is a loop: a
 * program may acquire any number of resources without growing the call stack.
 *
 * @example
 * ```ts
 * const copied = scoped(function* () {
 *   const from = yield* acquire(() => openSync('in.txt', 'r'), (fd) => closeSync(fd));
 *   const to = yield* acquire(() => openSync('out.txt', 'w'), (fd) => closeSync(fd));
 *   return writeSync(to, readFileSync(from));
 * }); // out.txt closed, then in.txt, even if the read or the write threw
 * ```
 */
export function scoped<T>(program: () => Generator<ScopeRequest<'sync'>, T, unknown>): T {
  checkFunction(WHERE, 'program', program);
  const run: unknown = program();
  checkRun(WHERE, run, false);
  const generator = run as Generator<unknown, T, unknown>;
  const held: unknown[] = [];
  let error: unknown = NO_ERROR;
  let result: T | undefined;
  try {
    let step = generator.next();
    while (step.done !== true) {
      let handle: unknown;
      let failure: unknown = NO_ERROR;
      try {
        handle = acquireNow(step.value, held);
        if (resourceHooks.current !== undefined) trackLastRelease('scoped', held);
      } catch (acquireError) {
        failure = acquireError;
      }
      step = failure === NO_ERROR ? generator.next(handle) : generator.throw(failure);
    }
    result = step.value;
  } catch (programError) {
    error = programError;
  }
  error = releaseAll(held, error === NO_ERROR ? COMPLETED : { kind: 'failed', error }, error);
  if (error !== NO_ERROR) throw error;
  return result as T;
}
