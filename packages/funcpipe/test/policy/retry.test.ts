// Retry: the laws (a call that succeeds on attempt k <= max yields the success after exactly k
// calls; the delays follow the policy; the budget caps total retries), on a virtual clock; then
// the behaviour of each rule, the three ways to use one policy object, and the policy as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expectTypeOf } from 'expect-type';
import type { AsyncGen } from '../../src/async/async-gen.js';
import type { WrappedCall } from '../../src/policy/wrap-call.js';
import * as Async from '../../src/async/index.js';
import { pipe } from '../../src/pipe.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { VirtualClock } from '../../src/policy/virtual-clock.js';
import { createRetry, DEFAULT_RETRYABLE_CODES, type RetryPolicy } from '../../src/policy/retry.js';
import type { PolicyEvent } from '../../src/policy/policy-event.js';
import { policyJsonSchema } from '../../src/policy/policy-schemas.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { settleOn } from '../support/virtual-time.js';

failOnUnhandledRejections();

/** A call that fails with `code` on its first `failures` calls, then succeeds; it records the virtual time of each call. */
function flaky(clock: VirtualClock, failures: number, code = 'HTTP_503', extra: Partial<ErrInfo> = {}) {
  const calls: number[] = [];
  const fn = async (value: number, { signal }: { signal: AbortSignal }): Promise<number> => {
    calls.push(clock.now());
    signal.throwIfAborted();
    if (calls.length <= failures) throw Object.assign(new Error(`failure ${calls.length}`), { code, ...extra });
    return value * 10;
  };
  return { fn, calls };
}

const noBudget = { budget: false } as const;

test('law: a call that succeeds on attempt k <= maxAttempts yields the success after exactly k calls', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), async (maxAttempts, k) => {
      const clock = new VirtualClock();
      const { fn, calls } = flaky(clock, k - 1);
      const retry = createRetry({ maxAttempts, ...noBudget }, { clock });
      const result = await settleOn(clock, retry.wrap(fn)(4));
      if (k <= maxAttempts) {
        assert.deepEqual(result, ok(40));
        assert.equal(calls.length, k);
      } else {
        assert.equal(calls.length, maxAttempts, 'no call beyond maxAttempts');
        assert.ok(!result.ok);
        assert.equal(result.error.attempts, maxAttempts);
        assert.equal(result.error.code, 'HTTP_503');
        assert.equal((result.error.cause as Error).message, `failure ${maxAttempts}`, 'the last cause is kept');
      }
    }),
    { numRuns: 100 },
  );
});

test('law: the delays between attempts follow the policy (fixed, exponential, full and decorrelated jitter, cap)', async () => {
  const arbPolicy = fc.record({
    backoff: fc.constantFrom('fixed' as const, 'exponential' as const),
    jitter: fc.constantFrom('none' as const, 'full' as const, 'decorrelated' as const),
    delay: fc.integer({ min: 1, max: 500 }),
    factor: fc.integer({ min: 1, max: 4 }),
    maxDelay: fc.integer({ min: 1, max: 3_000 }),
  }).filter((p) => !(p.jitter === 'decorrelated' && p.backoff === 'fixed'));
  await fc.assert(
    fc.asyncProperty(arbPolicy, fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 6, maxLength: 6 }), async (policy, draws) => {
      const clock = new VirtualClock();
      const { fn, calls } = flaky(clock, 5);
      let drawn = 0;
      const random = () => draws[drawn++] as number;
      const retry = createRetry({ ...policy, maxAttempts: 6, ...noBudget }, { clock, random });
      const result = await settleOn(clock, retry.wrap(fn)(1));
      assert.deepEqual(result, ok(10));
      const expected: number[] = [];
      let previous = policy.delay;
      for (let n = 1; n <= 5; n++) {
        const r = draws[n - 1] as number;
        let d: number;
        if (policy.jitter === 'decorrelated') d = Math.min(policy.maxDelay, policy.delay + r * (Math.max(policy.delay, previous * policy.factor) - policy.delay));
        else {
          const base = Math.min(policy.maxDelay, policy.backoff === 'fixed' ? policy.delay : policy.delay * policy.factor ** (n - 1));
          d = policy.jitter === 'full' ? r * base : base;
        }
        previous = d;
        expected.push(d);
      }
      const gaps = calls.slice(1).map((t, i) => t - (calls[i] as number));
      gaps.forEach((gap, i) => assert.ok(Math.abs(gap - (expected[i] as number)) < 1e-6, `delay ${i + 1}: ${gap} ms, policy says ${expected[i]} ms`));
      for (const gap of gaps) assert.ok(gap <= policy.maxDelay + 1e-9, 'a delay above the cap');
    }),
    { numRuns: 150 },
  );
});

