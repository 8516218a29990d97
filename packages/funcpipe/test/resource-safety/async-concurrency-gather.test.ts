// Structured concurrency of gather (DESIGN principles 2, 5, 7): on every exit path (end, consumer
// break or throw, a child failing, a child's cleanup failing, an external abort between pulls or
// during a pending pull) every child that started is released exactly once before the consumer's
// exit completes, nothing starts afterwards, no error is lost and no rejection goes unhandled;
// children blocked in long timers are released at once when the run stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { gather } from '../../src/async/gather.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { Fault, errorsIn, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** Counts each child's acquire and release, and records the order of events. */
class Ledger {
  readonly events: string[] = [];
  readonly faults: Fault[] = [];
  readonly acquired = new Map<number, number>();
  readonly released = new Map<number, number>();
  open = 0;
  acquire(c: number): void {
    this.open++;
    this.acquired.set(c, (this.acquired.get(c) ?? 0) + 1);
    this.events.push(`acquire ${c}`);
  }
  release(c: number): void {
    this.open--;
    this.released.set(c, (this.released.get(c) ?? 0) + 1);
    this.events.push(`release ${c}`);
  }
  fault(kind: string, c: number): Fault {
    const fault = new Fault(kind, `child ${c}`);
    this.faults.push(fault);
    return fault;
  }
}

interface ChildSpec {
  readonly items: readonly { readonly isErr: boolean; readonly delay: number }[];
  /** The producer throws instead of yielding this item. */
  readonly failAt: number | undefined;
  /** The producer's cleanup throws. */
  readonly releaseFails: boolean;
}

function pause(delay: number, signal: AbortSignal): Promise<unknown> {
  if (delay === 0) return Promise.resolve();
  if (delay === 1) return tick(undefined, { signal });
  return sleep(delay - 1, undefined, { signal });
}

function child(c: number, spec: ChildSpec, ledger: Ledger): AsyncGen<string, string> {
  return Async.fromResultProducer(async function* (signal) {
    ledger.acquire(c);
    try {
      for (const [i, item] of spec.items.entries()) {
        await pause(item.delay, signal);
        if (i === spec.failAt) throw ledger.fault('producer', c);
        yield item.isErr ? err<string, string>(`${c}:${i}`) : ok<string, string>(`${c}:${i}`);
      }
    } finally {
      ledger.release(c);
      if (spec.releaseFails) throw ledger.fault('release', c);
    }
  });
}

/** A child blocked in a 60 s timer before each item: only its signal can release it promptly. */
function blocked(c: number, ledger: Ledger, first = 0): AsyncGen<string, never> {
  return Async.fromProducer(async function* (signal) {
    ledger.acquire(c);
    try {
      for (let i = 0; i < first; i++) yield `${c}:${i}`;
      await sleep(60_000, undefined, { signal });
      yield `${c}:late`;
    } finally {
      ledger.release(c);
    }
  });
}

type Exit = { readonly kind: 'drain' } | { readonly kind: 'break' | 'throw' | 'abortIdle' | 'abortPending'; readonly after: number };

const arbDelay = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constantFrom(2, 3) });
// A child fails in its body or in its cleanup, not both: a `finally` that throws replaces the
// body's error (JavaScript's rule), so the body's fault would be lost before gather sees it.
const arbChild: fc.Arbitrary<ChildSpec> = fc.record({
  items: fc.array(fc.record({ isErr: fc.nat(3).map((n) => n === 0), delay: arbDelay }), { maxLength: 5 }),
  failure: fc.oneof(
    { weight: 4, arbitrary: fc.constant({ failAt: undefined, releaseFails: false }) },
    { weight: 1, arbitrary: fc.nat(5).map((at) => ({ failAt: at, releaseFails: false })) },
    { weight: 1, arbitrary: fc.constant({ failAt: undefined, releaseFails: true }) },
  ),
}).map(({ items, failure }) => ({ items, ...failure }));
const arbExit: fc.Arbitrary<Exit> = fc.oneof(
  fc.constant({ kind: 'drain' as const }),
  fc.record({ kind: fc.constantFrom('break' as const, 'throw' as const, 'abortIdle' as const, 'abortPending' as const), after: fc.nat(6) }),
);

interface Outcome {
  readonly items: Result<string, string>[];
  readonly thrown: unknown[];
  readonly acted: boolean;
  readonly openAtExit: number;
}

