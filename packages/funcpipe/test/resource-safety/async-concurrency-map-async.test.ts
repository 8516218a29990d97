// Structured concurrency of the bounded parallel map (DESIGN principles 2, 5, 7): on every exit
// path (end, consumer break or throw, a call failing, the upstream failing, an external abort)
// every call that started has settled and the upstream is released exactly once before the
// consumer's exit completes; after a failure no new call starts; calls and an upstream blocked
// in long timers are released at once; no rejection goes unhandled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { mapAsync, type MapAsyncContext } from '../../src/async/map-async.js';
import { mapAsyncUnordered } from '../../src/async/map-async-unordered.js';
import { pipe } from '../../src/pipe.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { Fault, errorsIn, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** Counts acquisitions and releases of the upstream and of every call, in order. */
class Ledger {
  readonly events: string[] = [];
  readonly faults: Fault[] = [];
  readonly counts = new Map<string, { acquired: number; released: number }>();
  open = 0;
  acquire(name: string): void {
    this.open++;
    const c = this.counts.get(name) ?? { acquired: 0, released: 0 };
    c.acquired++;
    this.counts.set(name, c);
    this.events.push(`acquire ${name}`);
  }
  release(name: string): void {
    this.open--;
    const c = this.counts.get(name) ?? { acquired: 0, released: 0 };
    c.released++;
    this.counts.set(name, c);
    this.events.push(`release ${name}`);
  }
  fault(where: string): Fault {
    const fault = new Fault('thrown', where);
    this.faults.push(fault);
    this.events.push(`fault ${where}`);
    return fault;
  }
  calls(): number {
    return this.events.filter((e) => e.startsWith('acquire call')).length;
  }
}

function pause(delay: number, signal: AbortSignal): Promise<unknown> {
  if (delay === 0) return Promise.resolve();
  if (delay === 1) return tick(undefined, { signal });
  return sleep(delay - 1, undefined, { signal });
}

interface Case {
  readonly items: readonly { readonly isErr: boolean; readonly delay: number }[];
  readonly upstreamFailAt: number | undefined;
  readonly callFailsAt: number | undefined;
  readonly concurrency: number;
  readonly ordered: boolean;
}

function upstream(spec: Case, ledger: Ledger): AsyncGen<number, string> {
  return Async.fromResultProducer(async function* (signal) {
    ledger.acquire('upstream');
    try {
      for (const [i, item] of spec.items.entries()) {
        await pause(1, signal);
        if (i === spec.upstreamFailAt) throw ledger.fault(`upstream ${i}`);
        yield item.isErr ? err<string, number>(`E${i}`) : ok<number, string>(i);
      }
    } finally {
      ledger.release('upstream');
    }
  });
}

function call(spec: Case, ledger: Ledger) {
  return async (value: number, { signal, index }: MapAsyncContext): Promise<number> => {
    ledger.acquire(`call ${index}`);
    try {
      await pause((spec.items[index] as { delay: number }).delay, signal);
      if (index === spec.callFailsAt) throw ledger.fault(`call ${index}`);
      return value * 10;
    } finally {
      ledger.release(`call ${index}`);
    }
  };
}

type Exit = { readonly kind: 'drain' } | { readonly kind: 'break' | 'throw' | 'abortIdle' | 'abortPending'; readonly after: number };

const arbDelay = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constantFrom(2, 3) });
const arbCase: fc.Arbitrary<Case> = fc.record({
  items: fc.array(fc.record({ isErr: fc.nat(4).map((n) => n === 0), delay: arbDelay }), { maxLength: 10 }),
  upstreamFailAt: fc.option(fc.nat(10), { freq: 5, nil: undefined }),
  callFailsAt: fc.option(fc.nat(10), { freq: 3, nil: undefined }),
  concurrency: fc.integer({ min: 1, max: 4 }),
  ordered: fc.boolean(),
});
const arbExit: fc.Arbitrary<Exit> = fc.oneof(
  fc.constant({ kind: 'drain' as const }),
  fc.record({ kind: fc.constantFrom('break' as const, 'throw' as const, 'abortIdle' as const, 'abortPending' as const), after: fc.nat(6) }),
);