test('law: the shared budget caps total retries at ratio x first calls (+ the floor) within its window', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.constantFrom(0, 0.1, 0.2, 0.5), fc.constantFrom(0, 1, 2), async (items, ratio, minPerSecond) => {
      const clock = new VirtualClock();
      const events: PolicyEvent[] = [];
      let calls = 0;
      const retry = createRetry(
        { maxAttempts: 5, backoff: 'fixed', delay: 1, jitter: 'none', budget: { ratio, minPerSecond, window: '10s' } },
        { clock, onEvent: (e) => events.push(e) },
      );
      const down = retry.wrap(async () => {
        calls++;
        throw Object.assign(new Error('down'), { code: 'HTTP_503' });
      });
      // Two stages share the one policy object, so they share its budget.
      const results = await settleOn(clock, Promise.all(Array.from({ length: items }, (_, i) => down(i))));
      const retries = calls - items;
      assert.ok(retries <= Math.floor(ratio * items + minPerSecond * 10 + 1e-9), `${retries} retries for ${items} calls`);
      assert.equal(events.filter((e) => e.type === 'retry').length, retries);
      assert.ok(results.every((r) => !r.ok && r.error.attempts !== undefined));
      if (ratio === 0 && minPerSecond === 0) assert.equal(retries, 0, 'a budget of 0 means no retries');
    }),
    { numRuns: 60 },
  );
});

test('a budget forgets calls older than its window', async () => {
  const clock = new VirtualClock();
  let calls = 0;
  const retry = createRetry({ maxAttempts: 2, jitter: 'none', delay: 1, budget: { ratio: 0.5, minPerSecond: 0, window: '1s' } }, { clock });
  const ok1 = retry.wrap(async () => ((calls++), 1));
  const failing = retry.wrap(async () => {
    calls++;
    throw Object.assign(new Error('x'), { code: 'TIMEOUT' });
  });
  for (let i = 0; i < 4; i++) await ok1(i); // 4 calls in the window: 2 retries allowed
  calls = 0;
  await settleOn(clock, failing(0));
  assert.equal(calls, 2, 'a retry was allowed while the successes were in the window');
  await clock.advance(2_000);
  calls = 0;
  await settleOn(clock, failing(1));
  assert.equal(calls, 1, 'after the window, the old calls no longer pay for retries');
});

test('a code not listed is not retried; the Err says attempts 1; events tell retry and giveUp', async () => {
  const clock = new VirtualClock();
  const events: PolicyEvent[] = [];
  const retry = createRetry({ maxAttempts: 3, name: 'api', ...noBudget }, { clock, onEvent: (e) => events.push(e) });
  const { fn, calls } = flaky(clock, 5, 'HTTP_400');
  const result = await settleOn(clock, retry.wrap(fn)(1));
  assert.equal(calls.length, 1);
  assert.ok(!result.ok && result.error.attempts === 1 && result.error.code === 'HTTP_400');
  assert.deepEqual(events.map((e) => [e.type, e.policy, e.name, e.type === 'giveUp' ? e.reason : '']), [['giveUp', 'retry', 'api', 'notRetryable']]);
  const second = flaky(clock, 5, 'HTTP_429');
  await settleOn(clock, retry.wrap(second.fn)(1));
  assert.deepEqual(events.slice(1).map((e) => (e.type === 'giveUp' ? `giveUp:${e.reason}:${e.attempts}` : e.type)), ['retry', 'retry', 'giveUp:maxAttempts:3']);
  assert.ok(DEFAULT_RETRYABLE_CODES.includes('HTTP_429') && DEFAULT_RETRYABLE_CODES.includes('TIMEOUT'));
});

test('a server-given delay (retryAfterMs) is honoured when longer than the backoff, capped by maxRetryAfter', async () => {
  for (const [asked, cap, want] of [[5_000, 30_000, 5_000], [60_000, 2_000, 2_000], [10, 30_000, 100]] as const) {
    const clock = new VirtualClock();
    const { fn, calls } = flaky(clock, 1, 'HTTP_503', { retryAfterMs: asked });
    const retry = createRetry({ delay: 100, jitter: 'none', maxRetryAfter: cap, ...noBudget }, { clock });
    assert.deepEqual(await settleOn(clock, retry.wrap(fn)(2)), ok(20));
    assert.equal((calls[1] as number) - (calls[0] as number), want);
  }
});

