// Issue 7, defects 7 and 8: a failing parallel map delivers a deterministic set of items, and the
// caller's catch sees the first failure itself. Ordered: exactly what a sequential map delivers
// before the first failing position, then that position's error. Unordered: only correct
// results, each once, then the error of a call that failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { mapAsync } from '../../src/async/map-async.js';
import { mapAsyncUnordered } from '../../src/async/map-async-unordered.js';
import { pipe } from '../../src/pipe.js';
import { isSuppressedError, originalError } from '../../src/resource/combine-errors.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

class CallFailed extends Error {
  constructor(readonly index: number) {
    super(`call ${index} failed`);
  }
}

/** One input: how many event-loop turns its call takes, and whether it fails. */
const arbCall = fc.record({ turns: fc.nat(4), fails: fc.boolean() });
const arbInput = fc.record({
  calls: fc.array(arbCall, { minLength: 1, maxLength: 12 }),
  concurrency: fc.integer({ min: 1, max: 6 }),
});

async function waitTurns(turns: number, signal: AbortSignal): Promise<void> {
  for (let i = 0; i < turns && !signal.aborted; i++) await tick();
}

/** Runs the map to its end or failure; returns what was delivered and how it ended. */
async function outcome(
  op: typeof mapAsync,
  calls: ReadonlyArray<{ turns: number; fails: boolean }>,
  concurrency: number,
): Promise<{ delivered: number[]; error: unknown }> {
  const delivered: number[] = [];
  const gen = pipe(
    Async.fromIterable(calls.map((_, i) => i)),
    op(async (i: number, { signal }) => {
      const call = calls[i] as { turns: number; fails: boolean };
      await waitTurns(call.turns, signal);
      if (call.fails) throw new CallFailed(i);
      return i * 10;
    }, { concurrency }),
  );
  try {
    for await (const r of gen) if (r.ok) delivered.push(r.value);
    return { delivered, error: undefined };
  } catch (error) {
    return { delivered, error };
  }
}

test('ordered mapAsync fails as a sequential map: the items before the first failing position, then its error alone', async () => {
  await fc.assert(
    fc.asyncProperty(arbInput, async ({ calls, concurrency }) => {
      const firstFailing = calls.findIndex((c) => c.fails);
      const { delivered, error } = await outcome(mapAsync, calls, concurrency);
      const end = firstFailing < 0 ? calls.length : firstFailing;
      assert.deepEqual(delivered, calls.slice(0, end).map((_, i) => i * 10));
      if (firstFailing < 0) assert.equal(error, undefined);
      else assert.ok(error instanceof CallFailed && error.index === firstFailing, `expected call ${firstFailing}'s error itself, got ${String(error)}`);
    }),
    { numRuns: 200 },
  );
});

test('unordered mapAsync: correct results, each once, then the error of a failing call alone', async () => {
  await fc.assert(
    fc.asyncProperty(arbInput, async ({ calls, concurrency }) => {
      const { delivered, error } = await outcome(mapAsyncUnordered as typeof mapAsync, calls, concurrency);
      assert.equal(new Set(delivered).size, delivered.length, 'no result twice');
      for (const value of delivered) assert.equal(calls[value / 10]?.fails, false, 'only results of calls that succeeded');
      if (calls.some((c) => c.fails)) assert.ok(error instanceof CallFailed && calls[error.index]?.fails === true, `a failing call's own error, got ${String(error)}`);
      else assert.deepEqual([...delivered].sort((a, b) => a - b), calls.map((_, i) => i * 10));
    }),
    { numRuns: 200 },
  );
});

test('an upstream failure after n items: ordered mapAsync delivers all n results first', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(4), { maxLength: 10 }), fc.integer({ min: 1, max: 5 }), async (turns, concurrency) => {
      const boom = new Error('upstream failed');
      const upstream = Async.fromProducer(async function* () {
        yield* turns.map((_, i) => i);
        throw boom;
      });
      const delivered: number[] = [];
      await assert.rejects(
        (async () => {
          for await (const r of pipe(upstream, mapAsync(async (i: number, { signal }) => (await waitTurns(turns[i] as number, signal), i), { concurrency }))) {
            if (r.ok) delivered.push(r.value);
          }
        })(),
        (e: unknown) => e === boom,
      );
      assert.deepEqual(delivered, turns.map((_, i) => i));
    }),
    { numRuns: 100 },
  );
});

test('several concurrent failures: the caller catches the first failure itself, not a SuppressedError chain', async () => {
  for (const op of [mapAsync, mapAsyncUnordered as typeof mapAsync]) {
    const first = new Error('first');
    await assert.rejects(
      pipe(
        Async.fromIterable([0, 1, 2, 3]),
        op(async (i: number, { signal }) => {
          if (i === 0) throw first;
          await waitTurns(100, signal);
          throw new Error(`sibling ${i} rejecting as it is aborted`);
        }, { concurrency: 4 }),
        Async.drain(),
      ),
      (e: unknown) => e === first,
    );
  }
  const childFailure = new Error('child failed');
  const sibling = Async.fromProducer(async function* (signal) {
    await waitTurns(1_000, signal);
    throw new Error('sibling rejecting as it is aborted');
  });
  const failing = Async.fromProducer(async function* () {
    yield* [];
    throw childFailure;
  });
  await assert.rejects(pipe(Async.gather([sibling, failing]), Async.drain()), (e: unknown) => e === childFailure);
});

test('a first failure with a real cleanup failure: a SuppressedError whose message starts with the first failure', async () => {
  const first = new Error('call 0 failed');
  const releaseFailure = new Error('release failed');
  const held = Async.bracket(
    async () => 'conn',
    () => Async.fromIterable([0, 1]),
    () => {
      throw releaseFailure;
    },
  );
  await assert.rejects(
    pipe(
      held,
      mapAsync(async () => {
        throw first;
      }, { concurrency: 2 }),
      Async.drain(),
    ),
    (e: unknown) => {
      assert.ok(isSuppressedError(e));
      assert.equal(originalError(e), first);
      assert.equal(e.error, releaseFailure);
      assert.match((e as Error).message, /^call 0 failed \(and cleanup failed: release failed\)$/);
      return true;
    },
  );
});
