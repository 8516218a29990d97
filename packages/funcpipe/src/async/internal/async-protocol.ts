// The protocol between the parts of one async run. An `AsyncGen` is a source plus a chain of
// fused synchronous stages; per run, the stages become `Emitter`s (plain closures, no per-item
// promise) and the source pushes items into the first one. Only sources await.

import type { ErrInfo } from '../../result/err-info.js';
import type { Result } from '../../result/result.js';

/**
 * Receives the items of a run, one call per item. Implementations are closures that never use
 * `this` (stages pass `down.err` around unbound). Declared with method syntax so that streams
 * stay covariant in their item and error types.
 */
export interface Emitter<T, E = ErrInfo> {
  ok(value: T): void;
  err(error: E): void;
  /** Upstream has no more items (exhausted, or stopped by a stage): flush and forward. */
  end(): void;
  /**
   * Optional, on a run's own queue only (see `RunContext.queuesAhead`): takes an item that is a
   * `Result` already as it is, so a source that holds `Result`s does not unwrap them to be
   * wrapped again.
   */
  result?(item: Result<T, E>): void;
}

/**
 * Flow control shared by a source and its stages during one run.
 * `pulling`: the consumer wants more now (a source keeps pushing while it is true).
 * `stopped`: a stage needs no more input (take, takeWhile) or the run is shutting down.
 */
export interface Control {
  pulling: boolean;
  stopped: boolean;
}

/** What a source and the stages see of their run. */
export interface RunContext {
  /** Aborted when the run stops for any reason other than normal exhaustion. */
  readonly signal: AbortSignal;
  /** How long stopping may wait for cleanup before reporting `CleanupTimedOut`. */
  readonly closeTimeoutMs: number;
  /**
   * True when the source's pushes go straight into the run's own queue (a run read with `next()`,
   * no fused stage): a source may then push items it already holds past the consumer's demand
   * (the rest of a batch), since no user code sees them before they are pulled.
   */
  readonly queuesAhead?: boolean;
}

/** One run of a source. */
export interface SourceRun {
  /**
   * Pushes items while `control.pulling && !control.stopped`; returns (or resolves) `true` once the
   * source is exhausted. Never called again after it returned `true`, threw, or while a previous
   * call is pending.
   */
  pump(): boolean | Promise<boolean>;
  /** Releases what the run holds. Called exactly once, never while `pump` is pending. */
  close(): void | Promise<void>;
}

/** A description of where items come from: `open` is called once per run and must do no work. */
export interface AsyncSource<T, E = ErrInfo> {
  open(context: RunContext, out: Emitter<T, E>, control: Control): SourceRun;
}

/** Builds, per run, the emitter a source feeds, given the emitter of the next stage down. */
export type StageBuilder<A, EA, B, EB> = (down: Emitter<B, EB>, control: Control, context: RunContext) => Emitter<A, EA>;

/** What a run needs of a stream description: its source and its fused stage chain. */
export interface Runnable<T, E> {
  readonly source: AsyncSource<unknown, unknown>;
  readonly build: StageBuilder<unknown, unknown, T, E>;
}
