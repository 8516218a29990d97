// Callbacks whose answer is needed at once (a predicate's truth, a tap's "nothing") must not
// return a promise: a promise is truthy, so an async predicate would keep every item, and a
// promise nobody awaits loses its rejection. An `async` function is refused when the stage is
// built; the async tree also checks each answer (a predicate that returns `true` or `false`
// costs one comparison, nothing next to the await of an item). The sync tree's fused loops run
// at a few nanoseconds per item, where even that comparison costs a third of the time, so there
// only the build-time check applies.

const ASYNC_KINDS = new Set(['[object AsyncFunction]', '[object AsyncGeneratorFunction]']);

/**
 * Throws a TypeError, when a stage is built, if `f` is an `async` function (or an async
 * generator function): `where` needs its answer synchronously.
 */
export function checkSynchronous(where: string, name: string, f: unknown): void {
  if (ASYNC_KINDS.has(Object.prototype.toString.call(f))) {
    throw new TypeError(
      `${where}: expected \`${name}\` to be a synchronous function, got an async function; ` +
        'do the asynchronous work in a stage that awaits (Async.mapAsync, Async.andThen, Async.forEach) and pass its result on',
    );
  }
}

function isThenable(value: unknown): boolean {
  return ((typeof value === 'object' && value !== null) || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function notSynchronous(where: string, name: string, index: number, instead: string): TypeError {
  return new TypeError(
    `${where}: expected \`${name}\` to answer synchronously, got a promise (a thenable) for item ${index}; ${instead}`,
  );
}

/**
 * The truth of a predicate's `answer` for the item at `index`; a thenable (an async predicate)
 * is a TypeError naming the stage instead of counting as `true`. Call it only for answers that
 * are neither `true` nor `false`.
 */
export function truthOf(where: string, name: string, answer: unknown, index: number): boolean {
  if (isThenable(answer)) {
    throw notSynchronous(where, name, index, 'do the asynchronous work first in a stage that awaits (Async.mapAsync or Async.andThen), then test its result here');
  }
  return Boolean(answer);
}

/**
 * Throws a TypeError when a callback whose result is ignored (a `tap`, a synchronous
 * `forEach`) returned a thenable: its work would run unawaited and its rejection be lost.
 */
export function checkNotThenable(where: string, name: string, returned: unknown, index: number): void {
  if (returned !== undefined && isThenable(returned)) {
    throw notSynchronous(where, name, index, 'await the work in a stage that awaits (Async.mapAsync, Async.forEach) instead');
  }
}
