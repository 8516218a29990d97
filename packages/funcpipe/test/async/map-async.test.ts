// mapAsync and mapAsyncUnordered by example: order, Err items at their position, the index and
// signal given to `f`, laziness, backpressure (a slow `f` or a slow consumer stops the upstream),
// failure, argument checks and inferred types. Laws over random delays are in
// map-async-laws.test.ts; exit paths and cancellation in
// test/resource-safety/async-concurrency-map-async.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import { expectTypeOf } from 'expect-type';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { mapAsync, type MapAsyncContext } from '../../src/async/map-async.js';
import { mapAsyncUnordered } from '../../src/async/map-async-unordered.js';
import { pipe } from '../../src/pipe.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const values = <T, E>(items: Result<T, E>[]): unknown[] => items.map((r) => (r.ok ? r.value : { err: r.error }));

/** A promise the test settles by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** An upstream of 0..n-1 that counts how many items were pulled from it. */
function counting(n: number, pulled: { count: number }): AsyncGen<number, never> {
  return Async.fromProducer(function* () {
    for (let i = 0; i < n; i++) {
      pulled.count++;
      yield i;
    }
  });
}

/** Waits for `promise`, or rejects with the reason once `signal` aborts (as real I/O does). */
function until(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await tick();
}

test('ordered: results come in input order although later calls finish first', async () => {
  const out = await pipe(
    Async.of(30, 0, 20, 10),
    mapAsync(async (ms: number) => {
      await sleep(ms);
      return `${ms}ms`;
    }, { concurrency: 4 }),
    Async.toArray(),
  );
  assert.deepEqual(values(out), ['30ms', '0ms', '20ms', '10ms']);
});

test('unordered, and ordered: false, emit in completion order', async () => {
  const afterTurns = async (turns: number) => {
    await settle(turns); // event-loop turns: the call with fewer turns completes first
    return turns;
  };
  for (const op of [mapAsyncUnordered(afterTurns, { concurrency: 3 }), mapAsync(afterTurns, { concurrency: 3, ordered: false })]) {
    assert.deepEqual(values(await pipe(Async.of(4, 1, 2), op, Async.toArray())), [1, 2, 4]);
  }
});

test('Err items pass through without calling f: at their position when ordered, at once when unordered', async () => {
  const bad = errInfo('BAD', 'bad');
  const source = Async.fromResults([ok(1), err(bad), ok(2)]);
  const calls: number[] = [];
  const f = async (x: number, { index }: MapAsyncContext) => {
    calls.push(x);
    await sleep(5);
    return `${x}@${index}`;
  };
  assert.deepEqual(values(await pipe(source, mapAsync(f, { concurrency: 2 }), Async.toArray())), ['1@0', { err: bad }, '2@2']);
  assert.deepEqual(values(await pipe(source, mapAsyncUnordered(f, { concurrency: 2 }), Async.toArray())), [{ err: bad }, '1@0', '2@2']);
  assert.deepEqual(calls, [1, 2, 1, 2]);
});

test('f may return a plain value; a synchronous throw fails the run like a rejection', async () => {
  assert.deepEqual(values(await pipe(Async.of(1, 2), mapAsync((x: number) => x + 1, { concurrency: 2 }), Async.toArray())), [2, 3]);
  const boom = new Error('sync throw');
  await assert.rejects(
    pipe(Async.of(1, 2), mapAsyncUnordered((x: number) => {
      if (x === 2) throw boom;
      return x;
    }, { concurrency: 1 }), Async.toArray()),
    (e) => e === boom,
  );
});

test('f gets a signal of its own, live while the run goes on, aborted for the calls in flight when it stops', async () => {
  const signals: AbortSignal[] = [];
  const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
  const gen = pipe(
    Async.of(0, 1, 2),
    mapAsync(async (x: number, { signal }: MapAsyncContext) => {
      signals.push(signal);
      if (x > 0) await until((gates[x] as { promise: Promise<void> }).promise, signal).catch(() => {});
      return x;
    }, { concurrency: 3 }),
  );
  for await (const r of gen) {
    assert.ok(signals.every((s) => !s.aborted));
    assert.equal(new Set(signals).size, signals.length, 'one signal per call');
    if (r.ok && r.value === 0) break;
  }
  assert.ok(signals.length >= 2);
  assert.deepEqual(signals.map((s) => s.aborted), [false, ...signals.slice(1).map(() => true)], 'the calls still in flight are aborted, the settled one is left alone');
  signals.length = 0;
  for (const gate of gates) gate.resolve();
  await pipe(gen, Async.drain());
  assert.ok(signals.length === 3 && signals.every((s) => !s.aborted), 'a run that ends normally is not aborted');
});

