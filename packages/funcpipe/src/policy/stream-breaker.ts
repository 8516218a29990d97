import { INERT_SINK, keepShapeOnce } from '../internal/keep-shape.js';
import { describe } from '../internal/check.js';
import { AsyncGen } from '../async/async-gen.js';
import type { Sink } from '../stream/internal/protocol.js';
import { appendStage, Stream } from '../stream/stream.js';
import { Err, type Result } from '../result/result.js';
import type { BreakInfo } from './break-info.js';
import { resolveRuntime, type ResolvedRuntime } from './internal/runtime.js';
import type { PolicyRuntime } from './policy-event.js';

/**
 * What a breaker decides about one item: `undefined` lets it through; otherwise the stream stops,
 * after emitting the item or not (`emit`), and after it the `Err(info)` when `info` is given.
 */
export interface Stop {
  readonly emit: boolean;
  readonly info?: BreakInfo;
}

/**
 * One run's state of a breaker rule: fresh per run (scope: per run). An `Ok` item matters to a
 * rule only at one index, `okCheckAt` (-1: never): an `Ok` never raises an error rate nor extends
 * a run of `Err`s, so the hot path of a breaker is one comparison per item.
 */
export interface BreakerState {
  readonly okCheckAt: number;
  ok(index: number): Stop | undefined;
  err(index: number): Stop | undefined;
}

/**
 * A stream breaker, applicable to a `Sync` stream of `Result`s and to an `AsyncGen`: items pass
 * until the rule stops the stream; then the upstream is closed (every resource it holds
 * released) before the consumer sees the end. `F` is what the breaker adds to the error type.
 */
export interface StreamBreaker<F> {
  <S extends Stream<Result<unknown, unknown>> | AsyncGen<unknown, unknown>>(stream: S): Broken<S, F>;
}

/** The stream a {@link StreamBreaker} returns for input `S`. */
export type Broken<S, F> =
  S extends AsyncGen<infer T, infer E> ? AsyncGen<T, E | F> : S extends Stream<Result<infer T, infer E>> ? Stream<Result<T, E | F>> : never;

/** The sync stage: counts items, and on a stop ends its downstream and asks for no more input. */
class BreakerSink implements Sink<Result<unknown, unknown>> {
  private index = 0;
  constructor(
    private readonly down: Sink<Result<unknown, unknown>>,
    private readonly state: BreakerState,
    private readonly stopped: (stop: Stop, index: number) => void,
  ) {}
  push(item: Result<unknown, unknown>): boolean {
    const index = this.index++;
    if (item.ok && index !== this.state.okCheckAt) return this.down.push(item, index);
    const stop = item.ok ? this.state.ok(index) : this.state.err(index);
    if (stop === undefined) return this.down.push(item, index);
    const { down } = this;
    // A downstream that stops taking items (a take) has ended itself; the trip is reported anyway.
    const open = (!stop.emit || down.push(item, index)) && (stop.info === undefined || down.push(new Err(stop.info), index + 1));
    this.stopped(stop, index);
    if (open) down.end();
    return false;
  }
  end(): void {
    this.down.end();
  }
}

/**
 * Builds a breaker operator from a rule. `start` makes a run's fresh state; `report` emits the
 * policy event for a stop (called once per stopped run, after the stop's items went down).
 */
export function streamBreaker<F>(where: string, runtime: PolicyRuntime | undefined, start: () => BreakerState, report: (stop: Stop, index: number, runtime: ResolvedRuntime) => void): StreamBreaker<F> {
  const resolved = resolveRuntime(where, runtime);
  const stopped = (stop: Stop, index: number): void => report(stop, index, resolved);
  // Keeps the shapes of the sync stage and of this rule's state alive across GCs (see keep-shape).
  const kept = start();
  keepShapeOnce(kept.constructor, () => new BreakerSink(INERT_SINK, kept, () => {}));
  const operator = (stream: Stream<Result<unknown, unknown>> | AsyncGen<unknown, unknown>): unknown => {
    if (stream instanceof AsyncGen) return breakAsync(stream, start, stopped);
    if (stream instanceof Stream) return appendStage(where, stream, (down: Sink<Result<unknown, unknown>>) => new BreakerSink(down, start(), stopped));
    throw new TypeError(`${where}: expected a Sync stream of Results or an AsyncGen, got ${describe(stream)}`);
  };
  return operator as StreamBreaker<F>;
}

function breakAsync(gen: AsyncGen<unknown, unknown>, start: () => BreakerState, stopped: (stop: Stop, index: number) => void): AsyncGen<unknown, unknown> {
  return gen.stage<unknown, unknown>((down, control) => {
    const state = start();
    let index = 0;
    let done = false;
    const halt = (stop: Stop, isOk: boolean, payload: unknown): void => {
      done = control.stopped = true;
      if (stop.emit) (isOk ? down.ok : down.err)(payload);
      if (stop.info !== undefined) down.err(stop.info);
      stopped(stop, index);
    };
    // The hot path (an Ok that passes) is one comparison and one call into the next stage.
    return {
      ok: (value) => {
        if (done) return;
        const stop = index === state.okCheckAt ? state.ok(index) : undefined;
        if (stop !== undefined) return halt(stop, true, value);
        index++;
        down.ok(value);
      },
      err: (error) => {
        const stop = done ? undefined : state.err(index);
        if (stop !== undefined) halt(stop, false, error);
        else if (!done) down.err((index++, error));
      },
      end: down.end,
    };
  });
}

/** Reports the `trip` event of a breaker that stopped its stream with a {@link BreakInfo}. */
export function reportBreak(where: string) {
  return (stop: Stop, _index: number, { clock, onEvent }: ResolvedRuntime): void => {
    const info = stop.info!;
    onEvent?.({ type: 'trip', policy: where, rule: info.rule, failures: info.errs, calls: info.items, index: info.index, at: clock.now() });
  };
}
