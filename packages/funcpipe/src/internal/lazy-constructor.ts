// A constructor that stands for another one loaded on first use. FuncPipe uses it for the
// explicit-resource-management polyfills: loading them costs about 10 MB of memory, which a
// program that never builds a DisposableStack should not pay.

type AnyConstructor = abstract new (...args: never[]) => unknown;

/**
 * Returns a stand-in for the constructor `load()` returns: `new`, `instanceof`, subclassing and
 * property access all behave as on the real constructor, which is loaded the first time any of
 * them happens.
 */
export function lazyConstructor<C extends AnyConstructor>(load: () => C): C {
  let real: C | undefined;
  const target = (): C => (real ??= load());
  const proxy: C = new Proxy(function lazyConstructorStandIn() {} as unknown as C, {
    construct: (_, args, newTarget) => Reflect.construct(target() as unknown as Function, args, newTarget === proxy ? target() : newTarget) as object,
    get: (_, key) => Reflect.get(target(), key) as unknown,
    has: (_, key) => Reflect.has(target(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
  return proxy;
}
