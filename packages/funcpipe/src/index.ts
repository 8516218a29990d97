// The public entry point of `funcpipe`. Every export is named here by hand; anything not listed
// is internal (and `./internal/*` is fenced off in package.json `exports`).

export { pipe } from './pipe.js';

// Result
export { Ok, Err, ok, err, isOk, isErr, type Result } from './result/result.js';
export { errInfo, toErrInfo, type ErrInfo, type ErrInfoDetails } from './result/err-info.js';
export { tryCatch, tryCatchAsync, liftThrowable } from './result/try-catch.js';

// Resource scopes
export { DisposableStack, AsyncDisposableStack, SuppressedError } from './resource/disposable-stack.js';
export { combineErrors, isSuppressedError, originalError } from './resource/combine-errors.js';

// Sync lazy streams (the world of seed 000): the whole tree as the namespace `Sync`.
export * as Sync from './stream/index.js';

// Resource wrappers (seed 000) and the RAII runner (seed 003)
export { withResourceStream, type ResourceStream, type AsyncResourceStream } from './resource/resource-stream.js';
export { managedStream, type ManagedStream, type AsyncManagedStream } from './resource/managed-stream.js';
export { nestedManaged, type Manager, type AnyManager, type OpenedValues, type SyncDisposable } from './resource/nested-managed.js';
export { autoClose, type AutoClosed, type Closable } from './resource/auto-close.js';
export { acquire, type Acquire, type ScopeRequest, type ScopeExit } from './resource/acquire.js';
export { scoped } from './resource/scoped.js';
export { scopedAsync, type ScopedAsyncOptions } from './resource/scoped-async.js';

// Seed 002 patterns: pool, timed blocks, transactions, selective suppression, stream helpers
export { createPool, type Pool, type PoolStats, type AcquireOptions } from './resource/pool.js';
export type { PoolOptions } from './resource/pool-options.js';
export type { PoolLease } from './resource/pool-lease.js';
export { PoolClosedError, PoolTimeoutError, LeaseReleasedError } from './resource/pool-errors.js';
export { timedBlock, timed, type TimedBlock, type TimedBlockOptions, type TimedOutcome, type TimedReport } from './resource/timed-block.js';
export { transaction, type TransactionPort } from './resource/transaction.js';
export { pipeWriter, type PipeWriter, type PipeEnding } from './resource/pipe-writer.js';
export { streamWithAccumulation, type AccumulatedText, type AccumulationStep } from './stream/with-accumulation.js';
export { streamWithMetrics, type StreamMetrics, type StreamMetricsOptions, type MetricsEnding } from './stream/with-metrics.js';

// Async streams (seed 001): the whole tree as the namespace `Async`, plus the seed's own names.
export * as Async from './async/index.js';
export { AsyncGen } from './async/async-gen.js';
export { AsyncRun, type RunOptions } from './async/async-run.js';
export { CleanupTimedOut } from './async/cleanup-timed-out.js';
export { liftAsyncItem } from './async/lift-async-item.js';
export { asyncGenReturn, asyncGenMap, asyncGenAndThen, asyncGenUsing, asyncGenGather } from './async/seed-names.js';

// Resilience policies: policies as validated data, an injectable clock, typed decision events.
export { parseDuration, DURATION_PATTERN, type Duration } from './policy/duration.js';
export { systemClock, MAX_SLEEP_MS, type Clock } from './policy/clock.js';
export { VirtualClock } from './policy/virtual-clock.js';
export type {
  PolicyEvent,
  PolicyEventType,
  PolicyEventBase,
  PolicyRuntime,
  RetryEvent,
  GiveUpEvent,
  TripEvent,
  HalfOpenEvent,
  ResetEvent,
  RejectEvent,
  ThrottleEvent,
  TimeoutEvent,
} from './policy/policy-event.js';
export type { PolicyScope, JsonSchema } from './policy/policy-kind.js';
export { policyJsonSchema, policyKinds, type PolicyKindInfo } from './policy/policy-schemas.js';
export type { ErrRatePolicy, ConsecutiveErrPolicy } from './policy/stream-breaker-policy.js';
export { BREAK_CODE, isBreakInfo, type BreakInfo } from './policy/break-info.js';
export type { StreamBreaker, Broken } from './policy/stream-breaker.js';
export { shortCircuitOnErrTruncate, shortCircuitOnErrEmit } from './policy/short-circuit.js';
export { circuitBreakerRateEmit } from './policy/circuit-breaker-rate-emit.js';
export { circuitBreakerConsecutiveEmit } from './policy/circuit-breaker-consecutive-emit.js';
export { circuitBreaker, type CircuitBreaker, type CircuitBreakerRuntime, type CircuitState, type CallContext } from './policy/circuit-breaker.js';
export type { CircuitBreakerPolicy, CallWindow } from './policy/circuit-breaker-policy.js';
export type { CircuitBreakerSnapshot } from './policy/circuit-breaker-snapshot.js';
export type { WindowSnapshot } from './policy/internal/call-window.js';
export { CircuitOpenError } from './policy/circuit-open-error.js';
export { rateLimiter, type RateLimiter } from './policy/rate-limiter.js';
export { rateLimit } from './policy/rate-limit.js';
export type { RateLimitPolicy } from './policy/rate-limit-policy.js';

// Resilience policies: retry, time limits, and wrapping any cancellable call in them.
export { createRetry, Retry, DEFAULT_RETRYABLE_CODES, type RetryPolicy, type RetryBudgetPolicy, type ResolvedRetryPolicy, type RetryRuntime } from './policy/retry.js';
export { createTimeouts, Timeouts, TIMEOUT_CODE, type TimeoutPolicy, type ResolvedTimeoutPolicy } from './policy/timeouts.js';
export { wrapCall, type CallFn, type WrappedCall } from './policy/wrap-call.js';
// The development mode (funcpipe/testing) can be switched on from the environment; its code is
// loaded only then, so `import 'funcpipe'` alone never loads any of funcpipe/testing.
if (typeof process !== 'undefined' && process.env['FUNCPIPE_DEV'] === '1') {
  void import('./testing/dev-mode.js').then((devMode) => devMode.enableDevMode());
}
