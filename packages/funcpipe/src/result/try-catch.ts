import { checkFunction } from '../internal/check.js';
import { toErrInfo, type ErrInfo } from './err-info.js';
import { Err, Ok, type Result } from './result.js';

/**
 * Runs a function that may throw and captures the outcome as a {@link Result}.
 *
 * @param thunk - the code to run
 * @param onThrow - maps the thrown value to an error; by default an {@link ErrInfo} with code `"THROWN"`
 * @example
 * ```ts
 * tryCatch(() => JSON.parse('{')); // Err({ code: 'THROWN', msg: 'Unexpected end of JSON input', cause })
 * ```
 */
export function tryCatch<T>(thunk: () => T): Result<T, ErrInfo>;
export function tryCatch<T, E>(thunk: () => T, onThrow: (thrown: unknown) => E): Result<T, E>;
export function tryCatch<T, E>(thunk: () => T, onThrow?: (thrown: unknown) => E): Result<T, E | ErrInfo> {
  try {
    return new Ok(thunk());
  } catch (thrown) {
    return new Err(onThrow === undefined ? toErrInfo(thrown) : onThrow(thrown));
  }
}

/**
 * Async twin of {@link tryCatch}: awaits the promise and captures a rejection as an `Err`.
 */
export async function tryCatchAsync<T>(thunk: () => PromiseLike<T> | T): Promise<Result<T, ErrInfo>>;
export async function tryCatchAsync<T, E>(
  thunk: () => PromiseLike<T> | T,
  onThrow: (thrown: unknown) => E,
): Promise<Result<T, E>>;
export async function tryCatchAsync<T, E>(
  thunk: () => PromiseLike<T> | T,
  onThrow?: (thrown: unknown) => E,
): Promise<Result<T, E | ErrInfo>> {
  try {
    return new Ok(await thunk());
  } catch (thrown) {
    return new Err(onThrow === undefined ? toErrInfo(thrown) : onThrow(thrown));
  }
}

/**
 * Lifts a throwing function into one that returns a {@link Result}.
 *
 * @example
 * ```ts
 * const parse = liftThrowable(JSON.parse);
 * parse('{"a":1}'); // Ok({ a: 1 })
 * ```
 */
export function liftThrowable<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => Result<T, ErrInfo>;
export function liftThrowable<A extends unknown[], T, E>(
  fn: (...args: A) => T,
  onThrow: (thrown: unknown) => E,
): (...args: A) => Result<T, E>;
export function liftThrowable<A extends unknown[], T, E>(
  fn: (...args: A) => T,
  onThrow?: (thrown: unknown) => E,
): (...args: A) => Result<T, E | ErrInfo> {
  checkFunction('liftThrowable', 'fn', fn);
  return (...args) => (onThrow === undefined ? tryCatch(() => fn(...args)) : tryCatch(() => fn(...args), onThrow));
}
