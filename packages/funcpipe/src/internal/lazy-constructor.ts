// A constructor that stands for another one loaded on first use. FuncPipe uses it for the
// explicit-resource-management polyfills: loading them costs about 10 MB of memory, which a
// program that never builds a DisposableStack should not pay.

type AnyConstructor = abstract new (...args: never[]) => unknown;

/** How the stand-in answers a call without `new`. */
export interface LazyConstructorOptions {
  /** The class name, for the TypeError of a call without `new`. */
  readonly name: string;
  /**
   * `true` when the native class may be called as a function and then constructs (as the
   * `Error` classes, `SuppressedError` included, do); `false` when a call without `new` is a
   * TypeError (as for `DisposableStack`).
   */
  readonly callable: boolean;
  /** The class the native one extends, when the loaded one does not (`SuppressedError` extends `Error`). */
  readonly parent?: Function;
}

const TRAPS = ['defineProperty', 'deleteProperty', 'get', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'has', 'isExtensible', 'ownKeys', 'preventExtensions', 'set', 'setPrototypeOf'] as const;

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Returns a stand-in for the constructor `load()` returns, indistinguishable from it in use:
 * `new`, a call without `new` (a TypeError, or a construction when `callable`), `instanceof`,
 * subclassing (`new.target` is honoured), `name`, `length`, `prototype` and every other own or
 * inherited property. The real constructor is loaded the first time any of them happens; then
 * the stand-in's own properties are made those of the real one, and the real prototype's
 * `constructor` points to the stand-in, so `X.prototype.constructor === X` holds as it does for
 * a native class. (That last step changes the loaded polyfill's prototype, which only this
 * module hands out; the stand-in behaves exactly as the constructor it replaces.)
 */
export function lazyConstructor<C extends AnyConstructor>(load: () => C, options: LazyConstructorOptions): C {
  // The proxy's target takes the real constructor's shape on load, so every trap can simply be
  // forwarded to it and the proxy invariants hold by construction.
  const stand = function () {} as unknown as Function;
  let real: Function | undefined;
  const loaded = (): Function => {
    if (real !== undefined) return real;
    const actual = load() as unknown as Function;
    for (const key of Reflect.ownKeys(actual)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(actual, key) as PropertyDescriptor;
      if (key === 'prototype') descriptor.writable = false;
      Reflect.defineProperty(stand, key, descriptor);
    }
    Reflect.setPrototypeOf(stand, options.parent ?? Reflect.getPrototypeOf(actual));
    Reflect.defineProperty(actual.prototype as object, 'constructor', { value: proxy, writable: true, enumerable: false, configurable: true });
    return (real = actual);
  };
  const construct = (args: readonly unknown[], newTarget: Function): object => {
    const actual = loaded();
    // The polyfills do not all honour new.target (the es-shims SuppressedError ignores it, its
    // stacks reject one whose prototype is unrelated), so the object is built as the class's own,
    // then given new.target's prototype, as the spec's GetPrototypeFromConstructor would: a
    // prototype that is not an object falls back to the class's own.
    const made = Reflect.construct(actual, args, proxy) as object;
    const prototype: unknown = newTarget === proxy ? undefined : (newTarget as { prototype?: unknown }).prototype;
    if (isObject(prototype)) Reflect.setPrototypeOf(made, prototype);
    return made;
  };
  const handler: ProxyHandler<Function> = {
    construct: (_, args, newTarget) => construct(args, newTarget),
    apply: (_, _this, args) => {
      loaded();
      if (!options.callable) throw new TypeError(`Constructor ${options.name} requires 'new'`);
      return construct(args, proxy);
    },
  };
  for (const trap of TRAPS) {
    (handler as Record<string, unknown>)[trap] = (...args: unknown[]): unknown => {
      loaded();
      return (Reflect[trap] as (...a: unknown[]) => unknown)(...args);
    };
  }
  const proxy = new Proxy(stand, handler);
  return proxy as unknown as C;
}
