import { createRequire } from 'node:module';
import { lazyConstructor, type LazyConstructorOptions } from '../internal/lazy-constructor.js';

// The es-shims polyfill getters return the runtime's own constructor when it has one, their
// spec-compliant implementation otherwise. They are CommonJS, loaded on first use only.
const require = createRequire(import.meta.url);

function nativeOrPolyfill<C extends abstract new (...args: never[]) => unknown>(
  name: string,
  polyfill: string,
  behaviour: Omit<LazyConstructorOptions, 'name'> = { callable: false },
): C {
  const native = (globalThis as Record<string, unknown>)[name];
  if (typeof native === 'function') return native as C;
  return lazyConstructor(() => (require(polyfill) as () => C)(), { name, ...behaviour });
}

/**
 * TC39 `DisposableStack`: the runtime's own when it has one (Node 24+), otherwise the
 * spec-compliant es-shims implementation, loaded the first time it is used. Disposes what it
 * holds in reverse order (LIFO); when several disposals fail, the errors are chained with
 * `SuppressedError`.
 *
 * @example
 * ```ts
 * using stack = new DisposableStack();
 * const fd = stack.adopt(openSync('a.txt', 'r'), (fd) => closeSync(fd));
 * ```
 */
export const DisposableStack: DisposableStackConstructor = nativeOrPolyfill('DisposableStack', 'disposablestack/DisposableStack/polyfill');

/** TC39 `AsyncDisposableStack`, native when present, the es-shims polyfill (loaded on first use) otherwise. */
export const AsyncDisposableStack: AsyncDisposableStackConstructor = nativeOrPolyfill(
  'AsyncDisposableStack',
  'disposablestack/AsyncDisposableStack/polyfill',
);

/**
 * TC39 `SuppressedError`: `error` is the newer failure (usually a cleanup failure), `suppressed`
 * the earlier one it would otherwise have hidden (usually the body's original error). Native
 * when present, the es-shims polyfill (loaded on first use) otherwise.
 */
export const SuppressedError: SuppressedErrorConstructor = nativeOrPolyfill('SuppressedError', 'suppressed-error/polyfill.js', {
  callable: true, // as every native Error class: `SuppressedError(a, b)` constructs
  parent: Error,
});
