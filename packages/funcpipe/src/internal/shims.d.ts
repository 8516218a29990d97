// Type declarations for the es-shims polyfill getters, which ship without types. Each getter
// returns the native constructor when the runtime has one, the spec-compliant shim otherwise.
declare module 'disposablestack/DisposableStack/polyfill' {
  const getPolyfill: () => DisposableStackConstructor;
  export default getPolyfill;
}
declare module 'disposablestack/AsyncDisposableStack/polyfill' {
  const getPolyfill: () => AsyncDisposableStackConstructor;
  export default getPolyfill;
}
declare module 'suppressed-error/polyfill.js' {
  const getPolyfill: () => SuppressedErrorConstructor;
  export default getPolyfill;
}
