// The stream breakers on both trees: what they emit, where they stop, the BreakInfo they end
// with, their events, their types, and their bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import * as Async from '../../src/async/index.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { BREAK_CODE, isBreakInfo, type BreakInfo } from '../../src/policy/break-info.js';
import { circuitBreakerRateEmit } from '../../src/policy/circuit-breaker-rate-emit.js';
import { circuitBreakerConsecutiveEmit } from '../../src/policy/circuit-breaker-consecutive-emit.js';
import { shortCircuitOnErrEmit, shortCircuitOnErrTruncate } from '../../src/policy/short-circuit.js';
import type { PolicyEvent } from '../../src/policy/policy-event.js';
import { VirtualClock } from '../../src/policy/virtual-clock.js';

type Item = Result<number, ErrInfo>;
const E = (n: number): Item => err(errInfo('E', `bad ${n}`));
const O = (n: number): Item => ok(n);

/** Runs the same items through `op` on a Sync stream and on an AsyncGen; both must agree. */
async function both(items: readonly Item[], op: (s: never) => unknown): Promise<Array<Result<number, unknown>>> {
  const sync = pipe(Sync.fromIterable(items), op as (s: Sync.Stream<Item>) => Sync.Stream<Result<number, unknown>>, Sync.toArray());
  const pulled = [...(op as (s: Sync.Stream<Item>) => Sync.Stream<Result<number, unknown>>)(Sync.fromIterable(items))];
  const gen = (op as (g: Async.AsyncGen<number, ErrInfo>) => Async.AsyncGen<number, unknown>)(Async.fromResults(items));
  const asyncItems = await Async.toArray()(gen);
  assert.deepEqual(pulled, sync, 'pulled and driven sync runs agree');
  assert.deepEqual(asyncItems, sync, 'sync and async agree');
  return sync;
}

test('shortCircuitOnErrTruncate: the Ok items before the first Err', async () => {
  assert.deepEqual(await both([O(1), O(2), E(3), O(4)], shortCircuitOnErrTruncate()), [O(1), O(2)]);
  assert.deepEqual(await both([E(0), O(1)], shortCircuitOnErrTruncate()), []);
  assert.deepEqual(await both([O(1), O(2)], shortCircuitOnErrTruncate()), [O(1), O(2)]);
});

test('shortCircuitOnErrEmit: up to and including the first Err', async () => {
  assert.deepEqual(await both([O(1), E(2), O(3), E(4)], shortCircuitOnErrEmit()), [O(1), E(2)]);
  assert.deepEqual(await both([], shortCircuitOnErrEmit()), []);
});

test('circuitBreakerConsecutiveEmit: trips at the n-th Err in a row; an Ok resets the count', async () => {
  const out = await both([E(0), E(1), O(2), E(3), E(4), E(5), O(6)], circuitBreakerConsecutiveEmit({ maxConsecutive: 3 }));
  assert.equal(out.length, 7);
  assert.deepEqual(out.slice(0, 6), [E(0), E(1), O(2), E(3), E(4), E(5)]);
  const last = out[6]!;
  assert.ok(!last.ok && isBreakInfo(last.error));
  assert.deepEqual({ ...last.error }, { code: BREAK_CODE, msg: '3 Err items in a row (at item 5)', rule: 'consecutiveErrs', index: 5, rate: 1, errs: 3, items: 3, seen: 6, threshold: 3 });
});

test('circuitBreakerRateEmit: trips when the Err rate in the window exceeds maxRate, once minItems were seen', async () => {
  // window 4, minItems 3, maxRate 0.5: items 0..2 = E O E -> 2/3 > 0.5 at item 2.
  const out = await both([E(0), O(1), E(2), O(3)], circuitBreakerRateEmit({ maxRate: 0.5, window: 4, minItems: 3 }));
  assert.deepEqual(out.slice(0, 3), [E(0), O(1), E(2)]);
  const info = (out[3] as { error: BreakInfo }).error;
  assert.deepEqual({ ...info }, { code: BREAK_CODE, msg: 'error rate 0.6666666666666666 over the last 3 items exceeds 0.5 (at item 2)', rule: 'errRate', index: 2, rate: 2 / 3, errs: 2, items: 3, seen: 3, threshold: 0.5 });
  assert.equal(out.length, 4);
  // A rate equal to maxRate does not trip; the window slides (old Errs leave it).
  const steady = [O(0), E(1), O(2), E(3), O(4), E(5), O(6), E(7)];
  assert.deepEqual(await both(steady, circuitBreakerRateEmit({ maxRate: 0.5, window: 4, minItems: 2 })), steady);
  // An Ok can trip: the first check happens at minItems, whatever the item.
  const tripOnOk = await both([E(0), E(1), O(2)], circuitBreakerRateEmit({ maxRate: 0.2, window: 10, minItems: 3 }));
  assert.deepEqual(tripOnOk.slice(0, 3), [E(0), E(1), O(2)]);
  assert.equal((tripOnOk[3] as { error: BreakInfo }).error.index, 2);
});

test('seed 000: the consumer reports the break and stops; ordinary Errs are told apart by the code', async () => {
  const items = [O(1), E(2), E(3), E(4), O(5)];
  const seen: string[] = [];
  for (const r of pipe(Sync.fromIterable(items), circuitBreakerRateEmit({ maxRate: 0.2, window: 10, minItems: 2 }))) {
    if (!r.ok && isBreakInfo(r.error)) {
      seen.push(`break at ${r.error.index}`);
      break;
    }
    seen.push(r.ok ? `ok ${r.value}` : `err ${r.error.code}`);
  }
  assert.deepEqual(seen, ['ok 1', 'err E', 'break at 1']);
  assert.equal(isBreakInfo(errInfo('E', 'x')), false);
});

