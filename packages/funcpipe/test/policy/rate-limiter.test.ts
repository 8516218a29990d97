// The token bucket on a virtual clock: the admitted count stays within the bucket's bound over
// any window, waiters go first come first served, waits are abortable and leave nothing behind,
// one limiter is shared by every stage and run given it, and the stream stage releases its
// upstream on every exit path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import * as Async from '../../src/async/index.js';
import { rateLimiter } from '../../src/policy/rate-limiter.js';
import { rateLimit } from '../../src/policy/rate-limit.js';
import { createTimeouts } from '../../src/policy/timeouts.js';
import type { PolicyEvent } from '../../src/policy/policy-event.js';
import { VirtualClock } from '../../src/policy/virtual-clock.js';
import { arbShape, buildShape, trackedSource } from '../support/pipeline-shapes.js';
import { consume, type Exit } from '../support/consumers.js';
import { Fault, Recorder, errorsIn, failOnUnhandledRejections } from '../support/recorder.js';
import { err, ok } from '../../src/result/result.js';
import { errInfo } from '../../src/result/err-info.js';

failOnUnhandledRejections();

/** Asserts the token-bucket bound over every window between two admissions: count <= burst + span / msPerToken. */
function assertWithinBound(times: readonly number[], burst: number, msPerToken: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const count = j - i + 1;
      const bound = burst + (sorted[j]! - sorted[i]!) / msPerToken;
      assert.ok(count <= bound + 1e-9, `${count} admitted within ${sorted[j]! - sorted[i]!} ms; bound ${bound}`);
    }
  }
}

test('law: over any window the admitted count stays within burst + window * rate, in FIFO order', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({ rate: fc.integer({ min: 1, max: 50 }), burst: fc.integer({ min: 1, max: 5 }), per: fc.constantFrom(100, 1_000) }),
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 200 }), abortAfter: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }) }), { maxLength: 40 }),
      async ({ rate, burst, per }, arrivals) => {
        const clock = new VirtualClock();
        const limiter = rateLimiter({ rate, per, burst }, { clock });
        const admitted: Array<{ id: number; at: number }> = [];
        const pending: Promise<void>[] = [];
        for (const [id, { gap, abortAfter }] of arrivals.entries()) {
          await clock.advance(gap);
          const controller = new AbortController();
          if (abortAfter !== undefined) void clock.sleep(abortAfter).then(() => controller.abort());
          pending.push(
            limiter.acquire(controller.signal).then(
              () => void admitted.push({ id, at: clock.now() }),
              (e: unknown) => assert.equal(e, controller.signal.reason),
            ),
          );
        }
        while (limiter.waiting > 0 || clock.pendingTimers > 0) await clock.runNext();
        await Promise.all(pending);
        assertWithinBound(admitted.map((a) => a.at), burst, per / rate);
        const ids = admitted.map((a) => a.id);
        assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'first come, first served');
        assert.equal(clock.pendingTimers, 0, 'no timer left once nobody waits');
      },
    ),
    { numRuns: 150 },
  );
});

test('a saturated limiter admits exactly at the refill rate after the burst', async () => {
  const clock = new VirtualClock();
  const events: PolicyEvent[] = [];
  const limiter = rateLimiter({ name: 'api', rate: 10, per: '1s', burst: 3 }, { clock, onEvent: (e) => events.push(e) });
  const times: number[] = [];
  const all = Array.from({ length: 6 }, () => limiter.acquire().then(() => void times.push(clock.now())));
  await clock.advance(1_000);
  await Promise.all(all);
  assert.deepEqual(times, [0, 0, 0, 100, 200, 300]);
  assert.deepEqual(events.map((e) => e.type === 'throttle' && [e.name, e.waitMs]), [['api', 100], ['api', 200], ['api', 300]]);
  assert.equal(limiter.tryAcquire(), true); // refilled meanwhile
});

test('an aborted wait rejects at once with the reason, leaves the queue, its listener and no timer', async () => {
  const clock = new VirtualClock();
  const limiter = rateLimiter({ rate: 1, per: '1m' }, { clock });
  await limiter.acquire();
  const controller = new AbortController();
  const waiting = limiter.acquire(controller.signal);
  await clock.advance(10);
  assert.equal(limiter.waiting, 1);
  controller.abort(new Error('stop'));
  await assert.rejects(waiting, /stop/);
  assert.equal(limiter.waiting, 0);
  await clock.advance(0);
  assert.equal(clock.pendingTimers, 0);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  await assert.rejects(limiter.acquire(controller.signal), /stop/);
});

test('one limiter shared by two stages, a wrapped function and two runs: one budget', async () => {
  const clock = new VirtualClock();
  const limiter = rateLimiter({ rate: 5, per: '1s', burst: 2 }, { clock });
  const times: number[] = [];
  const stamp = Async.map((n: number) => (times.push(clock.now()), n));
  const a = pipe(Async.fromIterable([1, 2, 3, 4]), rateLimit(limiter), stamp);
  const b = pipe(Async.fromIterable([5, 6, 7]), rateLimit(limiter), stamp);
  const call = limiter.wrap(async (n: number) => (times.push(clock.now()), n));
  const runs = Promise.all([Async.toArray()(a), Async.toArray()(b), Async.toArray()(a), call(0, {})]);
  await clock.advance(5_000);
  const [ra, rb, ra2] = await runs;
  assert.equal(ra.length + rb.length + ra2.length, 11);
  assert.equal(times.length, 12);
  assertWithinBound(times, 2, 200);
  assert.equal(Math.max(...times), 2_000); // 12 admissions: 2 at once, then one per 200 ms
});

