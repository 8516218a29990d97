// The call circuit breaker, on a virtual clock: closed -> open -> half-open -> closed/open,
// probes, cool-down backoff, count and time windows, cancellation, events, snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import * as Async from '../../src/async/index.js';
import { circuitBreaker, type CircuitBreaker } from '../../src/policy/circuit-breaker.js';
import type { CircuitBreakerPolicy } from '../../src/policy/circuit-breaker-policy.js';
import { CircuitOpenError } from '../../src/policy/circuit-open-error.js';
import type { PolicyEvent } from '../../src/policy/policy-event.js';
import { VirtualClock } from '../../src/policy/virtual-clock.js';

const boom = new Error('dependency failed');
const succeed = (b: CircuitBreaker): Promise<string> => b.execute(async () => 'ok');
const fail = (b: CircuitBreaker): Promise<unknown> => b.execute(async () => Promise.reject(boom)).catch((e: unknown) => e);

function setup(policy: CircuitBreakerPolicy) {
  const clock = new VirtualClock();
  const events: PolicyEvent[] = [];
  const breaker = circuitBreaker(policy, { clock, onEvent: (e) => events.push(e) });
  return { clock, events, breaker, types: () => events.map((e) => e.type) };
}

test('closed: opens once the window holds minimumCalls calls and the failure rate reaches the threshold', async () => {
  const { breaker, events } = setup({ failureRateThreshold: 0.5, minimumCalls: 4, window: { type: 'count', size: 10 }, coolDown: '5s' });
  assert.equal(await fail(breaker), boom);
  assert.equal(await fail(breaker), boom);
  assert.equal(await fail(breaker), boom); // 3 calls < minimumCalls: no decision yet
  assert.equal(breaker.state, 'closed');
  await succeed(breaker);
  assert.equal(breaker.state, 'closed'); // a success never opens it
  assert.equal(await fail(breaker), boom); // 4/5 >= 0.5
  assert.equal(breaker.state, 'open');
  assert.deepEqual(events, [{ type: 'trip', policy: 'circuitBreaker', name: 'circuitBreaker', rule: 'failureRate', failures: 4, calls: 5, openForMs: 5_000, at: 0 }]);
});

test('open: refuses calls without making them, with CircuitOpenError and the time left', async () => {
  const { breaker, clock, types } = setup({ minimumCalls: 1, coolDown: '5s' });
  await fail(breaker);
  await clock.advance(2_000);
  let called = false;
  const refused = await breaker.execute(async () => (called = true)).catch((e: unknown) => e);
  assert.equal(called, false);
  assert.ok(refused instanceof CircuitOpenError);
  assert.equal(refused.code, 'CIRCUIT_OPEN');
  assert.equal(refused.state, 'open');
  assert.equal(refused.retryAfterMs, 3_000);
  assert.deepEqual(types(), ['trip', 'reject']);
});

test('half-open after the cool-down: exactly halfOpenProbes probes go through; all succeed -> closed with an empty window', async () => {
  const { breaker, clock, types } = setup({ minimumCalls: 2, halfOpenProbes: 2, coolDown: 1_000 });
  await fail(breaker);
  await fail(breaker);
  await clock.advance(999);
  assert.equal(breaker.state, 'open');
  await clock.advance(1);
  assert.equal(breaker.state, 'halfOpen');
  const gates: Array<() => void> = [];
  const probe = (): Promise<string> => breaker.execute(() => new Promise<string>((resolve) => gates.push(() => resolve('probed'))));
  const p1 = probe();
  const p2 = probe();
  const third = await breaker.execute(async () => 'x').catch((e: unknown) => e);
  assert.ok(third instanceof CircuitOpenError && third.state === 'halfOpen');
  await clock.advance(0);
  assert.equal(gates.length, 2);
  gates[0]!();
  assert.equal(await p1, 'probed');
  assert.equal(breaker.state, 'halfOpen');
  gates[1]!();
  await p2;
  assert.equal(breaker.state, 'closed');
  assert.deepEqual(types(), ['trip', 'halfOpen', 'reject', 'reset']);
  assert.deepEqual(breaker.toJSON().window, { type: 'count', outcomes: [] });
});