test('each run starts with a fresh window (scope: per run), and one trip event per stopped run', async () => {
  const events: PolicyEvent[] = [];
  const clock = new VirtualClock(42);
  const breaker = circuitBreakerConsecutiveEmit({ maxConsecutive: 2 }, { clock, onEvent: (e) => events.push(e) });
  const stream = pipe(Sync.fromIterable([E(0), O(1), E(2), E(3), O(4)]), breaker);
  assert.equal(pipe(stream, Sync.toArray()).length, 5);
  assert.equal(pipe(stream, Sync.toArray()).length, 5);
  const gen = pipe(Async.fromResults([E(0), E(1)]), breaker);
  assert.equal((await Async.toArray()(gen)).length, 3);
  assert.deepEqual(events, [
    { type: 'trip', policy: 'circuitBreakerConsecutiveEmit', rule: 'consecutiveErrs', failures: 2, calls: 2, index: 3, at: 42 },
    { type: 'trip', policy: 'circuitBreakerConsecutiveEmit', rule: 'consecutiveErrs', failures: 2, calls: 2, index: 3, at: 42 },
    { type: 'trip', policy: 'circuitBreakerConsecutiveEmit', rule: 'consecutiveErrs', failures: 2, calls: 2, index: 1, at: 42 },
  ]);
  // A downstream take that ends at the tripping item does not hide the trip.
  const cut: PolicyEvent[] = [];
  const shortRun = circuitBreakerConsecutiveEmit({ maxConsecutive: 1 }, { onEvent: (e) => cut.push(e) });
  assert.deepEqual(pipe(Sync.fromIterable([E(0), O(1)]), shortRun, Sync.take(1), Sync.toArray()), [E(0)]);
  assert.deepEqual(await pipe(Async.fromResults([E(0), O(1)]), shortRun, Async.take(1), Async.toArray()), [E(0)]);
  assert.equal(cut.length, 2);
  const truncations: PolicyEvent[] = [];
  pipe(Sync.fromIterable([O(0), E(1)]), shortCircuitOnErrTruncate({ onEvent: (e) => truncations.push(e) }), Sync.toArray());
  assert.equal(truncations.length, 1);
  assert.equal(truncations[0]!.type === 'trip' && truncations[0]!.rule, 'firstErr');
});

test('the breakers compose with the other operators of each tree', async () => {
  const items = [O(1), O(2), E(3), E(4), O(5), O(6)];
  const sync = pipe(Sync.fromIterable(items), Sync.map((r: Item) => r.map((n) => n * 10)), circuitBreakerConsecutiveEmit({ maxConsecutive: 2 }), Sync.take(10), Sync.toArray());
  assert.equal(sync.length, 5);
  const asyncOut = await pipe(Async.fromResults(items), Async.map((n: number) => n * 10), circuitBreakerConsecutiveEmit({ maxConsecutive: 2 }), Async.take(10), Async.toArray());
  assert.deepEqual(asyncOut, sync);
  assert.deepEqual(await pipe(Async.fromResults(items), circuitBreakerRateEmit({ window: 2, minItems: 2, maxRate: 0.5 }), Async.take(2), Async.toArray()), [O(1), O(2)]);
});

test('types: the breaker adds BreakInfo to the error type on both trees', () => {
  const s = Sync.fromIterable<Result<number, string>>([ok(1), err('x')]);
  expectTypeOf(pipe(s, circuitBreakerRateEmit())).toEqualTypeOf<Sync.Stream<Result<number, string | BreakInfo>>>();
  expectTypeOf(pipe(s, shortCircuitOnErrTruncate(), Sync.toArray())).toEqualTypeOf<Array<Result<number, string>>>();
  const g = Async.fromIterable([1, 2]);
  expectTypeOf(pipe(g, circuitBreakerConsecutiveEmit(), Async.map((n: number) => `${n}`))).toEqualTypeOf<Async.AsyncGen<string, BreakInfo>>();
  const failing = Async.fromResults<number, string>([ok(1), err('x')]);
  expectTypeOf(pipe(failing, circuitBreakerRateEmit())).toEqualTypeOf<Async.AsyncGen<number, string | BreakInfo>>();
});

test('bad input: policy fields, runtime options and the stream', () => {
  assert.throws(() => circuitBreakerRateEmit({ maxRate: -0.1 }), (e: unknown) => e instanceof RangeError && /^circuitBreakerRateEmit: expected `maxRate` to be a number >= 0, got number -0\.1$/.test(e.message));
  assert.throws(() => circuitBreakerRateEmit({ window: 5, minItems: 6 }), RangeError);
  assert.throws(() => circuitBreakerRateEmit({ max_rate: 0.2 } as never), (e: unknown) => e instanceof TypeError && /unknown key `max_rate` \(did you mean `maxRate`\?\)/.test(e.message));
  assert.throws(() => circuitBreakerConsecutiveEmit({ maxConsecutive: 0 }), (e: unknown) => e instanceof RangeError && /`maxConsecutive`/.test(e.message));
  assert.throws(() => circuitBreakerConsecutiveEmit({ maxConsecutive: Number.NaN }), TypeError);
  assert.throws(() => shortCircuitOnErrEmit({ onEvent: 5 } as never), (e: unknown) => e instanceof TypeError && /`onEvent` to be a function/.test(e.message));
  assert.throws(() => shortCircuitOnErrEmit({ clock: {} } as never), (e: unknown) => e instanceof TypeError && /`clock` to be a Clock/.test(e.message));
  assert.throws(() => (shortCircuitOnErrTruncate() as (s: unknown) => unknown)([1, 2]), (e: unknown) => e instanceof TypeError && /expected a Sync stream of Results or an AsyncGen, got an array/.test(e.message));
});
