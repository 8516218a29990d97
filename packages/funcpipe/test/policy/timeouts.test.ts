// Time limits: per attempt, per item and per run, enforced through the work's AbortSignal and
// awaited, on a virtual clock. The law: in mapAsync the calls in flight never exceed the
// concurrency limit, counted with live counters that include timed-out work still settling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { VirtualClock } from '../../src/policy/virtual-clock.js';
import { createTimeouts, TIMEOUT_CODE } from '../../src/policy/timeouts.js';
import { createRetry } from '../../src/policy/retry.js';
import { wrapCall } from '../../src/policy/wrap-call.js';
import type { PolicyEvent } from '../../src/policy/policy-event.js';
import { policyJsonSchema } from '../../src/policy/policy-schemas.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { settleOn } from '../support/virtual-time.js';

failOnUnhandledRejections();

/** Live counters of the work: how many calls are in flight now, the most ever, and how many saw their signal abort. */
class Live {
  now = 0;
  max = 0;
  aborted = 0;
  enter(): void {
    this.now++;
    this.max = Math.max(this.max, this.now);
  }
  leave(): void {
    this.now--;
  }
}

/** Work that takes `ms` of virtual time; when aborted it is slow to settle (`lag` real macrotasks), as real I/O is. */
function work(clock: VirtualClock, live: Live, lag: number) {
  return async (ms: number, { signal }: { signal: AbortSignal }): Promise<number> => {
    live.enter();
    try {
      await clock.sleep(ms, signal);
      return ms;
    } catch (error) {
      live.aborted++;
      for (let i = 0; i < lag; i++) await tick();
      throw error;
    } finally {
      live.leave();
    }
  };
}

test('law: calls in flight never exceed the concurrency limit, timed-out work included, and every item is accounted for', async () => {
  const arbCase = fc.record({
    durations: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 14 }),
    limit: fc.integer({ min: 5, max: 30 }),
    concurrency: fc.integer({ min: 1, max: 4 }),
    lag: fc.nat(3),
    ordered: fc.boolean(),
    retried: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(arbCase, async ({ durations, limit, concurrency, lag, ordered, retried }) => {
      const items = durations.map((d) => (d === limit ? d + 1 : d));
      const clock = new VirtualClock();
      const live = new Live();
      const timeout = createTimeouts({ attempt: limit }, { clock });
      const retry = retried ? createRetry({ maxAttempts: 2, delay: 1, jitter: 'none', budget: false }, { clock }) : undefined;
      const options = { concurrency, ordered, timeout, ...(retry === undefined ? {} : { retry }) };
      const out = await settleOn(clock, pipe(Async.fromIterable(items), Async.mapAsync(work(clock, live, lag), options), Async.toArray()));
      assert.ok(live.max <= concurrency, `${live.max} calls in flight with concurrency ${concurrency}`);
      assert.equal(live.now, 0, 'a call was still running after the run ended');
      assert.equal(out.length, items.length, 'an item was lost');
      const late = items.filter((d) => d > limit).length;
      assert.equal(live.aborted, late * (retried ? 2 : 1), 'every timed-out attempt saw its signal abort');
      const expected = items.map((d) => (d < limit ? `ok ${d}` : TIMEOUT_CODE));
      const got = out.map((r) => (r.ok ? `ok ${r.value}` : r.error.code));
      assert.deepEqual(ordered ? got : [...got].sort(), ordered ? expected : [...expected].sort());
    }),
    { numRuns: 80, includeErrorInReport: true },
  );
});

test('a timed-out item is an Err with code TIMEOUT that says which limit; a timeout event is emitted', async () => {
  const clock = new VirtualClock();
  const events: PolicyEvent[] = [];
  const timeout = createTimeouts({ attempt: '50ms', name: 'lookup' }, { clock, onEvent: (e) => events.push(e) });
  const out = await settleOn(clock, pipe(Async.of(10, 80), Async.mapAsync(work(clock, new Live(), 0), { concurrency: 2, timeout }), Async.toArray()));
  assert.deepEqual(out[0], ok(10));
  const failed = out[1];
  assert.ok(failed !== undefined && !failed.ok);
  assert.equal(failed.error.code, 'TIMEOUT');
  assert.deepEqual(failed.error.context, { limit: 'attempt', limitMs: 50 });
  assert.equal(failed.error.index, 1);
  assert.deepEqual(events, [{ type: 'timeout', policy: 'timeout', name: 'lookup', at: 50, scope: 'attempt', afterMs: 50, index: 1 }]);
});