test('a failed probe reopens; coolDownBackoff grows the cool-down up to max; closing resets it', async () => {
  const { breaker, clock, events } = setup({ minimumCalls: 1, coolDown: '1s', coolDownBackoff: { multiplier: 3, max: '5s' } });
  await fail(breaker);
  const openFor = (): number[] => events.flatMap((e) => (e.type === 'trip' ? [e.openForMs!] : []));
  for (let i = 0; i < 3; i++) {
    await clock.advance(breaker.toJSON().openRemainingMs);
    assert.equal(breaker.state, 'halfOpen');
    await fail(breaker);
    assert.equal(breaker.state, 'open');
  }
  assert.deepEqual(openFor(), [1_000, 3_000, 5_000, 5_000]);
  await clock.advance(5_000);
  await succeed(breaker);
  assert.equal(breaker.state, 'closed');
  await fail(breaker);
  assert.deepEqual(openFor().at(-1), 1_000);
});

test('time window: calls older than the duration leave it (a bucket at a time)', async () => {
  const { breaker, clock } = setup({ minimumCalls: 3, failureRateThreshold: 0.6, window: { type: 'time', duration: '10s', buckets: 10 } });
  await fail(breaker);
  await fail(breaker);
  await clock.advance(10_000); // both failures are now outside the window
  await succeed(breaker);
  await fail(breaker);
  assert.equal(breaker.state, 'closed'); // 1 of 2 in the window: below minimumCalls
  await fail(breaker);
  assert.equal(breaker.state, 'open'); // 2 of 3 >= 0.6
  assert.deepEqual(breaker.toJSON().window, { type: 'time', sliceElapsedMs: 0, buckets: [{ slicesAgo: 0, calls: 3, failures: 2 }] });
});

test('a cancelled call is no outcome; isFailure decides what counts; late outcomes of an earlier state are ignored', async () => {
  const clock = new VirtualClock();
  const breaker = circuitBreaker({ minimumCalls: 1, coolDown: '1s' }, { clock, isFailure: (e) => e !== 'not found' });
  const controller = new AbortController();
  const cancelled = breaker.execute(() => clock.sleep(100, controller.signal), controller.signal);
  controller.abort();
  await assert.rejects(cancelled);
  await breaker.execute(async () => Promise.reject('not found')).catch(() => {});
  assert.equal(breaker.state, 'closed');
  let release!: () => void;
  const slow = breaker.execute(() => new Promise<void>((r) => (release = r)));
  await fail(breaker);
  assert.equal(breaker.state, 'open');
  await clock.advance(1_000);
  assert.equal(breaker.state, 'halfOpen');
  release();
  await slow; // started while closed: it does not count as a probe
  assert.equal(breaker.state, 'halfOpen');
});

test('wrap: a (value, { signal }) => Promise function through the breaker, usable as a mapAsync mapper', async () => {
  const clock = new VirtualClock();
  const breaker = circuitBreaker({ minimumCalls: 2, failureRateThreshold: 1, window: { type: 'count', size: 2 }, coolDown: '1m' }, { clock });
  const calls: number[] = [];
  const lookup = breaker.wrap(async (n: number, { signal }: { signal?: AbortSignal }) => {
    calls.push(n);
    signal?.throwIfAborted();
    if (n >= 2) throw new Error(`down at ${n}`);
    return n * 10;
  });
  const out = await pipe(
    Async.fromIterable([0, 1, 2, 3, 4, 5]),
    Async.andThen(Async.liftAsyncItem(async (n: number, signal) => ok(await lookup(n, { signal })))),
    Async.toArray(),
  );
  assert.deepEqual(calls, [0, 1, 2, 3]); // two failures fill the window of 2 (rate 1): it opens: 4 and 5 are refused
  assert.equal(out.filter((r) => !r.ok).length, 4);
  const refused = out.slice(4).map((r) => (r.ok ? undefined : (r.error.cause as CircuitOpenError).code));
  assert.deepEqual(refused, ['CIRCUIT_OPEN', 'CIRCUIT_OPEN']);
  const mapped = await pipe(Async.fromIterable([1]), Async.mapAsync(circuitBreaker().wrap(async (n: number) => n + 1), { concurrency: 2 }), Async.toArray());
  assert.deepEqual(mapped.map((r) => r.ok && r.value), [2]);
});

