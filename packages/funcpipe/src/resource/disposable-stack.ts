import getDisposableStack from 'disposablestack/DisposableStack/polyfill';
import getAsyncDisposableStack from 'disposablestack/AsyncDisposableStack/polyfill';
import getSuppressedError from 'suppressed-error/polyfill.js';

/**
 * TC39 `DisposableStack`: the runtime's own when it has one (Node 24+), otherwise the
 * spec-compliant es-shims implementation. Disposes what it holds in reverse order (LIFO);
 * when several disposals fail, the errors are chained with `SuppressedError`.
 *
 * @example
 * ```ts
 * using stack = new DisposableStack();
 * const file = stack.adopt(openSync('a.txt', 'r'), (fd) => closeSync(fd));
 * ```
 */
export const DisposableStack: DisposableStackConstructor = getDisposableStack();

/** TC39 `AsyncDisposableStack`, native when present, a spec-compliant polyfill otherwise. */
export const AsyncDisposableStack: AsyncDisposableStackConstructor = getAsyncDisposableStack();

/**
 * TC39 `SuppressedError`: `error` is the newer failure (usually a cleanup failure), `suppressed`
 * the earlier one it would otherwise have hidden (usually the body's original error).
 */
export const SuppressedError: SuppressedErrorConstructor = getSuppressedError();
