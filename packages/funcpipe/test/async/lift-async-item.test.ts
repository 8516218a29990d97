import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import { andThen } from '../../src/async/and-then.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { liftAsyncItem } from '../../src/async/lift-async-item.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { Err, err, ok, type Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

test('a lifted step emits the Result of fn; a throw or rejection becomes an Err with the index and cause, and the stream goes on', async () => {
  const arbOutcome = fc.constantFrom('ok', 'err', 'throw', 'reject');
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(arbItem, arbOutcome), { maxLength: 8 }), async (cases) => {
      const thrown = new Map<number, Error>();
      const step = liftAsyncItem((v: number): Result<number, ErrInfo> | Promise<Result<number, ErrInfo>> => {
        const outcome = (cases.find(([r]) => r.ok && r.value === v) as [unknown, string])[1];
        if (outcome === 'ok') return ok(v * 10);
        if (outcome === 'err') return err(errInfo('FN', `fn says no to ${v}`));
        const error = new Error(`fn failed on ${v}`);
        thrown.set(v, error);
        if (outcome === 'throw') throw error;
        return tick().then(() => Promise.reject(error));
      });
      const items = cases.map(([r]) => r);
      const got = await pipe(fromResults(items), andThen(step), toArray());
      const expected = items.map((r, index): Result<number, ErrInfo> => {
        if (!r.ok) return r;
        const outcome = (cases.find(([c]) => c.ok && c.value === r.value) as [unknown, string])[1];
        if (outcome === 'ok') return ok(r.value * 10);
        if (outcome === 'err') return err(errInfo('FN', `fn says no to ${r.value}`));
        const cause = thrown.get(r.value) as Error;
        return new Err(errInfo('LIFTED_THROW', cause.message, { cause, index }));
      });
      assert.deepEqual(got, expected);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('called directly, the lifted step is a one-item stream; a throw gives an Err without an index', async () => {
  const boom = new Error('boom');
  const step = liftAsyncItem(async (v: number) => {
    if (v < 0) throw boom;
    return ok<number, ErrInfo>(v + 1);
  });
  assert.deepEqual(await toArray()(step(1)), [ok(2)]);
  assert.deepEqual(await toArray()(step(-1)), [err(errInfo('LIFTED_THROW', 'boom', { cause: boom }))]);
});

test('fn gets a live AbortSignal; an AbortError it throws while the run is live is an ordinary Err item', async () => {
  const signals: AbortSignal[] = [];
  const abortError = new DOMException('the upstream service gave up', 'AbortError');
  const step = liftAsyncItem(async (v: number, signal: AbortSignal) => {
    assert.ok(signal instanceof AbortSignal && !signal.aborted);
    signals.push(signal);
    if (v === 2) throw abortError;
    return ok<number, ErrInfo>(v);
  });
  const got = await pipe(of(1, 2, 3), andThen(step), toArray());
  assert.deepEqual(got, [ok(1), err(errInfo('LIFTED_THROW', abortError.message, { cause: abortError, index: 1 })), ok(3)]);
  assert.equal(signals.length, 3);
});

test('fn returning something else than a Result fails the run with a TypeError', async () => {
  const step = liftAsyncItem((async () => 42) as unknown as (v: number) => Promise<Result<number, ErrInfo>>);
  const named = (e: unknown): boolean => e instanceof TypeError && /liftAsyncItem: expected `fn` to return a Result/.test(e.message);
  await assert.rejects(pipe(of(1), andThen(step), toArray()), named);
});