/** A random script of calls and clock moves, run against a breaker. */
type Step = { readonly op: 'ok' | 'fail' } | { readonly op: 'wait'; readonly ms: number };
const arbSteps = fc.array(fc.oneof(fc.constantFrom<Step>({ op: 'ok' }, { op: 'fail' }), fc.integer({ min: 0, max: 3_000 }).map((ms): Step => ({ op: 'wait', ms }))), { maxLength: 40 });
const arbPolicy: fc.Arbitrary<CircuitBreakerPolicy> = fc.record({
  minimumCalls: fc.integer({ min: 1, max: 4 }),
  failureRateThreshold: fc.constantFrom(0.25, 0.5, 1),
  halfOpenProbes: fc.integer({ min: 1, max: 3 }),
  coolDown: fc.constantFrom('500ms', '1s', 2_000),
  window: fc.oneof(fc.constant({ type: 'count' as const, size: 4 }), fc.constant({ type: 'time' as const, duration: '5s', buckets: 5 })),
  coolDownBackoff: fc.constant({ multiplier: 2, max: '4s' }),
});

async function play(breaker: CircuitBreaker, clock: VirtualClock, steps: readonly Step[], trace: string[]): Promise<void> {
  for (const step of steps) {
    if (step.op === 'wait') {
      await clock.advance(step.ms);
      continue;
    }
    let called = false;
    const outcome = await breaker
      .execute(async () => {
        called = true;
        if (step.op === 'fail') throw boom;
        return 'ok';
      })
      .catch((e: unknown) => e);
    trace.push(`${called ? 'called' : 'refused'} ${outcome instanceof CircuitOpenError ? outcome.state : String(outcome === boom ? 'boom' : outcome)} -> ${breaker.state}`);
    // An open breaker never calls the dependency.
    if (outcome instanceof CircuitOpenError) assert.equal(called, false);
  }
}

test('law: a breaker restored from its JSON snapshot, on another clock, behaves exactly as the original from then on', async () => {
  await fc.assert(
    fc.asyncProperty(arbPolicy, arbSteps, arbSteps, fc.integer({ min: 0, max: 1e6 }), async (policy, before, after, start) => {
      const clock = new VirtualClock();
      const original = circuitBreaker(policy, { clock });
      await play(original, clock, before, []);
      const snapshot = JSON.parse(JSON.stringify(original)) as ReturnType<CircuitBreaker['toJSON']>;
      const otherClock = new VirtualClock(start);
      const restored = circuitBreaker(policy, { clock: otherClock, restore: snapshot });
      assert.equal(restored.state, original.state);
      const a: string[] = [];
      const b: string[] = [];
      await play(original, clock, after, a);
      await play(restored, otherClock, after, b);
      assert.deepEqual(b, a);
    }),
    { numRuns: 150 },
  );
});

