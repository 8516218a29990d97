import { setMaxListeners } from 'node:events';
import { callWithPolicies, checkCallPolicies, settleAttempt, type CallPolicies } from '../async/call-policy.js';
import type { ErrInfo } from '../result/err-info.js';
import type { Result } from '../result/result.js';
import { checkFunction, checkSignal, describe } from '../internal/check.js';

/** Any cancellable async call: `(value, { signal }) => Promise`. */
export type CallFn<T, U> = (value: T, options: { readonly signal: AbortSignal }) => U | PromiseLike<U>;

/** A call wrapped by {@link wrapCall}: failures come back as `Err` values. */
export type WrappedCall<T, U> = (value: T, options?: { readonly signal?: AbortSignal }) => Promise<Result<U, ErrInfo>>;

/**
 * Wraps any cancellable async call in policies (`retry`, `timeout`): each call of the wrapper
 * runs `fn` under them, as one item. It resolves with `Ok(value)`, or with the `Err` that
 * remained (a throw keeps the thrown value's `code`, else `"THROWN"`; a time limit gives
 * `"TIMEOUT"`; a retry that gave up carries `attempts`); it rejects only when the caller's
 * `signal` aborts (with its reason). A run limit needs a run (RangeError here).
 *
 * @example
 * ```ts
 * const getJson = wrapCall((url: string, { signal }) => fetch(url, { signal }).then((r) => r.json()), { retry, timeout });
 * const r = await getJson('http://127.0.0.1:8080/a', { signal });
 * ```
 */
export function wrapCall<T, U>(fn: CallFn<T, U>, policies: CallPolicies): WrappedCall<T, U> {
  checkFunction('wrapCall', 'fn', fn);
  if (typeof policies !== 'object' || policies === null) throw new TypeError(`wrapCall: expected \`policies\` to be an object, got ${describe(policies)}`);
  const checked = checkCallPolicies('wrapCall', policies) ?? {};
  if (checked.timeout?.limitsRuns === true) throw new RangeError('wrapCall: `timeout` sets a run limit, which needs a run: use it with mapAsync, or leave `run` out');
  return (value, options = {}) => {
    checkSignal('wrapCall', options.signal);
    const signal = options.signal ?? NEVER;
    // Index -1: a wrapped call is not an item of a stream, so its Err carries no index.
    return callWithPolicies(checked, (attemptSignal) => settleAttempt(fn, value, { signal: attemptSignal, index: -1 }), { signal });
  };
}

/**
 * The signal of a call made without one: it never aborts. Every such call in a backoff sleep
 * listens to it until the sleep ends, so any number of them may listen at once.
 */
const NEVER = new AbortController().signal;
setMaxListeners(0, NEVER);
