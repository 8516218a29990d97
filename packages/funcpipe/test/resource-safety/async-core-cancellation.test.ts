// The cancellation contract (DESIGN principle 5): stopping a run whose producer is blocked in an
// await releases it at once (the signal wakes it), settles the pending pull as done, and never
// turns cancellation into an Err item; an external abort rejects the pending pull with
// signal.reason after cleanup; a producer that ignores its signal is abandoned after
// closeTimeoutMs (CleanupTimedOut) and still cleans up later. Order is checked through events,
// never through elapsed time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import type { AsyncRun } from '../../src/async/async-run.js';
import { CleanupTimedOut } from '../../src/async/cleanup-timed-out.js';
import { liftAsyncItem } from '../../src/async/lift-async-item.js';
import { pipe } from '../../src/pipe.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { ok } from '../../src/result/result.js';
import { lateFailingProducer } from '../support/late-failing.js';
import { eventually, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();
const params = { numRuns: 25, includeErrorInReport: true };

interface Blocking {
  readonly gen: AsyncGen<number, ErrInfo>;
  /** Resolves when the producer starts blocking. */
  readonly blocked: Promise<void>;
  /** The signal the producer was given (undefined until it is called). */
  readonly signal: () => AbortSignal | undefined;
}

/** A producer that yields `k` items, then blocks for 2 s (honouring its signal unless told not to). */
function blocking(events: string[], k: number, blockMs = 2_000, honoursSignal = true): Blocking {
  let signalSeen: AbortSignal | undefined;
  let wake: () => void = () => {};
  const blocked = new Promise<void>((resolve) => (wake = resolve));
  const gen = Async.fromResultProducer<number, ErrInfo>(async function* (signal) {
    signalSeen = signal;
    try {
      for (let i = 0; i < k; i++) yield ok(i);
      wake();
      await (honoursSignal ? sleep(blockMs, undefined, { signal }) : sleep(blockMs));
      events.push('woke up');
      yield ok(k);
    } finally {
      events.push('finally');
    }
  });
  return { gen, blocked, signal: () => signalSeen };
}

/** Wrappers that put the blocked producer at different depths of a pipeline. */
type Wrapper = (gen: AsyncGen<number, ErrInfo>) => AsyncGen<number, ErrInfo>;
const wrappers: Record<string, Wrapper> = {
  itself: (g) => g,
  map: (g) => pipe(g, Async.map((x: number) => x)),
  take: (g) => pipe(g, Async.take(100)),
  'andThen outer': (g) => pipe(g, Async.andThen((x: number) => Async.of(x))),
  'andThen inner': (g) => pipe(Async.of(0), Async.andThen(() => g)),
  'concat second': (g) => pipe(Async.of(-1), Async.concat(g)),
  'zip left': (g) => pipe(g, Async.zip(Async.fromIterable(Array.from({ length: 50 }, (_, i) => i))), Async.map(([a]: [number, number]) => a)),
  bracket: (g) => Async.bracket(() => 'r', () => g, () => {}),
  lifted: (g) => pipe(g, Async.andThen(liftAsyncItem(async (x: number) => ok<number, ErrInfo>(x)))),
};
const arbWrapper = fc.constantFrom(...Object.keys(wrappers));
const wrap = (name: string, gen: AsyncGen<number, ErrInfo>): AsyncGen<number, ErrInfo> => (wrappers[name] as Wrapper)(gen);

/** Pulls until the producer is blocked; returns the pull that is then pending. */
async function pullUntilBlocked<T, E>(run: AsyncRun<T, E>, blocked: Promise<void>, events: string[]): Promise<{ pending: Promise<IteratorResult<unknown>> }> {
  for (;;) {
    const pull = run.next();
    const first = await Promise.race([pull.then(() => 'item'), blocked.then(() => 'blocked')]);
    if (first === 'blocked') {
      pull.then(
        (step) => events.push(step.done === true ? 'pull settled done' : 'pull got an item'),
        () => events.push('pull rejected'),
      );
      return { pending: pull };
    }
  }
}

test('return() while the producer is blocked: the pull settles done and cleanup runs before return() resolves', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(3), arbWrapper, fc.boolean(), async (k, wrapper, dispose) => {
      const events: string[] = [];
      const p = blocking(events, k);
      const run = wrap(wrapper, p.gen).iterate({ closeTimeoutMs: 1_000 });
      const { pending } = await pullUntilBlocked(run, p.blocked, events);
      events.push('return called');
      await (dispose ? run[Symbol.asyncDispose]() : run.return());
      events.push('return resolved');
      assert.deepEqual(await pending, { done: true, value: undefined });
      // Resolving before the 1 s deadline proves the 2 s timer was not waited for.
      assert.deepEqual(events, ['return called', 'pull settled done', 'finally', 'return resolved']);
      assert.equal(p.signal()?.aborted, true);
      assert.equal((p.signal()?.reason as Error).name, 'AbortError');
      assert.deepEqual(await run.next(), { done: true, value: undefined });
    }),
    params,
  );
});

