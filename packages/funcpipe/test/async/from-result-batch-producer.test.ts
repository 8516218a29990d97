import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromResultBatchProducer } from '../../src/async/from-result-batch-producer.js';
import { map } from '../../src/async/map.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { pipe } from '../../src/pipe.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

type Item = Result<number, unknown>;

/** A producer over `batches` that records every batch it is asked for and its release. */
function recorded(batches: readonly Item[][]) {
  const events: string[] = [];
  const gen = fromResultBatchProducer<number, unknown>(async function* (signal) {
    events.push('start');
    try {
      for (const [i, batch] of batches.entries()) {
        events.push(`batch ${i}`);
        yield batch;
      }
    } finally {
      events.push(signal.aborted ? 'released (aborted)' : 'released');
    }
  });
  return { gen, events };
}

test('the items of every batch, in order, empty batches skipped, on every run (folded and with for await)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(arbItem, { maxLength: 5 }), { maxLength: 5 }), async (batches) => {
      const { gen, events } = recorded(batches);
      const expected = batches.flat();
      assert.deepEqual(await toArray()(gen), expected);
      const seen: Item[] = [];
      for await (const item of gen) seen.push(item as Item);
      assert.deepEqual(seen, expected);
      assert.equal(events.filter((e) => e === 'released').length, 2);
    }),
    { numRuns: 80, includeErrorInReport: true },
  );
});

test('laziness: the next batch is asked for only once every item of the one at hand was pulled, and stages see one item per pull', async () => {
  const { gen, events } = recorded([[ok(1), ok(2)], [ok(3)]]);
  const mapped: number[] = [];
  const run = pipe(
    gen,
    map((x: number) => {
      mapped.push(x);
      return x;
    }),
  )[Symbol.asyncIterator]();
  assert.deepEqual(events, []);
  assert.deepEqual(await run.next(), { done: false, value: ok(1) });
  assert.deepEqual(mapped, [1], 'the second item of the batch waits for its pull');
  assert.deepEqual(events, ['start', 'batch 0']);
  assert.deepEqual(await run.next(), { done: false, value: ok(2) });
  assert.deepEqual(events, ['start', 'batch 0']);
  assert.deepEqual(await run.next(), { done: false, value: ok(3) });
  assert.deepEqual(events, ['start', 'batch 0', 'batch 1']);
  assert.deepEqual(await run.next(), { done: true, value: undefined });
  assert.deepEqual(events, ['start', 'batch 0', 'batch 1', 'released']);
});

test('an early stop inside a batch aborts the signal and closes the producer once', async () => {
  const { gen, events } = recorded([[ok(1), ok(2), ok(3)], [ok(4)]]);
  for await (const item of gen) {
    assert.deepEqual(item, ok(1));
    break;
  }
  assert.deepEqual(events, ['start', 'batch 0', 'released (aborted)']);
  const taken = recorded([[ok(1), ok(2), ok(3)], [ok(4)]]);
  assert.deepEqual(await toArray()(pipe(taken.gen, take(2))), [ok(1), ok(2)]);
  assert.deepEqual(taken.events, ['start', 'batch 0', 'released (aborted)']);
});

test('a batch that is not an array, or an item that is not a Result, fails the run after the items before it', async () => {
  const notArray = fromResultBatchProducer(async function* () {
    yield [ok(1)];
    yield 'oops' as unknown as Item[];
  });
  const seen: unknown[] = [];
  await assert.rejects(
    (async () => {
      for await (const item of notArray) seen.push(item);
    })(),
    (e: unknown) => e instanceof TypeError && /fromResultBatchProducer: expected batch 1 to be an array of Result items, got the string "oops"/.test(e.message),
  );
  assert.deepEqual(seen, [ok(1)]);
  const badItem = fromResultBatchProducer(async function* () {
    yield [ok(1), err('e'), 7 as unknown as Item];
  });
  const before: unknown[] = [];
  await assert.rejects(
    (async () => {
      for await (const item of badItem) before.push(item);
    })(),
    (e: unknown) => e instanceof TypeError && /fromResultBatchProducer: expected item 2 to be a Result/.test(e.message),
  );
  assert.deepEqual(before, [ok(1), err('e')], 'the items before the bad one are all delivered');
});

test('a producer that returns the same iterator on every run is refused on the second run', async () => {
  const shared = (function* () {
    yield [ok(1)];
  })();
  const gen = fromResultBatchProducer(() => shared);
  assert.deepEqual(await toArray()(gen), [ok(1)]);
  await assert.rejects(toArray()(gen), /fromResultBatchProducer: this iterator .*a producer that creates a new iterable on each call/);
  assert.throws(() => fromResultBatchProducer(42 as never), TypeError);
});