test('every exit path settles every call and releases the upstream once, before the exit completes', async () => {
  await fc.assert(
    fc.asyncProperty(arbCase, arbExit, async (spec, exit) => {
      const ledger = new Ledger();
      const consumerError = new Error('consumer');
      const abortReason = new Error('abort');
      const gen = pipe(upstream(spec, ledger), mapAsync(call(spec, ledger), { concurrency: spec.concurrency, ordered: spec.ordered }));
      const controller = new AbortController();
      const items: Result<number, string>[] = [];
      const actAt = exit.kind === 'drain' ? Infinity : exit.after + (exit.kind === 'abortPending' ? 0 : 1);
      let acted = false;
      let thrown: unknown[] = [];
      try {
        const run = gen.iterate({ signal: controller.signal });
        for (;;) {
          const pull = run.next();
          if (exit.kind === 'abortPending' && items.length === actAt && !acted) {
            acted = true;
            controller.abort(abortReason);
          }
          const step = await pull;
          if (step.done === true) break;
          items.push(step.value);
          if (exit.kind === 'drain' || exit.kind === 'abortPending' || items.length !== actAt) continue;
          acted = true;
          if (exit.kind === 'abortIdle') {
            controller.abort(abortReason); // between pulls: the next pull must reject with the reason
            continue;
          }
          if (exit.kind === 'throw') {
            await run.return().catch(() => {}); // what for-await does when its body throws
            throw consumerError;
          }
          await run.return();
          break;
        }
      } catch (e) {
        thrown = errorsIn(e);
      }
      assert.equal(ledger.open, 0, 'a call or the upstream was still open when the exit completed');
      const eventsAtExit = ledger.events.length;
      for (let i = 0; i < 3; i++) await tick();
      assert.equal(ledger.events.length, eventsAtExit, 'something ran after the exit completed');
      for (const [name, c] of ledger.counts) assert.deepEqual(c, { acquired: 1, released: 1 }, name);
      for (const e of thrown) assert.ok(e instanceof Fault || e === consumerError || e === abortReason, `unexpected error: ${String(e)}`);
      if (exit.kind === 'throw' && acted) return;
      if (ledger.faults.length > 0 && (exit.kind === 'drain' || !acted)) {
        assert.ok(thrown.some((e) => ledger.faults.includes(e as Fault)), 'the failure was swallowed');
        const firstFault = ledger.events.findIndex((e) => e.startsWith('fault'));
        const startedAfter = ledger.events.slice(firstFault + 1).filter((e) => e.startsWith('acquire call')).length;
        assert.ok(startedAfter <= 1, `${startedAfter} calls started after the failure`);
      }
      if (ledger.faults.length === 0 && exit.kind === 'drain') {
        assert.deepEqual(
          items.map((r) => (r.ok ? r.value : r.error)).sort(),
          spec.items.map((it, i) => (it.isErr ? `E${i}` : i * 10)).sort(),
        );
      }
      if (ledger.faults.length === 0 && acted && (exit.kind === 'abortIdle' || exit.kind === 'abortPending') && items.length < spec.items.length) {
        assert.ok(thrown.includes(abortReason), 'an abort of a live run rejects with its reason');
      }
    }),
    { numRuns: 150, includeErrorInReport: true },
  );
});

/** A mapper whose calls block in a 60 s timer (only their signal releases them), except `failing`, which rejects. */
function blockingCalls(ledger: Ledger, failing: number | undefined) {
  return async (x: number, { signal }: MapAsyncContext): Promise<number> => {
    ledger.acquire(`call ${x}`);
    try {
      await tick();
      if (x === failing) throw ledger.fault(`call ${x}`);
      await sleep(60_000, undefined, { signal });
      return x;
    } finally {
      ledger.release(`call ${x}`);
    }
  };
}

/** An endless upstream that records its release. */
function endless(ledger: Ledger): AsyncGen<number, never> {
  return Async.fromProducer(function* () {
    ledger.acquire('upstream');
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      ledger.release('upstream');
    }
  });
}

