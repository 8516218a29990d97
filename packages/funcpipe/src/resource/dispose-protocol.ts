// How the resource wrappers recognise what they are given: the TC39 disposal symbols, close-like
// methods, promise-likes and iterators. Internal to `src/resource/` (not exported from the index).

/** The function stored under `key` on `value`, or `undefined` when there is none. */
export function methodOf(value: unknown, key: PropertyKey): ((...args: never[]) => unknown) | undefined {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  const method: unknown = (value as Record<PropertyKey, unknown>)[key];
  return typeof method === 'function' ? (method as (...args: never[]) => unknown) : undefined;
}

/** True for anything with a callable `then`, which `await` would treat as a promise. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return methodOf(value, 'then') !== undefined;
}

/** True when `value` has `[Symbol.dispose]()` or `[Symbol.asyncDispose]()`. */
export function isDisposable(value: unknown): value is Disposable | AsyncDisposable {
  return methodOf(value, Symbol.dispose) !== undefined || methodOf(value, Symbol.asyncDispose) !== undefined;
}

const IteratorPrototype: object = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const AsyncIteratorPrototype: object = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}.prototype));

/**
 * True for iterators built on `%IteratorPrototype%` / `%AsyncIteratorPrototype%` (generators,
 * built-in iterators) that lack the disposal method TC39 gives them there. TypeScript's lib
 * declares all of them `Disposable` / `AsyncDisposable`, but Node 20 has not shipped those methods
 * yet; the wrappers then close such an iterator through `return()`, as the spec's method does.
 */
export function isIteratorWithoutDispose(value: unknown): value is IteratorObject<unknown> | AsyncIteratorObject<unknown> {
  if (value === null || typeof value !== 'object' || isDisposable(value)) return false;
  return Object.prototype.isPrototypeOf.call(IteratorPrototype, value) || Object.prototype.isPrototypeOf.call(AsyncIteratorPrototype, value);
}