test('law: the dependency is never called while open, and never by more than halfOpenProbes probes at once', async () => {
  await fc.assert(
    fc.asyncProperty(arbPolicy, fc.array(fc.record({ fail: fc.boolean(), lasts: fc.integer({ min: 0, max: 1_500 }), gap: fc.integer({ min: 0, max: 800 }) }), { maxLength: 30 }), async (policy, calls) => {
      const clock = new VirtualClock();
      const events: PolicyEvent[] = [];
      const breaker = circuitBreaker(policy, { clock, onEvent: (e) => events.push(e) });
      let inFlightProbes = 0;
      let maxProbes = 0;
      const pending: Promise<unknown>[] = [];
      for (const call of calls) {
        const stateAtCall = breaker.state;
        let called = false;
        pending.push(
          breaker
            .execute(async () => {
              called = true;
              const probe = stateAtCall === 'halfOpen';
              if (probe) maxProbes = Math.max(maxProbes, ++inFlightProbes);
              await clock.sleep(call.lasts);
              if (probe) inFlightProbes--;
              if (call.fail) throw boom;
            })
            .catch(() => {})
            .then(() => {
              if (stateAtCall === 'open') assert.equal(called, false);
            }),
        );
        await clock.advance(call.gap);
      }
      await clock.advance(10_000);
      await Promise.all(pending);
      assert.ok(maxProbes <= (policy.halfOpenProbes ?? 1));
      // Events alternate sensibly: every halfOpen follows a trip, every reset follows a halfOpen.
      const transitions = events.filter((e) => e.type !== 'reject').map((e) => e.type);
      for (let i = 1; i < transitions.length; i++) {
        if (transitions[i] === 'halfOpen') assert.equal(transitions[i - 1], 'trip');
        if (transitions[i] === 'reset') assert.equal(transitions[i - 1], 'halfOpen');
      }
    }),
    { numRuns: 150 },
  );
});

test('bad input: policy, runtime options and snapshots name the field', () => {
  const rejects = (f: () => unknown, type: typeof TypeError | typeof RangeError, pattern: RegExp): void => {
    assert.throws(f, (e: unknown) => e instanceof type && pattern.test((e as Error).message));
  };
  rejects(() => circuitBreaker({ failureRateThreshold: 2 }), RangeError, /^circuitBreaker: expected `failureRateThreshold` to be a number <= 1, got number 2$/);
  rejects(() => circuitBreaker({ minimumCalls: 20, window: { type: 'count', size: 10 } }), RangeError, /`minimumCalls` \(20\) to be at most `window.size` \(10\)/);
  rejects(() => circuitBreaker({ window: { type: 'count', sise: 10 } as never }), TypeError, /unknown key `window\.sise` \(did you mean `window\.size`\?\)/);
  rejects(() => circuitBreaker({ window: { type: 'sliding' } as never }), TypeError, /expected `window\.type` to be one of "count", "time", got the string "sliding"/);
  rejects(() => circuitBreaker({ window: 'count' as never }), TypeError, /expected `window` to be a window: .*, got the string "count"/);
  rejects(() => circuitBreaker({ window: { type: 'time', duration: '0s' } }), RangeError, /`window.duration` to be a duration above 0/);
  rejects(() => circuitBreaker({ coolDown: '30 s' }), TypeError, /expected `coolDown` to be a duration/);
  rejects(() => circuitBreaker({ coolDown: -1 }), RangeError, /expected `coolDown` to be a duration/);
  rejects(() => circuitBreaker({ coolDownBackoff: { multiplier: 0.5 } }), RangeError, /`coolDownBackoff\.multiplier` to be a number >= 1/);
  rejects(() => circuitBreaker({ halfOpenProbes: 0 }), RangeError, /`halfOpenProbes` to be an integer >= 1/);
  rejects(() => circuitBreaker({ coolDwn: '1s' } as never), TypeError, /did you mean `coolDown`/);
  rejects(() => circuitBreaker({}, { isFailure: 1 } as never), TypeError, /`isFailure` to be a function/);
  rejects(() => circuitBreaker({}, { restore: { version: 2 } } as never), TypeError, /^circuitBreaker: `restore`: expected `version` to be one of 1/);
  rejects(() => circuitBreaker().wrap(5 as never), TypeError, /`f` to be a function/);
});
