// IxJS, from its esnext build when installed (`@reactivex/ix-esnext-esm`: native generators and
// async generators), else from the `ix` package, whose ESM files are compiled to ES2015 with
// tslib's async-generator helpers. `IX_BUILD` says which one this process measured.

/**
 * @param {string} entry one of the package's `Ix.*` entry points
 */
async function load(entry) {
  try {
    return { build: '@reactivex/ix-esnext-esm', module: await import(`@reactivex/ix-esnext-esm/${entry}`) };
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return { build: 'ix (ES2015 build)', module: await import(`ix/${entry}`) };
  }
}

const iterable = await load('Ix.iterable');
const iterableOps = await load('Ix.iterable.operators');
const asyncIterable = await load('Ix.asynciterable');
const asyncIterableOps = await load('Ix.asynciterable.operators');

/** Which IxJS build the subjects of this process run on. */
export const IX_BUILD = iterable.build;
/** `Ix.iterable`: `from`, `sum`, `defer`, ... */
export const Ix = iterable.module;
/** `Ix.iterable.operators`: `map`, `filter`, `finalize`, ... */
export const IxOps = iterableOps.module;
/** `Ix.asynciterable`: `from`, `sum`, `reduce`, `defer`, ... */
export const IxAsync = asyncIterable.module;
/** `Ix.asynciterable.operators`: `map`, `filter`, `flatMap`, ... */
export const IxAsyncOps = asyncIterableOps.module;