test('an abort during a backoff sleep ends it at once, rejects with the reason and starts no further attempt', async () => {
  const clock = new VirtualClock();
  const { fn, calls } = flaky(clock, 5);
  const retry = createRetry({ delay: '1h', jitter: 'none', ...noBudget }, { clock });
  const controller = new AbortController();
  const pending = retry.wrap(fn)(1, { signal: controller.signal });
  await clock.advance(0);
  assert.equal(calls.length, 1);
  assert.equal(clock.pendingTimers, 1, 'sleeping before the retry');
  const reason = new Error('stop');
  controller.abort(reason);
  await assert.rejects(pending, (e) => e === reason);
  assert.equal(clock.pendingTimers, 0, 'the sleep was cancelled');
  await clock.advance(10 * 3_600_000);
  assert.equal(calls.length, 1, 'no attempt after the abort');
});

test('one policy object, three ways: mapAsync option, liftAsyncItem option, wrapper; a retry re-runs the work, never the source', async () => {
  const clock = new VirtualClock();
  const retry = createRetry({ delay: 1, jitter: 'none', ...noBudget }, { clock });
  let pulls = 0;
  const source = Async.fromProducer(async function* () {
    for (const x of [1, 2, 3]) {
      pulls++;
      yield x;
    }
  });
  const tries = new Map<number, number>();
  const once = (x: number): boolean => {
    tries.set(x, (tries.get(x) ?? 0) + 1);
    return tries.get(x) === 1 && x !== 2; // items 1 and 3 fail once
  };
  const viaMap = pipe(
    source,
    Async.mapAsync(async (x: number) => {
      if (once(x)) throw Object.assign(new Error('flaky'), { code: 'HTTP_502' });
      return x;
    }, { concurrency: 2, retry }),
    Async.toArray(),
  );
  assert.deepEqual(await settleOn(clock, viaMap), [ok(1), ok(2), ok(3)]);
  assert.equal(pulls, 3, 'the source was pulled once per item');
  tries.clear();
  const lifted = Async.liftAsyncItem(async (x: number): Promise<Result<number, ErrInfo>> => (once(x) ? err(errInfo('HTTP_503', 'busy')) : ok(x)), { retry });
  assert.deepEqual(await settleOn(clock, pipe(Async.of(1, 2, 3), Async.andThen(lifted), Async.toArray())), [ok(1), ok(2), ok(3)]);
  assert.deepEqual([...tries.values()], [2, 1, 2]);
  tries.clear();
  const wrapped = retry.wrap(async (x: number) => {
    if (once(x)) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    return x;
  });
  assert.deepEqual(await settleOn(clock, wrapped(3)), ok(3));
});

test('mapAsync with a retry policy: an item that gives up is an Err item and the stream goes on', async () => {
  const clock = new VirtualClock();
  const retry = createRetry({ maxAttempts: 2, delay: 1, ...noBudget }, { clock });
  const out = await settleOn(
    clock,
    pipe(
      Async.of(1, 2, 3),
      Async.mapAsyncUnordered(async (x: number) => {
        if (x === 2) throw Object.assign(new Error('gone'), { code: 'HTTP_503' });
        return x;
      }, { concurrency: 3, retry }),
      Async.toArray(),
    ),
  );
  assert.equal(out.length, 3);
  const failed = out.find((r) => !r.ok);
  assert.ok(failed !== undefined && !failed.ok);
  assert.deepEqual([failed.error.code, failed.error.attempts, failed.error.index], ['HTTP_503', 2, 1]);
});

