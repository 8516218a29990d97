import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromProducer, fromResultProducer } from '../../src/async/from-producer.js';
import { toArray } from '../../src/async/to-array.js';
import { Err, Ok, ok } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

test('the producer is called on the first pull of each run, once, with that run signal', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { maxLength: 6 }), fc.constantFrom('async generator', 'generator', 'array'), async (xs, kind) => {
      const signals: AbortSignal[] = [];
      const gen = fromProducer((signal) => {
        signals.push(signal);
        if (kind === 'array') return xs;
        if (kind === 'generator') return (function* () { yield* xs; })();
        return (async function* () { yield* xs; })();
      });
      const run = gen[Symbol.asyncIterator]();
      assert.equal(signals.length, 0);
      await run.return();
      const expected = xs.map((x) => ok(x));
      assert.deepEqual(await toArray()(gen), expected);
      assert.deepEqual(await toArray()(gen), expected);
      assert.equal(signals.length, 2);
      assert.notEqual(signals[0], signals[1]);
      assert.ok(signals.every((s) => s instanceof AbortSignal && !s.aborted), 'a run that ran out never aborts its signal');
    }),
    { numRuns: 60, includeErrorInReport: true },
  );
});

test('a producer that throws, or returns something that is not iterable, fails the pull', async () => {
  const boom = new Error('cannot start');
  await assert.rejects(
    toArray()(
      fromProducer(() => {
        throw boom;
      }),
    ),
    (e: unknown) => e === boom,
  );
  const notIterable = fromProducer((() => 42) as unknown as () => number[]);
  await assert.rejects(toArray()(notIterable), (e: unknown) => e instanceof TypeError && /the producer returned number 42/.test(e.message));
});

test('fromResultProducer passes the Results it yields as they are', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), async (items) => {
      const gen = fromResultProducer(async function* () {
        yield* items;
      });
      assert.deepEqual(await toArray()(gen), items);
    }),
    { numRuns: 60, includeErrorInReport: true },
  );
});

test('fromResultProducer fails the run on a yielded value that is not a Result, naming its position', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 4 }), fc.anything().filter((v) => !(v instanceof Ok || v instanceof Err)), async (items, bad) => {
      const gen = fromResultProducer(async function* () {
        yield* items;
        yield bad as never;
      });
      const got: unknown[] = [];
      await assert.rejects(
        (async () => {
          for await (const item of gen) got.push(item);
        })(),
        (e: unknown) => e instanceof TypeError && e.message.includes(`fromResultProducer: expected item ${items.length} to be a Result`),
      );
      assert.deepEqual(got, items);
    }),
    { numRuns: 60, includeErrorInReport: true },
  );
});
