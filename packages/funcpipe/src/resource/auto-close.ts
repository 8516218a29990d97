import { describe } from '../internal/check.js';
import { isDisposable, isIteratorWithoutDispose, isThenable, methodOf } from './dispose-protocol.js';
import { toResourceStream } from './resource-stream.js';
import { warnOnRejection } from '../internal/late-failure.js';

/** The methods {@link autoClose} looks for, in this order. */
const CLOSE_METHODS = ['close', 'destroy', 'end', 'return'] as const;

/** Anything {@link autoClose} knows how to close without it being disposable already. */
export type Closable = { close(): unknown } | { destroy(): unknown } | { end(): unknown } | { return(): unknown };

/**
 * A closable object made disposable. `value` is the object itself. Both disposal methods close it
 * (once); `[Symbol.dispose]()` throws a TypeError when the close method turns out to return a
 * promise, because a sync `using` block cannot wait for it: use `await using` for such objects.
 */
export interface AutoClosed<T> extends Disposable, AsyncDisposable {
  readonly value: T;
}

class Closer<T> implements AutoClosed<T> {
  readonly value: T;
  readonly #method: (typeof CLOSE_METHODS)[number];
  #closed = false;

  constructor(value: T, method: (typeof CLOSE_METHODS)[number]) {
    this.value = value;
    this.#method = method;
  }

  #close(): unknown {
    this.#closed = true;
    return (this.value as Record<string, () => unknown>)[this.#method]!();
  }

  [Symbol.dispose](): void {
    if (this.#closed) return;
    const closing = this.#close();
    if (isThenable(closing)) {
      warnOnRejection(closing, `autoClose: the async ${this.#method}() started by [Symbol.dispose]`);
      throw Object.assign(
        new TypeError(`autoClose: \`${this.#method}()\` returned a promise, so this resource needs \`await using\` (or [Symbol.asyncDispose]()); the close has started and its promise is in this error's \`closing\``),
        { closing },
      );
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#closed) await this.#close();
  }
}

/**
 * Makes any closable object disposable, so `using` / `await using` releases it on every exit path.
 *
 * Use it for handles from APIs that predate explicit resource management: database clients,
 * file watchers, directory handles, third-party pools (the seed's `auto_close`).
 *
 * Semantics: an object that already has `[Symbol.dispose]` or `[Symbol.asyncDispose]` is returned
 * as it is: its own protocol stays in control. A generator or other built-in iterator, which
 * TypeScript declares disposable but Node 20 does not yet make so, is returned wrapped by
 * {@link withResourceStream} (disposal calls `return()`), so it works as its type says. Anything
 * else is wrapped in an {@link AutoClosed} whose disposal calls the first of `close()`,
 * `destroy()`, `end()`, `return()` that the object has, once. Errors from that call propagate.
 * An object with none of these is a TypeError: silently doing nothing, as the seed does, would
 * hide exactly the leak the caller asked to prevent.
 *
 * @example
 * ```ts
 * {
 *   using watcher = autoClose(watch('.')); // an FSWatcher: closed by close()
 *   watcher.value.on('change', onChange);
 * }
 * {
 *   await using dir = autoClose(await opendir('.')); // Dir.close() returns a promise
 *   console.log((await dir.value.read())?.name);
 * }
 * ```
 */
export function autoClose<T extends Disposable | AsyncDisposable>(obj: T): T;
export function autoClose<T extends Closable>(obj: T): AutoClosed<T>;
export function autoClose(obj: unknown): unknown {
  if (isDisposable(obj)) return obj;
  if (isIteratorWithoutDispose(obj)) return toResourceStream('autoClose', 'obj', obj);
  const method = CLOSE_METHODS.find((name) => methodOf(obj, name) !== undefined);
  if (method === undefined) {
    throw new TypeError(
      `autoClose: expected \`obj\` to be Disposable, AsyncDisposable, or to have one of the methods ${CLOSE_METHODS.join(', ')}; got ${describe(obj)}`,
    );
  }
  return new Closer(obj, method);
}
