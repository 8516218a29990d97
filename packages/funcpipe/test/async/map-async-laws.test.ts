// The laws of the bounded parallel map over random streams (Ok and Err items) with random
// per-call delays (a resolved promise, a macrotask, or a real 1-2 ms timer): ordered equals the
// sequential map; unordered gives the same multiset; at most `concurrency` calls are ever in
// flight; the upstream never runs more than `concurrency` items ahead of the consumer.
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
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const params = { numRuns: 60, includeErrorInReport: true };

/** 0: a resolved promise; 1: a macrotask; 2, 3: a real timer of 1 or 2 ms. All honour `signal`. */
function pause(delay: number, signal?: AbortSignal): Promise<unknown> {
  if (delay === 0) return Promise.resolve();
  if (delay === 1) return tick(undefined, { signal });
  return sleep(delay - 1, undefined, { signal });
}

interface Item {
  readonly result: Result<number, string>;
  /** How long the call on this item takes. */
  readonly delay: number;
}

const arbDelay = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constantFrom(2, 3) });
const arbItem: fc.Arbitrary<Item> = fc.record({
  result: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -50, max: 50 }).map((n) => ok<number, string>(n)) },
    { weight: 1, arbitrary: fc.nat(9).map((n) => err<string, number>(`E${n}`)) },
  ),
  delay: arbDelay,
});
const arbItems = fc.array(arbItem, { maxLength: 12 });
const arbConcurrency = fc.integer({ min: 1, max: 5 });

/** The upstream: the items' results, counting how many were pulled. */
function source(items: readonly Item[], pulled = { count: 0 }): AsyncGen<number, string> {
  return Async.fromResultProducer(async function* () {
    for (const item of items) {
      await tick();
      pulled.count++;
      yield item.result;
    }
  });
}

/** The mapper under test: waits for the item's delay, then combines value and index. */
function mapper(items: readonly Item[], probe = { inFlight: 0, max: 0 }) {
  return async (value: number, { signal, index }: MapAsyncContext): Promise<string> => {
    probe.inFlight++;
    probe.max = Math.max(probe.max, probe.inFlight);
    try {
      await pause((items[index] as Item).delay, signal);
      return `${value}@${index}`;
    } finally {
      probe.inFlight--;
    }
  };
}

const label = (r: Result<string, string>): string => (r.ok ? r.value : `!${r.error}`);

test('ordered mapAsync equals the sequential map', async () => {
  await fc.assert(
    fc.asyncProperty(arbItems, arbConcurrency, async (items, concurrency) => {
      const f = mapper(items);
      const sequential: Result<string, string>[] = [];
      let index = 0;
      const signal = new AbortController().signal;
      for await (const r of source(items)) sequential.push(r.ok ? ok(await f(r.value, { signal, index: index++ })) : (index++, err(r.error)));
      const parallel = await pipe(source(items), mapAsync(f, { concurrency }), Async.toArray());
      assert.deepEqual(parallel, sequential);
    }),
    params,
  );
});

test('unordered mapAsync gives the same items as the sequential map, in any order', async () => {
  await fc.assert(
    fc.asyncProperty(arbItems, arbConcurrency, fc.boolean(), async (items, concurrency, viaOption) => {
      const f = mapper(items);
      const op = viaOption ? mapAsync(f, { concurrency, ordered: false }) : mapAsyncUnordered(f, { concurrency });
      const out = (await pipe(source(items), op, Async.toArray())).map(label).sort();
      const want = items.map((it, i) => (it.result.ok ? `${it.result.value}@${i}` : `!${it.result.error}`)).sort();
      assert.deepEqual(out, want);
    }),
    params,
  );
});

test('at most `concurrency` calls are ever in flight', async () => {
  await fc.assert(
    fc.asyncProperty(arbItems, arbConcurrency, fc.boolean(), async (items, concurrency, ordered) => {
      const probe = { inFlight: 0, max: 0 };
      await pipe(source(items), mapAsync(mapper(items, probe), { concurrency, ordered }), Async.drain());
      assert.ok(probe.max <= concurrency, `${probe.max} calls in flight with concurrency ${concurrency}`);
      assert.equal(probe.inFlight, 0);
    }),
    params,
  );
});

test('the upstream never runs more than `concurrency` items ahead of the consumer, however slow it is', async () => {
  await fc.assert(
    fc.asyncProperty(arbItems, arbConcurrency, fc.boolean(), fc.array(arbDelay, { minLength: 1, maxLength: 6 }), async (items, concurrency, ordered, consumerDelays) => {
      const pulled = { count: 0 };
      let received = 0;
      for await (const r of pipe(source(items, pulled), mapAsync(mapper(items), { concurrency, ordered }))) {
        assert.ok(r.ok || r.error.startsWith('E'));
        received++;
        await pause(consumerDelays[received % consumerDelays.length] as number);
        assert.ok(pulled.count - received <= concurrency, `the upstream ran ${pulled.count - received} items ahead`);
      }
      assert.equal(received, items.length);
    }),
    params,
  );
});

test('with calls slower than the upstream, the window does fill up to `concurrency`', async () => {
  const items: Item[] = Array.from({ length: 20 }, (_, i) => ({ result: ok(i), delay: 3 }));
  for (const ordered of [true, false]) {
    const probe = { inFlight: 0, max: 0 };
    const fast = Async.fromIterable(items.map((it) => (it.result.ok ? it.result.value : 0)));
    await pipe(fast, mapAsync(mapper(items, probe), { concurrency: 4, ordered }), Async.drain());
    assert.equal(probe.max, 4);
  }
});
