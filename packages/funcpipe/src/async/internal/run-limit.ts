import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './async-protocol.js';
import { childRun, closeRuns, emitResult } from './child-runs.js';
import { onAbort } from '../../internal/abort.js';
import { AsyncGen } from '../async-gen.js';
import type { AsyncRun } from '../async-run.js';
import type { TimeoutHook } from '../call-policy.js';

/**
 * `gen` with a time limit per run (`timeout.startRun`): each run reads `gen` through a child run
 * whose signal follows this run's and is aborted with the limit's reason when it passes, so the
 * work inside is cancelled for real; the pull in progress then rejects with that reason, after
 * everything is released. The clock starts at the first pull of each run.
 */
export function limitRun<T, E>(gen: AsyncGen<T, E>, timeout: TimeoutHook): AsyncGen<T, E> {
  const source: AsyncSource<T, E> = {
    open: (context, out, control) => new RunLimitRun(gen, timeout, context, out, control),
  };
  return new AsyncGen<T, E>(source as AsyncSource<unknown, unknown>);
}

class RunLimitRun<T, E> implements SourceRun {
  private child: AsyncRun<T, E> | undefined;
  private stopTimer: (() => void) | undefined;
  private unlink: (() => void) | undefined;

  constructor(
    private readonly gen: AsyncGen<T, E>,
    private readonly timeout: TimeoutHook,
    private readonly context: RunContext,
    private readonly out: Emitter<T, E>,
    private readonly control: Control,
  ) {}

  async pump(): Promise<boolean> {
    const child = (this.child ??= this.begin());
    while (this.control.pulling && !this.control.stopped) {
      const step = await child.next();
      if (step.done === true) return true;
      emitResult(this.out, step.value);
    }
    return false;
  }

  close(): Promise<void> {
    this.stopTimer?.();
    this.unlink?.();
    return closeRuns([this.child as AsyncRun<unknown, unknown> | undefined]);
  }

  private begin(): AsyncRun<T, E> {
    const controller = new AbortController();
    const { signal } = this.context;
    this.unlink = onAbort(signal, () => controller.abort(signal.reason));
    this.stopTimer = this.timeout.startRun((reason) => controller.abort(reason));
    return childRun(this.gen, { signal: controller.signal, closeTimeoutMs: this.context.closeTimeoutMs });
  }
}