test('the item limit covers every attempt and the waits between them; nothing starts after it', async () => {
  const clock = new VirtualClock();
  let calls = 0;
  const timeout = createTimeouts({ item: '1s' }, { clock });
  const retry = createRetry({ maxAttempts: 10, delay: '300ms', jitter: 'none', backoff: 'fixed', budget: false }, { clock });
  const call = wrapCall(async () => {
    calls++;
    throw Object.assign(new Error('busy'), { code: 'HTTP_503' });
  }, { retry, timeout });
  const result = await settleOn(clock, call(0));
  assert.ok(!result.ok && result.error.code === 'TIMEOUT' && (result.error.context as { limit: string }).limit === 'item');
  assert.equal(calls, 4, 'calls at 0, 300, 600 and 900 ms; the item limit ended the wait before the fifth');
  assert.equal(clock.pendingTimers, 0);
  await clock.advance(5_000);
  assert.equal(calls, 4);
});

test('the run limit fails the run with a TimeoutError after cancelling the calls and releasing the source', async () => {
  const clock = new VirtualClock();
  const live = new Live();
  let released = 0;
  const source = Async.fromProducer(async function* () {
    try {
      for (let i = 0; ; i++) yield 100;
    } finally {
      released++;
    }
  });
  const timeout = createTimeouts({ run: '250ms' }, { clock });
  const run = pipe(source, Async.mapAsync(work(clock, live, 2), { concurrency: 3, timeout }), Async.toArray());
  await assert.rejects(settleOn(clock, run), (e: unknown) => e instanceof DOMException && e.name === 'TimeoutError');
  assert.equal(released, 1);
  assert.equal(live.now, 0, 'a call outlived the run');
  assert.ok(live.aborted >= 1);
  // Each run gets a fresh limit from its first pull.
  const again = pipe(Async.of(10), Async.mapAsync(work(clock, live, 0), { concurrency: 1, timeout }), Async.toArray());
  assert.deepEqual(await settleOn(clock, again), [ok(10)]);
});

test('an abort by the caller during a limited call is a cancellation, not a TIMEOUT', async () => {
  const clock = new VirtualClock();
  const timeout = createTimeouts({ attempt: '1s' }, { clock });
  const controller = new AbortController();
  const pending = timeout.wrap(work(clock, new Live(), 1))(500, { signal: controller.signal });
  await clock.advance(100);
  const reason = new Error('caller stopped');
  controller.abort(reason);
  await assert.rejects(pending, (e) => e === reason);
  assert.equal(clock.pendingTimers, 0, 'the limit timer was cancelled');
});

test('the policy as data: no limit by default, durations as ms or strings, bad values name the field', () => {
  assert.deepEqual(createTimeouts().settings, { attemptMs: undefined, itemMs: undefined, runMs: undefined, name: undefined });
  assert.deepEqual(createTimeouts({ attempt: 250, item: '2s', run: '1m' }).settings, { attemptMs: 250, itemMs: 2_000, runMs: 60_000, name: undefined });
  assert.throws(() => createTimeouts({ atempt: '1s' } as never), { name: 'TypeError', message: /unknown key `atempt` \(did you mean `attempt`\?\)/ });
  assert.throws(() => createTimeouts({ attempt: 0 }), { name: 'RangeError', message: /`attempt`.*could never be met/ });
  assert.throws(() => createTimeouts({ item: -5 }), { name: 'RangeError', message: /`item`/ });
  assert.throws(() => createTimeouts({ run: 'soon' }), { name: 'TypeError', message: /`run` to be a duration/ });
  assert.throws(() => createTimeouts({ attempt: '1s' }, { clock: {} as never }), { name: 'TypeError', message: /`clock`/ });
  assert.throws(() => Async.liftAsyncItem(async (x: number) => ok(x), { timeout: createTimeouts({ run: '1s' }) }), { name: 'RangeError', message: /run limit/ });
  assert.throws(() => wrapCall(async (x: number) => x, { timeout: createTimeouts({ run: '1s' }) }), { name: 'RangeError', message: /run limit/ });
  assert.throws(() => Async.mapAsync(async (x: number) => x, { concurrency: 1, timeout: 5 as never }), { name: 'TypeError', message: /`options.timeout`/ });
  assert.equal(policyJsonSchema('timeout').additionalProperties, false);
});
