import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { checkFunction, describe } from '../internal/check.js';
import { closeChild, feedingChildRun, ownerWants } from './internal/child-runs.js';
import { NO_ERROR, combineErrors } from '../resource/combine-errors.js';
import { resourceHooks } from '../internal/resource-hooks.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';
import type { AsyncRun } from './async-run.js';

/** How a resource acquired by {@link bracket} is released. */
export type Release<R> = (resource: R) => void | PromiseLike<void>;

/**
 * Resource-safe streaming (seed 001's `async_gen_using`): each run acquires a resource when the
 * run first pulls (never when the description is built), streams `use(resource)`, and releases
 * the resource exactly once on every exit path (exhaustion, break, consumer or producer error,
 * abort), after the inner stream is closed (LIFO). `acquire` receives the run's `AbortSignal`;
 * if it completes after a stop anyway, the resource is still released.
 *
 * Without `release`, the resource must be `AsyncDisposable` or `Disposable` (checked when it
 * arrives: a TypeError otherwise). A release failure is thrown, merged with any earlier error.
 *
 * @example
 * ```ts
 * const rows = Async.bracket(
 *   (signal) => pool.acquire({ signal }),            // a lease: AsyncDisposable
 *   (lease) => Async.fromProducer((signal) => query(lease.value, sql, signal)),
 * );
 * ```
 */
export function bracket<R, T, E>(
  acquire: (signal: AbortSignal) => R | PromiseLike<R>,
  use: (resource: R) => AsyncGen<T, E>,
  release?: Release<R>,
): AsyncGen<T, E> {
  checkFunction('bracket', 'acquire', acquire);
  checkFunction('bracket', 'use', use);
  if (release !== undefined) checkFunction('bracket', 'release', release);
  const source: AsyncSource<T, E> = {
    open: (context, out, control) => new BracketRun(acquire, use, release, context, out, control),
  };
  return new AsyncGen<T, E>(source as AsyncSource<unknown, unknown>);
}

class BracketRun<R, T, E> implements SourceRun {
  private releaseAction: (() => unknown) | undefined;
  private inner: AsyncRun<T, E> | undefined;

  constructor(
    private readonly acquire: (signal: AbortSignal) => R | PromiseLike<R>,
    private readonly use: (resource: R) => AsyncGen<T, E>,
    private readonly release: Release<R> | undefined,
    private readonly context: RunContext,
    private readonly out: Emitter<T, E>,
    private readonly control: Control,
  ) {}

  async pump(): Promise<boolean> {
    if (this.releaseAction === undefined) {
      const resource = await this.acquire(this.context.signal);
      const release = this.release;
      this.releaseAction = release === undefined ? releaserOf(resource) : () => release(resource);
      if (resourceHooks.current !== undefined) this.releaseAction = tracked(this.releaseAction, resourceHooks.current.acquired('bracket', this));
      const gen = this.use(resource);
      checkAsyncGen('bracket', 'use(resource)', gen);
      this.inner = feedingChildRun(gen, this.context, this.out, ownerWants(this.control));
    }
    const inner = this.inner as AsyncRun<T, E>;
    while (this.control.pulling && !this.control.stopped) {
      if ((await inner.next()).done === true) return true;
    }
    return false;
  }

  async close(): Promise<void> {
    let error: unknown = NO_ERROR;
    try {
      if (this.inner !== undefined) await closeChild(this.inner as AsyncRun<unknown, unknown>);
    } catch (closeError) {
      error = closeError;
    }
    if (this.releaseAction !== undefined) {
      try {
        await this.releaseAction();
      } catch (releaseError) {
        error = combineErrors(error, releaseError);
      }
    }
    if (error !== NO_ERROR) throw error;
  }
}

function releaserOf(resource: unknown): () => unknown {
  const r = resource as Partial<AsyncDisposable & Disposable> | null | undefined;
  const asyncDispose = r?.[Symbol.asyncDispose];
  if (typeof asyncDispose === 'function') return () => asyncDispose.call(r);
  const dispose = r?.[Symbol.dispose];
  if (typeof dispose === 'function') return () => dispose.call(r);
  throw new TypeError(`bracket: without \`release\`, the acquired resource must be AsyncDisposable or Disposable, got ${describe(resource)}`);
}

function tracked(action: () => unknown, released: () => void): () => unknown {
  return () => {
    released();
    return action();
  };
}