test('the stage: Err items pass without a token; a run stopped during a wait releases its upstream at once', async () => {
  const clock = new VirtualClock();
  const limiter = rateLimiter({ rate: 1, per: '1h' }, { clock });
  const items = await pipe(Async.fromResults([ok(1), err(errInfo('E', 'e')), ok(2)]), rateLimit(limiter), Async.take(2), Async.toArray());
  assert.equal(items.length, 2);
  const rec = new Recorder();
  const controller = new AbortController();
  const run = pipe(trackedSource(rec, [ok(1), ok(2)]), rateLimit(limiter)).iterate({ signal: controller.signal });
  const pull = run.next();
  await clock.advance(1_000);
  assert.equal(rec.open, 1);
  controller.abort(new Error('enough'));
  await assert.rejects(pull, /enough/);
  rec.assertAllReleased();
  assert.equal(limiter.waiting, 0);
});

const exits: fc.Arbitrary<Exit> = fc.oneof(
  fc.constant<Exit>({ kind: 'drain' }),
  fc.record({ kind: fc.constantFrom('break' as const, 'throw' as const, 'abortIdle' as const, 'abortPending' as const), after: fc.nat(5) }),
);

test('law: rateLimit in random pipelines releases everything once, LIFO, on every exit path, and delivers a prefix', async () => {
  await fc.assert(
    fc.asyncProperty(arbShape({ faults: true }), exits, fc.boolean(), async (shape, exit, inner) => {
      // Real time, but a rate so high that nothing waits long: the law is about exits, not timing.
      const limiter = rateLimiter({ rate: 1_000_000, burst: 3 });
      const build = (rec: Recorder) => (inner ? pipe(buildShape(shape, rec), rateLimit(limiter), Async.map((n: number) => n + 1)) : pipe(Async.fromIterable([0]), Async.concat(pipe(buildShape(shape, rec), rateLimit(limiter)))));
      const reference = new Recorder();
      const full = await consume(build(reference), { kind: 'drain' }, reference);
      const rec = new Recorder();
      const outcome = await consume(build(rec), exit, rec);
      assert.equal(outcome.open, 0);
      rec.assertAllReleased();
      for (const e of outcome.threw ? errorsIn(outcome.thrown) : []) assert.ok(e instanceof Fault, `unexpected error ${String(e)}`);
      if (!outcome.threw) assert.deepEqual(outcome.items, full.items.slice(0, outcome.items.length));
    }),
    { numRuns: 150 },
  );
});

test('bad input names the field', () => {
  const rejects = (f: () => unknown, type: typeof TypeError | typeof RangeError, pattern: RegExp): void => {
    assert.throws(f, (e: unknown) => e instanceof type && pattern.test((e as Error).message));
  };
  rejects(() => rateLimiter({} as never), TypeError, /^rateLimiter: expected `rate` to be a number, got undefined/);
  rejects(() => rateLimiter({ rate: 0 }), RangeError, /expected `rate` to be a number > 0, got number 0/);
  rejects(() => rateLimiter({ rate: Infinity }), TypeError, /`rate` to be a finite number/);
  rejects(() => rateLimiter({ rate: 5, burst: 0 }), RangeError, /`burst` to be an integer >= 1/);
  rejects(() => rateLimiter({ rate: 5, per: '0ms' }), RangeError, /`per` to be a duration above 0/);
  rejects(() => rateLimiter({ rate: 5, brust: 2 } as never), TypeError, /unknown key `brust` \(did you mean `burst`\?\)/);
  rejects(() => rateLimit({ rate: 5 })([1] as never), TypeError, /rateLimit: expected an AsyncGen, got an array/);
  assert.throws(() => rateLimiter({ rate: 5 }).acquire('x' as never), TypeError);
});

test('rateLimit keeps the upstream cleanup failure when the run stops while it waits (regression: for await dropped it)', async () => {
  // The chaos suite's case: the limiter is waiting (for a token, even a free one) when the
  // consumer breaks; the language's for-await rule used to discard the upstream's release failure.
  const releaseFailure = new Error('release failed');
  const upstream = Async.bracket(
    async () => 'conn',
    () => Async.fromIterable([1, 2]),
    () => {
      throw releaseFailure;
    },
  );
  const limited = pipe(
    upstream,
    rateLimit(rateLimiter({ rate: 100_000, burst: 1_000 })),
    Async.mapAsync(async (x: number) => x, { concurrency: 2, timeout: createTimeouts({ attempt: '10s' }) }),
  );
  await assert.rejects(
    (async () => {
      for await (const _ of limited) break;
    })(),
    (e: unknown) => errorsIn(e).includes(releaseFailure),
  );
});