test('an external abort while the producer is blocked rejects the pending pull with signal.reason, after cleanup', async () => {
  const arbReason = fc.constantFrom<unknown>(new Error('stop now'), 'a string reason', undefined);
  await fc.assert(
    fc.asyncProperty(fc.nat(3), arbWrapper, arbReason, async (k, wrapper, reason) => {
      const events: string[] = [];
      const p = blocking(events, k);
      const controller = new AbortController();
      const run = wrap(wrapper, p.gen).iterate({ signal: controller.signal, closeTimeoutMs: 1_000 });
      const { pending } = await pullUntilBlocked(run, p.blocked, events);
      events.push('abort');
      controller.abort(reason);
      await assert.rejects(pending, (e: unknown) => e === controller.signal.reason);
      assert.deepEqual(events, ['abort', 'finally', 'pull rejected']);
      assert.deepEqual(await run.next(), { done: true, value: undefined });
      assert.deepEqual(await run.return(), { done: true, value: undefined });
    }),
    params,
  );
});

test('a signal aborted before the first pull: the pull rejects with its reason and nothing starts', async () => {
  await fc.assert(
    fc.asyncProperty(arbWrapper, async (wrapper) => {
      const events: string[] = [];
      const p = blocking(events, 1);
      const reason = new Error('too late');
      const run = wrap(wrapper, p.gen).iterate({ signal: AbortSignal.abort(reason) });
      await assert.rejects(run.next(), (e: unknown) => e === reason);
      assert.equal(p.signal(), undefined, 'the producer was never called');
      assert.deepEqual(events, []);
    }),
    params,
  );
});

test('an external abort between pulls: the next pull rejects with signal.reason, after cleanup', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 3 }), arbWrapper, async (k, wrapper) => {
      const events: string[] = [];
      const p = blocking(events, k + 2);
      const controller = new AbortController();
      const run = wrap(wrapper, p.gen).iterate({ signal: controller.signal });
      for (let i = 0; i < k; i++) assert.equal((await run.next()).done, false);
      const reason = new Error('stop between pulls');
      controller.abort(reason);
      await assert.rejects(run.next(), (e: unknown) => e === reason);
      const started = p.signal() !== undefined;
      assert.deepEqual(events, started ? ['finally'] : [], 'cleanup ran before the pull rejected');
    }),
    params,
  );
});

test('cancellation is never an Err item: a blocked liftAsyncItem step is stopped, not failed', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(3), fc.boolean(), async (k, external) => {
      const events: string[] = [];
      let wake: () => void = () => {};
      const blocked = new Promise<void>((resolve) => (wake = resolve));
      const step = liftAsyncItem(async (x: number, signal) => {
        if (x < k) return ok<number, ErrInfo>(x);
        wake();
        await sleep(2_000, undefined, { signal });
        return ok<number, ErrInfo>(x);
      });
      const controller = new AbortController();
      const run = pipe(Async.of(0, 1, 2, 3, 4), Async.andThen(step)).iterate({ signal: controller.signal, closeTimeoutMs: 1_000 });
      const { pending } = await pullUntilBlocked(run, blocked, events);
      if (external) {
        controller.abort(new Error('external'));
        await assert.rejects(pending, (e: unknown) => e === controller.signal.reason);
      } else {
        await run.return();
        assert.deepEqual(await pending, { done: true, value: undefined });
      }
      assert.deepEqual(await run.next(), { done: true, value: undefined });
    }),
    params,
  );
});

test('a producer ignoring its signal: return() rejects with CleanupTimedOut after closeTimeoutMs, its cleanup still runs later', async () => {
  const events: string[] = [];
  const p = blocking(events, 1, 300, false);
  const run = p.gen.iterate({ closeTimeoutMs: 30 });
  const { pending } = await pullUntilBlocked(run, p.blocked, events);
  await assert.rejects(run.return(), (e: unknown) => e instanceof CleanupTimedOut && e.timeoutMs === 30);
  events.push('return rejected');
  assert.deepEqual(await pending, { done: true, value: undefined });
  await eventually(() => events.includes('finally'), 'the late cleanup of the producer');
  assert.deepEqual(events, ['pull settled done', 'return rejected', 'woke up', 'finally']);
  assert.deepEqual(await run.next(), { done: true, value: undefined });
});

test('an external abort with a producer ignoring its signal rejects with the reason and CleanupTimedOut together', async () => {
  const events: string[] = [];
  const p = blocking(events, 0, 300, false);
  const controller = new AbortController();
  const run = p.gen.iterate({ signal: controller.signal, closeTimeoutMs: 30 });
  const { pending } = await pullUntilBlocked(run, p.blocked, events);
  const reason = new Error('external');
  controller.abort(reason);
  await assert.rejects(pending, (e: unknown) => e instanceof SuppressedError && e.error instanceof CleanupTimedOut && e.suppressed === reason);
  await eventually(() => events.includes('finally'), 'the late cleanup of the producer');
});

test('a cleanup that fails after its deadline is reported as a process warning, never lost', async () => {
  // The finally runs in return() on a producer suspended at a yield: a cleanup FuncPipe runs, so
  // its failure is reported (a finally inside a pull the stop interrupted is the stop's echo).
  const late = new Error('late cleanup failure');
  const gen = lateFailingProducer(late, 100);
  const run = gen.iterate({ closeTimeoutMs: 20 });
  assert.equal((await run.next()).done, false);
  const warned = once(process, 'warning');
  await assert.rejects(run.return(), CleanupTimedOut);
  const [warning] = (await warned) as [Error];
  assert.equal(warning.name, 'FuncPipeLateFailure');
  assert.equal(warning.cause, late);
});
