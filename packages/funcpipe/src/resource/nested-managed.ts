import { checkIterable, describe } from '../internal/check.js';
import { combineErrors } from './combine-errors.js';
import { AsyncDisposableStack, DisposableStack } from './disposable-stack.js';
import { isDisposable, isThenable, methodOf } from './dispose-protocol.js';

/**
 * A reusable description of a resource: each `open()` acquires a fresh one and returns it as a
 * value to dispose (`Disposable`, `AsyncDisposable`, or a promise of one). `managedStream` and
 * `nestedManaged` both give managers, and any object of this shape can be nested.
 */
export interface Manager<R> {
  open(): R;
}

/** A manager whose opened value (or its promise) can be disposed. */
export type AnyManager = Manager<Disposable | AsyncDisposable | PromiseLike<Disposable | AsyncDisposable>>;

/** A value a sync nest can hold: `Disposable` and not also `AsyncDisposable`. */
export type SyncDisposable = Disposable & { readonly [Symbol.asyncDispose]?: never };

/** The tuple of values that opening each of `Ms` gives (promises awaited). */
export type OpenedValues<Ms extends readonly AnyManager[]> = {
  readonly [K in keyof Ms]: Ms[K] extends Manager<infer R> ? Awaited<R> : never;
};

const WHERE = 'nestedManaged';

function notDisposable(index: number, value: unknown): TypeError {
  return new TypeError(
    `${WHERE}: expected \`managers[${index}].open()\` to return a Disposable or AsyncDisposable value (or a promise of one), got ${describe(value)}`,
  );
}

function sealed<V extends unknown[]>(values: V, key: symbol, dispose: () => unknown): V {
  Object.defineProperty(values, key, { value: dispose });
  return Object.freeze(values);
}

class Nested {
  readonly #managers: readonly AnyManager[];

  constructor(managers: readonly AnyManager[]) {
    this.#managers = managers;
  }

  open(): unknown {
    const stack = new DisposableStack();
    const values: unknown[] = [];
    try {
      for (let i = 0; i < this.#managers.length; i++) {
        const opened: unknown = this.#managers[i]!.open();
        if (!isThenable(opened) && !isDisposable(opened)) throw notDisposable(i, opened);
        if (isThenable(opened) || methodOf(opened, Symbol.asyncDispose) !== undefined) {
          return openRestAsync(this.#managers, i, opened, stack.move(), values);
        }
        values.push(stack.use(opened as Disposable));
      }
    } catch (error) {
      try {
        stack.dispose();
      } catch (cleanupError) {
        throw combineErrors(error, cleanupError);
      }
      throw error;
    }
    return sealed(values, Symbol.dispose, () => stack.dispose());
  }
}

/** Continues an opening that met its first async member at `from`: from there on, each is awaited. */
async function openRestAsync(
  managers: readonly AnyManager[],
  from: number,
  first: unknown,
  opened: Disposable,
  values: unknown[],
): Promise<unknown> {
  const stack = new AsyncDisposableStack();
  stack.use(opened);
  try {
    for (let i = from; i < managers.length; i++) {
      const value: unknown = await (i === from ? first : managers[i]!.open());
      if (!isDisposable(value)) throw notDisposable(i, value);
      values.push(stack.use(value));
    }
  } catch (error) {
    try {
      await stack.disposeAsync();
    } catch (cleanupError) {
      throw combineErrors(error, cleanupError);
    }
    throw error;
  }
  return sealed(values, Symbol.asyncDispose, () => stack.disposeAsync());
}

/**
 * Composes several managers into one that opens them all, in order, and closes them in reverse.
 *
 * Use it instead of nesting `using` blocks when a step needs several resources at once (a
 * connection, then a cursor on it, then an output file): the seed's `nested_managed`.
 *
 * Semantics: `nestedManaged(ms)` opens nothing. `open()` opens `ms[0]`, `ms[1]`, ... and returns the
 * frozen tuple of opened values, itself disposable: disposing it closes them LIFO, all of them even
 * when some fail (failures merged as `SuppressedError`s), once. If opening the k-th throws, the k-1
 * already opened are closed LIFO and the opening error is thrown, with any close failure merged by
 * `combineErrors`. As soon as a member is async (its `open()` returns a promise, or its value is
 * `AsyncDisposable`, like `autoClose`'s), the rest is awaited and `open()` returns a promise of an
 * `AsyncDisposable` tuple, for `await using`; each value is then released through
 * `[Symbol.asyncDispose]` when it has one, as `await using` would.
 *
 * @example
 * ```ts
 * const both = nestedManaged([managedStream(() => readLines('a.txt')), managedStream(() => readLines('b.txt'))]);
 * {
 *   using opened = both.open();
 *   const [a, b] = opened;
 *   console.log(a.next().value, b.next().value);
 * } // b.txt closed, then a.txt
 * ```
 */
export function nestedManaged<const Ms extends readonly Manager<SyncDisposable>[]>(managers: Ms): Manager<OpenedValues<Ms> & Disposable>;
export function nestedManaged<const Ms extends readonly AnyManager[]>(managers: Ms): Manager<Promise<OpenedValues<Ms> & AsyncDisposable>>;
export function nestedManaged(managers: Iterable<AnyManager>): Manager<unknown> {
  checkIterable(WHERE, 'managers', managers);
  const list = Array.from(managers);
  list.forEach((manager, i) => {
    if (methodOf(manager, 'open') === undefined) {
      throw new TypeError(`${WHERE}: expected \`managers[${i}]\` to be a manager (an object with open()), got ${describe(manager)}`);
    }
  });
  return new Nested(list);
}