test('onAbort: told at the moments signal aborts (a stop, a failure at an earlier position), never after the call settled', async () => {
  const boom = new Error('call failed');
  const told: string[] = [];
  const gates = [deferred<void>(), deferred<void>(), deferred<void>(), deferred<void>()];
  const run = pipe(
    Async.of(0, 1, 2, 3),
    mapAsync(async (x: number, { onAbort }: MapAsyncContext) => {
      const remove = onAbort?.((reason) => told.push(`${x}: ${reason === boom ? 'boom' : (reason as Error).name}`));
      if (x === 3) remove?.(); // removed: never told
      if (x === 1) {
        await tick();
        throw boom;
      }
      // Settles when its gate opens, or rejects when it is aborted (as real I/O does).
      await new Promise<void>((resolve, reject) => {
        void (gates[x] as { promise: Promise<void> }).promise.then(resolve);
        onAbort?.(reject);
      });
      return x;
    }, { concurrency: 4 }),
  ).iterate();
  const first = run.next();
  await settle();
  assert.deepEqual(told, ['2: boom'], 'the call after the failing one is told at once, the one before it is not');
  (gates[0] as { resolve: () => void }).resolve();
  assert.deepEqual(await first, { done: false, value: ok(0) });
  await assert.rejects(run.next(), (e) => e === boom);
  assert.deepEqual(told, ['2: boom'], 'a settled call is never told; a removed listener is not');

  told.length = 0;
  let late: ((listener: (reason: unknown) => void) => () => void) | undefined;
  const atOnce: unknown[] = [];
  const stopped = pipe(
    Async.of(0, 1),
    mapAsync(async (x: number, { onAbort, signal }: MapAsyncContext) => {
      late = onAbort;
      onAbort?.((reason) => {
        told.push(`${x}: ${(reason as Error).name}, signal ${signal.aborted ? 'aborted' : 'live'}`);
        onAbort((again) => atOnce.push(again)); // aborted, not settled yet: told at once
      });
      if (x === 1) await new Promise((_, reject) => onAbort?.(reject));
      return x;
    }, { concurrency: 2 }),
  );
  for await (const r of stopped) if (r.ok) break;
  assert.deepEqual(told, ['1: AbortError, signal aborted'], 'a stop tells the call in flight, its signal aborted first');
  assert.equal(atOnce.length, 1, 'a listener added once the call is aborted is told at once');
  late?.((reason) => atOnce.push(reason));
  assert.equal(atOnce.length, 1, 'one added after the call settled is never told');
});

test('building and iterating call nothing; the first pull fills the window, no further', async () => {
  for (const op of [mapAsync, mapAsyncUnordered]) {
    const pulled = { count: 0 };
    let calls = 0;
    const gates = Array.from({ length: 10 }, () => deferred<void>());
    const gen = pipe(counting(10, pulled), op(async (x: number, { signal }: MapAsyncContext) => {
      calls++;
      await until((gates[x] as { promise: Promise<void> }).promise, signal);
      return x;
    }, { concurrency: 3 }));
    const run = gen[Symbol.asyncIterator]();
    await settle();
    assert.deepEqual([pulled.count, calls], [0, 0]);
    const first = run.next();
    await settle();
    assert.deepEqual([pulled.count, calls], [3, 3], 'a slow f stops the upstream once `concurrency` calls are in flight');
    gates[0]?.resolve();
    assert.deepEqual((await first).value, ok(0));
    await settle();
    assert.deepEqual([pulled.count, calls], [4, 4], 'one emitted result makes room for one more item');
    await run.return();
  }
});

test('a slow consumer stops the upstream too: completed results count against the bound', async () => {
  for (const op of [mapAsync, mapAsyncUnordered]) {
    const pulled = { count: 0 };
    const run = pipe(counting(100, pulled), op(async (x: number) => x, { concurrency: 4 }))[Symbol.asyncIterator]();
    await run.next();
    await settle();
    assert.equal(pulled.count, 1 + 4);
    await run.next();
    await settle();
    assert.equal(pulled.count, 2 + 4);
    await run.return();
  }
});

test('ordered: a slow head holds the window; the others wait, completed, in order', async () => {
  const pulled = { count: 0 };
  const head = deferred<void>();
  const run = pipe(counting(10, pulled), mapAsync(async (x: number, { signal }: MapAsyncContext) => {
    if (x === 0) await until(head.promise, signal);
    return x;
  }, { concurrency: 3 }))[Symbol.asyncIterator]();
  const first = run.next();
  await settle();
  assert.equal(pulled.count, 3, 'items 1 and 2 completed but cannot pass item 0');
  head.resolve();
  assert.deepEqual(values([(await first).value as Result<number, never>, (await run.next()).value as Result<number, never>]), [0, 1]);
  await run.return();
});

