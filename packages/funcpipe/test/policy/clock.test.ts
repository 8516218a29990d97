import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { systemClock } from '../../src/policy/clock.js';
import { VirtualClock } from '../../src/policy/virtual-clock.js';

test('systemClock: sleeps, is monotonic, and an abort ends the sleep at once with the reason', async () => {
  const t0 = systemClock.now();
  await systemClock.sleep(5);
  assert.ok(systemClock.now() >= t0);
  const controller = new AbortController();
  const sleeping = systemClock.sleep(60_000, controller.signal);
  const reason = new Error('stop');
  controller.abort(reason);
  await assert.rejects(sleeping, (e) => e === reason);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  await assert.rejects(systemClock.sleep(10, controller.signal), (e) => e === reason);
});

test('clock sleeps reject bad arguments', () => {
  for (const clock of [systemClock, new VirtualClock()]) {
    assert.throws(() => clock.sleep(-1), RangeError);
    assert.throws(() => clock.sleep(Number.NaN), TypeError);
    assert.throws(() => clock.sleep(Infinity), RangeError);
    assert.throws(() => clock.sleep('5' as unknown as number), TypeError);
    assert.throws(() => clock.sleep(5, {} as AbortSignal), TypeError);
  }
  assert.throws(() => new VirtualClock(-1), RangeError);
});

test('VirtualClock: a sleep resolves exactly when time reaches its due time', async () => {
  const clock = new VirtualClock(100);
  const woke: number[] = [];
  void clock.sleep(1_000).then(() => woke.push(clock.now()));
  await clock.advance(999);
  assert.deepEqual(woke, []);
  assert.equal(clock.pendingTimers, 1);
  assert.equal(clock.nextDue, 1_100);
  await clock.advance(1);
  assert.deepEqual(woke, [1_100]);
  assert.equal(clock.pendingTimers, 0);
  assert.equal(await clock.runNext(), false);
});

test('VirtualClock: a sleep started by a woken task within the window fires in the same advance', async () => {
  const clock = new VirtualClock();
  const times: number[] = [];
  void (async () => {
    for (let i = 0; i < 3; i++) {
      await clock.sleep(10);
      times.push(clock.now());
    }
  })();
  await clock.advance(25);
  assert.deepEqual(times, [10, 20]);
  assert.equal(clock.now(), 25);
  await clock.runNext();
  assert.deepEqual(times, [10, 20, 30]);
});

test('VirtualClock: an aborted sleep leaves no timer and no listener', async () => {
  const clock = new VirtualClock();
  const controller = new AbortController();
  const sleeping = clock.sleep(50, controller.signal);
  controller.abort();
  await assert.rejects(sleeping, (e) => e === controller.signal.reason);
  assert.equal(clock.pendingTimers, 0);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  await assert.rejects(clock.sleep(5, controller.signal));
  await clock.sleep(0);
});

test('law: VirtualClock wakes sleeps in due order (ties in start order), each at its due time', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }), async (delays, steps) => {
      const clock = new VirtualClock();
      const woke: Array<[number, number]> = [];
      delays.forEach((d, i) => void clock.sleep(d).then(() => woke.push([i, clock.now()])));
      for (const step of steps) await clock.advance(step);
      const end = clock.now();
      const expected = delays
        .map((d, i) => [i, d] as [number, number])
        .filter(([, d]) => d <= end)
        .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      assert.deepEqual(woke, expected);
    }),
  );
});