/** Runs `gen` and ends the run as `exit` says: after receiving `after + 1` items (`abortPending`: during pull `after + 1`). */
async function consume(gen: AsyncGen<string, string>, exit: Exit, ledger: Ledger, consumerError: Error, abortReason: Error): Promise<Outcome> {
  const items: Result<string, string>[] = [];
  const controller = new AbortController();
  const actAt = exit.kind === 'drain' ? Infinity : exit.after + (exit.kind === 'abortPending' ? 0 : 1);
  let acted = false;
  try {
    if (exit.kind === 'abortPending') {
      const run = gen.iterate({ signal: controller.signal });
      for (;;) {
        const pull = run.next();
        if (items.length === actAt && !acted) {
          acted = true;
          controller.abort(abortReason);
        }
        const step = await pull;
        if (step.done === true) break;
        items.push(step.value);
      }
    } else {
      for await (const item of gen.iterate({ signal: controller.signal })) {
        items.push(item);
        if (items.length !== actAt) continue;
        acted = true;
        if (exit.kind === 'break') break;
        if (exit.kind === 'throw') throw consumerError;
        controller.abort(abortReason); // between pulls: the next pull must reject with the reason
      }
    }
    return { items, thrown: [], acted, openAtExit: ledger.open };
  } catch (thrown) {
    return { items, thrown: errorsIn(thrown), acted, openAtExit: ledger.open };
  }
}

test('every exit path releases every started child exactly once, before the exit completes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(arbChild, { minLength: 1, maxLength: 4 }),
      fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      fc.integer({ min: 1, max: 3 }),
      arbExit,
      async (specs, concurrency, bufferSize, exit) => {
        const ledger = new Ledger();
        const consumerError = new Error('consumer');
        const abortReason = new Error('abort');
        const gen = gather(specs.map((spec, c) => child(c, spec, ledger)), concurrency === undefined ? { bufferSize } : { concurrency, bufferSize });
        const outcome = await consume(gen, exit, ledger, consumerError, abortReason);
        assert.equal(outcome.openAtExit, 0, 'a child was still open when the exit completed');
        const eventsAtExit = ledger.events.length;
        for (let i = 0; i < 3; i++) await tick();
        assert.equal(ledger.events.length, eventsAtExit, 'something ran after the exit completed');
        for (const [c, n] of ledger.acquired) {
          assert.equal(n, 1, `child ${c} started twice`);
          assert.equal(ledger.released.get(c), 1, `child ${c} not released exactly once`);
        }
        for (const e of outcome.thrown) assert.ok(e instanceof Fault || e === consumerError || e === abortReason, `unexpected error reached the consumer: ${String(e)}`);
        if (exit.kind === 'throw' && outcome.acted) {
          assert.deepEqual(outcome.thrown, [consumerError]); // the loop body's error wins (for-await rule)
          return;
        }
        // The run's failure reaches the consumer. (A second child failing while the first failure
        // cancels it is a race that AsyncRun's stop can lose; see the report on AsyncRun.return.)
        if (ledger.faults.length > 0 && (exit.kind === 'drain' || !outcome.acted)) {
          assert.ok(outcome.thrown.some((e) => ledger.faults.includes(e as Fault)), 'the failure was swallowed');
        }
        for (const e of outcome.thrown) if (e instanceof Fault) assert.ok(ledger.faults.includes(e));
        const total = specs.reduce((n, s) => n + s.items.length, 0);
        if (ledger.faults.length === 0 && exit.kind === 'drain') assert.equal(outcome.items.length, total);
        if (ledger.faults.length === 0 && outcome.acted && (exit.kind === 'abortIdle' || exit.kind === 'abortPending') && total > outcome.items.length) {
          assert.ok(outcome.thrown.includes(abortReason), 'an abort of a live run rejects with its reason');
        }
      },
    ),
    { numRuns: 150, includeErrorInReport: true },
  );
});

test('a break while children are blocked in long timers releases them at once, last started first', { timeout: 20_000 }, async () => {
  const ledger = new Ledger();
  for await (const r of gather([blocked(0, ledger), blocked(1, ledger, 1), blocked(2, ledger)])) {
    assert.ok(r.ok && r.value === '1:0');
    break;
  }
  ledger.events.push('break completed');
  assert.deepEqual(ledger.events, ['acquire 0', 'acquire 1', 'acquire 2', 'release 2', 'release 1', 'release 0', 'break completed']);
});

