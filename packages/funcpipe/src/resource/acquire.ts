import { checkFunction, describe } from '../internal/check.js';
import { isDisposable, isIteratorWithoutDispose } from './dispose-protocol.js';

/**
 * Why a scope ended, given to every release of `scoped` / `scopedAsync` as its second argument,
 * so a release can act on it (commit on `completed`, roll back otherwise).
 */
export type ScopeExit =
  | { readonly kind: 'completed' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'aborted'; readonly reason: unknown };

declare const requestMode: unique symbol;

/**
 * What a program yields to its runner through `yield* acquire(...)`; opaque. `'sync'` requests
 * run under `scoped` and `scopedAsync`, `'async'` ones (a promise to await) only under `scopedAsync`.
 */
export interface ScopeRequest<M extends 'sync' | 'async' = 'sync' | 'async'> {
  readonly [requestMode]: M;
}

/** The value of `acquire(...)`: delegate to it with `yield*` to get the handle `H`. Reusable. */
export type Acquire<H, M extends 'sync' | 'async' = 'sync' | 'async'> = Iterable<ScopeRequest<M>, H, unknown>;

/** A resource's release as the runners call it. */
export type Release = (handle: unknown, exit: ScopeExit) => unknown;

/** One `yield*` through an {@link Acquire}: yields itself to the runner, then returns the handle. */
export class AcquireStep {
  #yielded = false;

  constructor(readonly acquirer: Acquirer) {}

  next(handle?: unknown): IteratorResult<AcquireStep, unknown> {
    if (this.#yielded) return { done: true, value: handle };
    this.#yielded = true;
    return { done: false, value: this };
  }

  throw(error?: unknown): never {
    throw error;
  }
}

/** An {@link AcquireStep} for `yield*` in an async generator, which then skips async-from-sync wrapping. */
class AsyncAcquireStep {
  readonly #step: AcquireStep;

  constructor(step: AcquireStep) {
    this.#step = step;
  }

  next(handle?: unknown): Promise<IteratorResult<AcquireStep, unknown>> {
    return Promise.resolve(this.#step.next(handle));
  }

  throw(error?: unknown): Promise<never> {
    return Promise.reject(error);
  }
}

/** The runtime form of an {@link Acquire}: a resource, or a create/release pair. Internal. */
export class Acquirer {
  constructor(
    readonly create: ((signal: AbortSignal) => unknown) | undefined,
    readonly release: Release | undefined,
    readonly resource: unknown,
  ) {}

  [Symbol.iterator](): AcquireStep {
    return new AcquireStep(this);
  }

  [Symbol.asyncIterator](): AsyncAcquireStep {
    return new AsyncAcquireStep(new AcquireStep(this));
  }
}

/**
 * Describes one resource for a `scoped` / `scopedAsync` program: `const h = yield* acquire(r)`.
 *
 * Use it inside a generator program to take a resource without nesting a block per resource
 * (the RAII runner of seed 003). TypeScript infers the handle's type from the argument.
 *
 * Semantics: `acquire` itself does nothing (the value can be delegated to again, acquiring anew
 * each time). When the runner reaches it, it acquires: a `Disposable` / `AsyncDisposable` value is
 * the handle itself and is released through its disposal method; for a pair, `create` is called
 * (with the run's `AbortSignal` under `scopedAsync`, to pass to the I/O it starts) and its result
 * (awaited under `scopedAsync`) is the handle, later given to `release(handle, exit)`. If the
 * acquisition throws, the error is thrown into the program at this `yield*`.
 *
 * @example
 * ```ts
 * const text = scoped(function* () {
 *   const fd = yield* acquire(() => openSync('in.txt', 'r'), (fd) => closeSync(fd));
 *   const watcher = yield* acquire(autoClose(watch('in.txt'))); // AutoClosed: Disposable
 *   watcher.value.on('change', onChange);
 *   return readFileSync(fd, 'utf8');
 * }); // the watcher, then the file, are closed however the program ends
 * ```
 */
export function acquire<R extends Disposable>(resource: R): Acquire<R, 'sync'>;
export function acquire<R extends AsyncDisposable>(resource: R): Acquire<R, 'async'>;
export function acquire<H>(create: (signal: AbortSignal) => PromiseLike<H>, release: (handle: H, exit: ScopeExit) => unknown): Acquire<H, 'async'>;
export function acquire<H>(create: (signal: AbortSignal) => H, release: (handle: H, exit: ScopeExit) => PromiseLike<unknown>): Acquire<H, 'async'>;
export function acquire<H>(create: () => H, release: (handle: H, exit: ScopeExit) => void): Acquire<H, 'sync'>;
export function acquire(resourceOrCreate: unknown, release?: unknown): Acquire<unknown> {
  if (arguments.length >= 2) {
    checkFunction('acquire', 'create', resourceOrCreate);
    checkFunction('acquire', 'release', release);
    return new Acquirer(resourceOrCreate as (signal: AbortSignal) => unknown, release as Release, undefined) as unknown as Acquire<unknown>;
  }
  if (!isDisposable(resourceOrCreate) && !isIteratorWithoutDispose(resourceOrCreate)) {
    throw new TypeError(`acquire: expected \`resource\` to be Disposable or AsyncDisposable (or a create/release pair), got ${describe(resourceOrCreate)}`);
  }
  return new Acquirer(undefined, undefined, resourceOrCreate) as unknown as Acquire<unknown>;
}
