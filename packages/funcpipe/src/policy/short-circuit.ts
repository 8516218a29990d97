import type { PolicyRuntime } from './policy-event.js';
import { streamBreaker, type BreakerState, type Stop, type StreamBreaker } from './stream-breaker.js';

const TRUNCATE: Stop = Object.freeze({ emit: false });
const EMIT: Stop = Object.freeze({ emit: true });

function firstErr(where: string, stop: Stop, runtime: PolicyRuntime | undefined): StreamBreaker<never> {
  const state: BreakerState = { okCheckAt: -1, ok: () => undefined, err: () => stop };
  return streamBreaker<never>(where, runtime, () => state, (_, index, { clock, onEvent }) =>
    onEvent?.({ type: 'trip', policy: where, rule: 'firstErr', failures: 1, calls: index + 1, index, at: clock.now() }),
  );
}

/**
 * Stops the stream at its first `Err`, without emitting it (seed 000's
 * `short_circuit_on_err_truncate`): the output is the `Ok` items before the first `Err`. The
 * upstream is closed as soon as the `Err` is pulled, before the consumer sees the end. Works on
 * a `Sync` stream of `Result`s and on an `AsyncGen`. Scope: per run. `onEvent` receives a `trip`
 * event (rule `"firstErr"`) when it stops a stream.
 *
 * @example
 * ```ts
 * pipe(Sync.fromIterable([ok(1), ok(2), err(e), ok(3)]), shortCircuitOnErrTruncate(), Sync.toArray()); // [ok(1), ok(2)]
 * ```
 */
export function shortCircuitOnErrTruncate(runtime?: PolicyRuntime): StreamBreaker<never> {
  return firstErr('shortCircuitOnErrTruncate', TRUNCATE, runtime);
}

/**
 * Stops the stream right after its first `Err`, which is emitted as the last item. Otherwise as
 * {@link shortCircuitOnErrTruncate}.
 *
 * @example
 * ```ts
 * pipe(Sync.fromIterable([ok(1), err(e), ok(3)]), shortCircuitOnErrEmit(), Sync.toArray()); // [ok(1), err(e)]
 * ```
 */
export function shortCircuitOnErrEmit(runtime?: PolicyRuntime): StreamBreaker<never> {
  return firstErr('shortCircuitOnErrEmit', EMIT, runtime);
}