test('a failing call fails the run as a sequential map would: earlier calls complete and are delivered, later ones are aborted', async () => {
  const boom = new Error('call failed');
  const events: string[] = [];
  const delivered: unknown[] = [];
  const gen = pipe(
    Async.of(0, 1, 2),
    mapAsync(async (x: number, { signal }: MapAsyncContext) => {
      if (x === 1) {
        await tick();
        throw boom;
      }
      try {
        await sleep(x === 0 ? 30 : 60_000, undefined, { signal });
      } finally {
        events.push(`call ${x} settled${signal.aborted ? ' (aborted)' : ''}`);
      }
      return x;
    }, { concurrency: 3 }),
  );
  await assert.rejects(
    (async () => {
      for await (const r of gen) delivered.push(r);
    })().finally(() => events.push('run rejected')),
    (e) => e === boom,
  );
  assert.deepEqual(delivered, [ok(0)]);
  assert.deepEqual(events, ['call 2 settled (aborted)', 'call 0 settled', 'run rejected']);
});

test('an upstream failure fails the run; calls in flight are aborted first', async () => {
  const boom = new Error('upstream failed');
  const events: string[] = [];
  const upstream = Async.fromProducer(async function* () {
    yield 1;
    await tick();
    throw boom;
  });
  await assert.rejects(
    pipe(upstream, mapAsyncUnordered(async (x: number, { signal }: MapAsyncContext) => {
      try {
        await sleep(60_000, undefined, { signal });
      } finally {
        events.push(`call ${x} settled`);
      }
    }, { concurrency: 2 }), Async.toArray()).finally(() => events.push('run rejected')),
    (e) => e === boom,
  );
  assert.deepEqual(events, ['call 1 settled', 'run rejected']);
});

test('mapAsync composes with take: the run stops, the upstream and the calls are released', async () => {
  let released = 0;
  const upstream = Async.fromProducer(function* () {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      released++;
    }
  });
  const out = await pipe(upstream, mapAsync(async (x: number) => x * 2, { concurrency: 4 }), Async.take(3), Async.toArray());
  assert.deepEqual(values(out), [0, 2, 4]);
  assert.equal(released, 1);
});

test('bad arguments are TypeErrors or RangeErrors naming the argument', () => {
  const f = async (x: number) => x;
  for (const [op, name] of [[mapAsync, 'mapAsync'], [mapAsyncUnordered, 'mapAsyncUnordered']] as const) {
    assert.throws(() => op(42 as never, { concurrency: 1 }), { name: 'TypeError', message: new RegExp(`^${name}: expected \`f\` to be a function, got number 42`) });
    assert.throws(() => op(f, undefined as never), { name: 'TypeError', message: new RegExp(`^${name}: expected \`options\` to be an object, got undefined`) });
    assert.throws(() => op(f, {} as never), { name: 'TypeError', message: /`options.concurrency` to be an integer >= 1 or Infinity, got undefined/ });
    assert.throws(() => op(f, { concurrency: 0 }), { name: 'RangeError', message: /`options.concurrency` to be an integer >= 1 or Infinity, got 0/ });
    assert.throws(() => op(f, { concurrency: -Infinity }), { name: 'TypeError', message: /got number -Infinity/ });
    assert.throws(() => op(f, { concurrency: Number.NaN }), { name: 'TypeError', message: /got number NaN/ });
    assert.throws(() => op(f, { concurrency: '4' as never }), { name: 'TypeError', message: /got the string "4"/ });
  }
  assert.throws(() => mapAsync(f, { concurrency: 2, ordered: 'yes' as never }), { name: 'TypeError', message: /mapAsync: expected `options.ordered` to be a boolean, got the string "yes"/ });
  assert.throws(() => mapAsyncUnordered(f, { concurrency: 2, ordered: true } as never), { name: 'TypeError', message: /mapAsyncUnordered: `options.ordered` is not an option here/ });
});

test('types: the item type comes from f, the error type from the upstream', () => {
  const gen = pipe(Async.fromResults<number, ErrInfo>([]), mapAsync(async (x: number) => String(x), { concurrency: 2 }));
  expectTypeOf(gen).toEqualTypeOf<AsyncGen<string, ErrInfo>>();
  const plain = pipe(Async.of(1), mapAsyncUnordered((x: number, { index }: MapAsyncContext) => x + index, { concurrency: 2 }));
  expectTypeOf(plain).toEqualTypeOf<AsyncGen<number, never>>();
  assert.ok(gen instanceof Object && plain instanceof Object);
});