for (const ordered of [true, false]) {
  const mode = ordered ? 'ordered' : 'unordered';

  test(`${mode}: a failing call stops everything at once, even between pulls, and no new call starts`, { timeout: 20_000 }, async () => {
    const ledger = new Ledger();
    const run = pipe(endless(ledger), mapAsync(blockingCalls(ledger, 0), { concurrency: 3, ordered }))[Symbol.asyncIterator]();
    const pull = run.next();
    await assert.rejects(pull, (e) => e === ledger.faults[0]);
    assert.equal(ledger.open, 0, 'the calls in flight and the upstream are released before the pull rejects');
    assert.equal(ledger.calls(), 3);
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(ledger.calls(), 3, 'a call started after the failure');
    assert.deepEqual(await run.next(), { done: true, value: undefined });
  });

  test(`${mode}: when every call fails, only the first ones ever start and no rejection is left unhandled`, { timeout: 20_000 }, async () => {
    const ledger = new Ledger();
    const failing = async (x: number): Promise<number> => {
      ledger.acquire(`call ${x}`);
      try {
        await tick();
        throw ledger.fault(`call ${x}`);
      } finally {
        ledger.release(`call ${x}`);
      }
    };
    await assert.rejects(pipe(endless(ledger), mapAsync(failing, { concurrency: 4, ordered }), Async.drain()), (e: unknown) => {
      assert.equal(errorsIn(e).at(-1), ledger.faults[0], 'the first failure is the original error');
      return true;
    });
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(ledger.calls(), 4);
    assert.equal(ledger.open, 0);
  });

  test(`${mode}: a break while calls are blocked settles them and releases the upstream before it completes`, { timeout: 20_000 }, async () => {
    const ledger = new Ledger();
    for await (const r of pipe(Async.of(0, 1, 2, 3), mapAsync(async (x: number, ctx: MapAsyncContext) => (x === 0 ? x : blockingCalls(ledger, undefined)(x, ctx)), { concurrency: 3, ordered }))) {
      assert.deepEqual(r, ok(0));
      break;
    }
    assert.ok(ledger.calls() >= 1, 'a call was blocked when the consumer broke out');
    assert.equal(ledger.open, 0, 'the blocked calls settled before the break completed');
  });

  test(`${mode}: an external abort reaches every call's signal with its reason and releases everything first`, { timeout: 20_000 }, async () => {
    const ledger = new Ledger();
    const controller = new AbortController();
    const reason = new Error('deadline');
    const reasons: unknown[] = [];
    const f = async (x: number, ctx: MapAsyncContext): Promise<number> => {
      ctx.signal.addEventListener('abort', () => reasons.push(ctx.signal.reason), { once: true });
      return blockingCalls(ledger, undefined)(x, ctx);
    };
    const run = pipe(endless(ledger), mapAsync(f, { concurrency: 2, ordered })).iterate({ signal: controller.signal });
    const pull = run.next();
    for (let i = 0; i < 3; i++) await tick();
    controller.abort(reason);
    await assert.rejects(pull, (e) => e === reason);
    assert.equal(ledger.open, 0);
    assert.deepEqual(reasons, [reason, reason]);
  });

  test(`${mode}: a call failure stops an upstream blocked in a long timer before the pull rejects`, { timeout: 20_000 }, async () => {
    const ledger = new Ledger();
    const blockedUpstream = Async.fromProducer(async function* (signal) {
      ledger.acquire('upstream');
      try {
        yield 0;
        await sleep(60_000, undefined, { signal });
        yield 1;
      } finally {
        ledger.release('upstream');
      }
    });
    const failing = async (_x: number): Promise<never> => {
      await tick();
      throw ledger.fault('call 0');
    };
    const op = ordered ? mapAsync(failing, { concurrency: 2 }) : mapAsyncUnordered(failing, { concurrency: 2 });
    await assert.rejects(pipe(blockedUpstream, op, Async.toArray()), (e) => e === ledger.faults[0]);
    assert.deepEqual(ledger.events, ['acquire upstream', 'fault call 0', 'release upstream']);
  });
}
