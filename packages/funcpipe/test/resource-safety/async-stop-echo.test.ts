// Issue 7, defect 5: cancellation reported by I/O in its own words. After a run's own stop, the
// rejection of the pull or call that the stop interrupted is the echo of the stop whatever its
// type: not thrown (published on a diagnostics channel); cleanup failures are still reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { andThen } from '../../src/async/and-then.js';
import { bracket } from '../../src/async/bracket.js';
import { fromIterable } from '../../src/async/from-iterable.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { gather } from '../../src/async/gather.js';
import { liftAsyncItem } from '../../src/async/lift-async-item.js';
import { mapAsync } from '../../src/async/map-async.js';
import { mapAsyncUnordered } from '../../src/async/map-async-unordered.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { STOP_ECHO_CHANNEL } from '../../src/internal/stop-echo.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { errorsIn, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** How a database driver reports a cancelled statement: its own error class and code, not an AbortError. */
class StatementCancelled extends Error {
  override readonly name = 'DatabaseError';
  readonly code = '57014';
  constructor() {
    super('canceling statement due to user request');
  }
}

/** A call that honours `signal` the way drivers do: it stops promptly, rejecting in its own words. */
async function driverCall<T>(value: T, ms: number, signal: AbortSignal): Promise<T> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new StatementCancelled();
  }
  return value;
}

/** Collects the stop echoes published while `body` runs. */
async function withEchoes<R>(body: () => Promise<R>): Promise<{ result: R; echoes: unknown[] }> {
  const echoes: unknown[] = [];
  const listener = (message: unknown): void => {
    echoes.push((message as { error: unknown }).error);
  };
  subscribe(STOP_ECHO_CHANNEL, listener);
  try {
    return { result: await body(), echoes };
  } finally {
    unsubscribe(STOP_ECHO_CHANNEL, listener);
  }
}

test('the issue reproduction: mapAsync over a driver call, take(1): the item take got is delivered, no rejection', async () => {
  const { result, echoes } = await withEchoes(() =>
    pipe(
      fromIterable([0, 1, 2, 3, 4, 5, 6, 7]),
      mapAsync((x: number, { signal }) => driverCall(x, x === 0 ? 1 : 200, signal), { concurrency: 4 }),
      take(1),
      toArray(),
    ),
  );
  assert.deepEqual(result, [ok(0)]);
  assert.ok(echoes.length >= 1 && echoes.every((e) => e instanceof StatementCancelled), 'the driver errors are kept as echoes');
});

test('a consumer that breaks while a producer is blocked in a driver call gets no exception', async () => {
  const gen = fromProducer(async function* (signal) {
    yield 1;
    yield await driverCall(2, 5_000, signal);
  });
  // mapAsync reads ahead, so the producer is blocked in the call when the consumer breaks.
  const ahead = pipe(gen, mapAsync((x: number) => x, { concurrency: 2 }));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('break', 'return', 'take'), async (how) => {
      if (how === 'take') {
        assert.deepEqual(await pipe(ahead, take(1), toArray()), [ok(1)]);
      } else if (how === 'break') {
        const seen: unknown[] = [];
        for await (const item of ahead) {
          seen.push(item);
          await sleep(5);
          break;
        }
        assert.deepEqual(seen, [ok(1)]);
      } else {
        const run = gen.iterate();
        assert.deepEqual(await run.next(), { done: false, value: ok(1) });
        const pending = run.next();
        await sleep(5);
        assert.deepEqual(await run.return(), { done: true, value: undefined });
        assert.deepEqual(await pending, { done: true, value: undefined });
      }
    }),
    { numRuns: 6 },
  );
});

test('an external abort still rejects with signal.reason, not with the driver echo', async () => {
  const controller = new AbortController();
  const gen = fromProducer(async function* (signal) {
    yield await driverCall(1, 5_000, signal);
  });
  setTimeout(() => controller.abort(new Error('caller gave up')), 10);
  await assert.rejects(pipe(gen, toArray({ signal: controller.signal })), (e: unknown) => e === controller.signal.reason);
});

test('gather and andThen: a child blocked in a driver call, stopped by take, gives no exception', async () => {
  const blocked = fromProducer(async function* (signal) {
    yield await driverCall('slow', 5_000, signal);
  });
  const fast = fromIterable(['fast']);
  assert.deepEqual(await pipe(gather([blocked, fast]), take(1), toArray()), [ok('fast')]);
  const nested = pipe(
    fromIterable([1, 2]),
    andThen((x: number) => (x === 1 ? fast : blocked)),
  );
  assert.deepEqual(await pipe(nested, take(1), toArray()), [ok('fast')]);
});

test('mapAsyncUnordered and liftAsyncItem: interrupted calls are echoes, never failures or Err items', async () => {
  const unordered = await pipe(
    fromIterable([0, 1, 2]),
    mapAsyncUnordered((x: number, { signal }) => driverCall(x, x === 0 ? 1 : 500, signal), { concurrency: 3 }),
    take(1),
    toArray(),
  );
  assert.deepEqual(unordered, [ok(0)]);
  const lifted = liftAsyncItem(async (x: number, signal: AbortSignal) => ok(await driverCall(x, 5_000, signal)));
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop')), 10);
  await assert.rejects(
    pipe(fromIterable([1]), andThen(lifted), toArray({ signal: controller.signal })),
    (e: unknown) => e === controller.signal.reason,
  );
});

test('cleanup failures after a stop are still reported: a finally run by return(), a release', async () => {
  const finallyFailure = new Error('finally failed');
  const suspended = fromProducer(async function* () {
    try {
      yield 1;
      yield 2;
    } finally {
      throw finallyFailure;
    }
  });
  await assert.rejects(pipe(suspended, take(1), toArray()), (e: unknown) => e === finallyFailure);
  const releaseFailure = new Error('release failed');
  const held = bracket(
    async () => 'conn',
    () =>
      fromProducer(async function* (signal) {
        yield await driverCall(1, 5_000, signal);
      }),
    () => {
      throw releaseFailure;
    },
  );
  const run = held.iterate();
  const pending = run.next();
  await sleep(5);
  await assert.rejects(run.return(), (e: unknown) => errorsIn(e).includes(releaseFailure) && !errorsIn(e).some((x) => x instanceof StatementCancelled));
  assert.deepEqual(await pending, { done: true, value: undefined });
});

test('cleanup failures attached to the echo are still reported: a stage over gen.iterate({ signal }) stopped mid-read', async () => {
  // Found by the chaos suite: the inner run, aborted with this run's signal, rejects with the
  // abort reason and its own release failure attached; only the reason is the echo.
  const releaseFailure = new Error('release failed');
  const inner = bracket(
    async () => 'conn',
    () =>
      fromProducer(async function* (signal) {
        yield 1;
        yield await driverCall(2, 5_000, signal);
      }),
    () => {
      throw releaseFailure;
    },
  );
  const stage = fromProducer(async function* (signal) {
    const run = inner.iterate({ signal }); // aborted with this run's signal when it stops
    for (;;) {
      const step = await run.next(); // blocked in the driver call when the consumer stops
      if (step.done === true) return;
      yield step.value;
    }
  });
  const ahead = pipe(stage, mapAsync((x: unknown) => x, { concurrency: 2 }));
  await assert.rejects(
    (async () => {
      for await (const _ of ahead) {
        await sleep(10);
        break;
      }
    })(),
    (e: unknown) => errorsIn(e).includes(releaseFailure),
  );
});