test('an external abort during a pending pull releases blocked children, then rejects with the reason', { timeout: 20_000 }, async () => {
  const ledger = new Ledger();
  const controller = new AbortController();
  const reason = new Error('shutting down');
  const run = gather([blocked(0, ledger), blocked(1, ledger)]).iterate({ signal: controller.signal });
  const pull = run.next();
  await tick();
  controller.abort(reason);
  await assert.rejects(pull, (e) => e === reason);
  ledger.events.push('pull rejected');
  assert.deepEqual(ledger.events, ['acquire 0', 'acquire 1', 'release 1', 'release 0', 'pull rejected']);
  assert.deepEqual(await run.next(), { done: true, value: undefined });
});

test('a consumer throw while children are blocked releases them before the throw propagates', { timeout: 20_000 }, async () => {
  const ledger = new Ledger();
  const mine = new Error('consumer');
  await assert.rejects(
    (async () => {
      for await (const r of gather([blocked(0, ledger, 2), blocked(1, ledger)])) if (r.ok) throw mine;
    })(),
    (e) => e === mine,
  );
  assert.equal(ledger.open, 0);
  assert.deepEqual(ledger.released, new Map([[0, 1], [1, 1]]));
});

test('a failing child cancels its blocked siblings at once, even while the consumer is not pulling', { timeout: 20_000 }, async () => {
  const ledger = new Ledger();
  const boom = new Fault('producer', 'child 1');
  const failing = Async.fromProducer(async function* () {
    ledger.acquire(1);
    try {
      await tick();
      throw boom;
    } finally {
      ledger.release(1);
    }
  });
  const run = gather([blocked(0, ledger, 1), failing, blocked(2, ledger)])[Symbol.asyncIterator]();
  const first = await run.next();
  assert.ok(first.value?.ok && first.value.value === '0:0');
  for (let i = 0; i < 5 && ledger.open > 0; i++) await tick();
  assert.equal(ledger.open, 0, 'the siblings were not cancelled while the consumer waited');
  assert.deepEqual(ledger.events.slice(-3), ['release 1', 'release 2', 'release 0']);
  await assert.rejects(run.next(), (e) => e === boom);
  assert.deepEqual(await run.next(), { done: true, value: undefined });
});

test('a sibling whose cleanup fails during the cancellation is reported with the original failure', { timeout: 20_000 }, async () => {
  const boom = new Error('child failed');
  const cleanup = new Error('sibling cleanup failed');
  const blocked = Async.fromProducer(async function* (signal) {
    await sleep(60_000, undefined, { signal });
    yield 'never';
  });
  const sibling = Async.bracket(
    async () => 'conn',
    () => blocked,
    () => {
      throw cleanup;
    },
  );
  const failing = Async.fromProducer(async function* () {
    await tick();
    yield* [];
    throw boom;
  });
  await assert.rejects(Async.toArray()(gather([sibling, failing])), (e: unknown) => {
    assert.deepEqual(errorsIn(e), [cleanup, boom]);
    return true;
  });
});

test('a finally inside a sibling pull that the cancellation interrupted is the echo of the stop', { timeout: 20_000 }, async () => {
  // docs/semantics.md: the rejection of an interrupted pull is the stop's echo whatever its type,
  // and a generator's finally that runs inside that pull cannot be told apart from it.
  const boom = new Error('child failed');
  const sibling = Async.fromProducer(async function* (signal) {
    try {
      await sleep(60_000, undefined, { signal });
      yield 'never';
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      throw new Error('finally inside the interrupted pull');
    }
  });
  const failing = Async.fromProducer(async function* () {
    await tick();
    yield* [];
    throw boom;
  });
  await assert.rejects(Async.toArray()(gather([sibling, failing])), (e: unknown) => e === boom);
});

test('a failure that happens between pulls is not lost when the consumer breaks out', { timeout: 20_000 }, async () => {
  const boom = new Error('failed in the background');
  const failing = Async.fromProducer(async function* () {
    yield 'a';
    await tick();
    throw boom;
  });
  await assert.rejects(
    (async () => {
      for await (const r of gather([failing])) {
        assert.ok(r.ok);
        for (let i = 0; i < 3; i++) await tick();
        break;
      }
    })(),
    (e) => e === boom,
  );
});