test('the policy as data: defaults, durations as ms or strings, unknown keys and bad values name the field', () => {
  const defaults = createRetry().settings;
  assert.deepEqual(
    { maxAttempts: defaults.maxAttempts, backoff: defaults.backoff, jitter: defaults.jitter, delayMs: defaults.delayMs, maxDelayMs: defaults.maxDelayMs, budget: defaults.budget },
    { maxAttempts: 3, backoff: 'exponential', jitter: 'full', delayMs: 100, maxDelayMs: 10_000, budget: { ratio: 0.2, minPerSecond: 10, windowMs: 10_000 } },
  );
  assert.equal(createRetry({ delay: '250ms', maxDelay: '2s' }).settings.maxDelayMs, 2_000);
  const policy: RetryPolicy = JSON.parse('{ "maxAttempts": 5, "delay": "1.5s", "retryOn": ["HTTP_503"], "budget": { "ratio": 0.1 } }');
  assert.equal(createRetry(policy).settings.delayMs, 1_500);
  assert.throws(() => createRetry({ maxAtempts: 3 } as never), { name: 'TypeError', message: /unknown key `maxAtempts` \(did you mean `maxAttempts`\?\)/ });
  assert.throws(() => createRetry({ maxAttempts: 0 }), { name: 'RangeError', message: /`maxAttempts`.*got number 0/ });
  assert.throws(() => createRetry({ maxAttempts: 2.5 }), { name: 'TypeError', message: /`maxAttempts` to be an integer/ });
  assert.throws(() => createRetry({ delay: -1 }), { name: 'RangeError', message: /`delay`/ });
  assert.throws(() => createRetry({ delay: '2 s' }), { name: 'TypeError', message: /`delay` to be a duration/ });
  assert.throws(() => createRetry({ factor: Number.NaN }), { name: 'TypeError', message: /`factor`/ });
  assert.throws(() => createRetry({ maxDelay: Infinity }), { message: /`maxDelay`/ });
  assert.throws(() => createRetry({ budget: { ratio: 1.5 } }), { name: 'RangeError', message: /`budget.ratio`/ });
  assert.throws(() => createRetry({ budget: { window: 0 } }), { name: 'RangeError', message: /`budget.window`/ });
  assert.throws(() => createRetry({ budget: { windw: '1s' } } as never), { name: 'TypeError', message: /`budget.windw`/ });
  assert.throws(() => createRetry({ jitter: 'decorrelated', backoff: 'fixed' }), { name: 'RangeError', message: /`jitter`/ });
  assert.throws(() => createRetry({ retryOn: 'HTTP_503' } as never), { name: 'TypeError', message: /`retryOn` to be an array/ });
  assert.throws(() => Async.mapAsync(async (x: number) => x, { concurrency: 1, retry: { maxAttempts: 3 } as never }), { name: 'TypeError', message: /`options.retry`/ });
  const schema = policyJsonSchema('retry');
  assert.equal(schema.type, 'object');
  assert.equal(schema.additionalProperties, false);
  assert.ok('maxAttempts' in (schema.properties as object));
});

test('types: a parallel map keeps its error type without policies and adds ErrInfo with one', () => {
  const gen = Async.fromResults<number, string>([ok(1), err('e')]);
  const retry = createRetry();
  const plain = pipe(gen, Async.mapAsync(async (x: number) => x, { concurrency: 2 }));
  const withRetry = pipe(gen, Async.mapAsync(async (x: number) => x, { concurrency: 2, retry }));
  const unordered = pipe(gen, Async.mapAsyncUnordered(async (x: number) => `${x}`, { concurrency: 2, retry }));
  expectTypeOf(plain).toEqualTypeOf<AsyncGen<number, string>>();
  expectTypeOf(withRetry).toEqualTypeOf<AsyncGen<number, string | ErrInfo>>();
  expectTypeOf(unordered).toEqualTypeOf<AsyncGen<string, string | ErrInfo>>();
  expectTypeOf(retry.wrap(async (x: number) => x)).toEqualTypeOf<WrappedCall<number, number>>();
});

test('the budget is shared across items and stages of mapAsync: retries stay within ratio x first calls', async () => {
  const clock = new VirtualClock();
  const retry = createRetry({ maxAttempts: 5, delay: 1, jitter: 'none', budget: { ratio: 0.2, minPerSecond: 0 } }, { clock });
  let calls = 0;
  const down = async (): Promise<number> => {
    calls++;
    throw Object.assign(new Error('down'), { code: 'HTTP_503' });
  };
  const stage = (gen: AsyncGen<number, ErrInfo>) => pipe(gen, Async.mapAsync(down, { concurrency: 4, retry }));
  const both = Promise.all([pipe(stage(Async.fromIterable(Array.from({ length: 30 }, (_, i) => i))), Async.toArray()), pipe(stage(Async.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)), Async.toArray())]);
  const [a, b] = await settleOn(clock, both);
  assert.equal(a.length + b.length, 40);
  assert.ok(calls - 40 <= 8, `${calls - 40} retries for 40 first calls`);
  assert.ok(calls > 40, 'the budget allowed some retries');
});
