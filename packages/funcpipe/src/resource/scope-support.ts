// Machinery shared by the RAII runners `scoped` and `scopedAsync`. Internal.
import { describe } from '../internal/check.js';
import { AcquireStep, type Release, type ScopeExit } from './acquire.js';
import { isIteratorWithoutDispose, methodOf } from './dispose-protocol.js';

/** The exit given to releases when the program returned. */
export const COMPLETED: ScopeExit = Object.freeze({ kind: 'completed' });

/** Checks that calling the program gave a generator the runner can drive. */
export function checkRun(where: string, run: unknown, async: boolean): void {
  const isRun = methodOf(run, 'next') !== undefined && methodOf(run, 'throw') !== undefined && methodOf(run, 'return') !== undefined;
  const mismatch = !async && methodOf(run, Symbol.asyncIterator) !== undefined;
  if (!isRun || mismatch) {
    const hint = mismatch ? ' (an async generator: run it with scopedAsync)' : '';
    throw new TypeError(`${where}: expected \`program\` to be a generator function (${async ? 'async function*' : 'function*'}), but calling it returned ${describe(run)}${hint}`);
  }
}

/** Checks what the program yielded: only `yield* acquire(...)` reaches the runner legitimately. */
export function checkRequest(where: string, request: unknown): AcquireStep {
  if (request instanceof AcquireStep) return request;
  throw new TypeError(`${where}: the program yielded ${describe(request)}; a scoped program may only yield through \`yield* acquire(...)\` (note the star)`);
}

/**
 * How a runner releases `resource`: its `[Symbol.asyncDispose]` (when `async`) or
 * `[Symbol.dispose]`, or `return()` for a built-in iterator that Node 20 has not made disposable.
 * Throws when the sync runner meets a resource that is only `AsyncDisposable`.
 */
export function releaseOf(where: string, resource: unknown, async: boolean): Release {
  let method = (async ? methodOf(resource, Symbol.asyncDispose) : undefined) ?? methodOf(resource, Symbol.dispose);
  if (method === undefined && isIteratorWithoutDispose(resource) && (async || methodOf(resource, Symbol.iterator) !== undefined)) {
    method = methodOf(resource, 'return') ?? (() => undefined);
  }
  const dispose = method;
  if (dispose === undefined) {
    throw new TypeError(`${where}: ${describe(resource)} can only be disposed asynchronously; run the program with scopedAsync`);
  }
  return () => dispose.call(resource);
}
