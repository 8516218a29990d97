import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { fromIterable, of } from '../../src/async/from-iterable.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { fromResults } from '../../src/async/from-results.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();
type Kind = 'array' | 'set' | 'iterable' | 'async iterable';

/** A replayable iterable of `xs`, and a log of what was done to its iterators. */
function source(kind: Kind, xs: readonly number[], log: string[]): Iterable<number> | AsyncIterable<number> {
  if (kind === 'array') return xs;
  if (kind === 'set') return new Set(xs);
  if (kind === 'iterable') {
    return {
      [Symbol.iterator]() {
        log.push('open');
        let i = 0;
        return {
          next: () => (i < xs.length ? { done: false, value: xs[i++] as number } : { done: true, value: undefined }),
          return: () => (log.push('return'), { done: true, value: undefined }),
        };
      },
    };
  }
  return {
    [Symbol.asyncIterator]() {
      log.push('open');
      let i = 0;
      return {
        next: async () => (i < xs.length ? { done: false, value: xs[i++] as number } : { done: true, value: undefined }),
        return: async () => (log.push('return'), { done: true, value: undefined }),
      };
    },
  };
}
const arbKind = fc.constantFrom<Kind>('array', 'set', 'iterable', 'async iterable');

test('fromIterable streams the values of arrays, sets and (async) iterables as Ok items, and replays them', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(fc.integer()), arbKind, async (xs, kind) => {
      const gen = fromIterable(source(kind, xs, []));
      const expected = xs.map((x) => ok(x));
      assert.deepEqual(await toArray()(gen), expected);
      assert.deepEqual(await toArray()(gen), expected);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('the iterator is opened on the first pull; return() is called on an early stop only', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { maxLength: 6 }), fc.constantFrom<Kind>('iterable', 'async iterable'), fc.nat(7), async (xs, kind, n) => {
      const log: string[] = [];
      const gen = pipe(fromIterable(source(kind, xs, log)), take(n));
      const run = gen[Symbol.asyncIterator]();
      assert.deepEqual(log, []);
      await toArray()(gen);
      await run.return();
      assert.deepEqual(log, n === 0 ? [] : n <= xs.length ? ['open', 'return'] : ['open']);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('a generator object is one-shot: a second run fails loudly, pointing to the factory form', async () => {
  const refused = /fromIterable: this iterator \(a generator object, or any iterator\) was already consumed by an earlier run.*Async\.fromProducer/;
  const gen = fromIterable((function* () { yield 1; yield 2; })());
  assert.deepEqual(await toArray()(gen), [ok(1), ok(2)]);
  await assert.rejects(toArray()(gen), refused);
  // the same for an async generator, for one stopped early, and for any description over the same object
  const asyncGenerator = (async function* () { yield 1; yield 2; })();
  const once = fromIterable(asyncGenerator);
  for await (const item of once) {
    assert.deepEqual(item, ok(1));
    break;
  }
  await assert.rejects(toArray()(once), refused);
  await assert.rejects(toArray()(fromIterable(asyncGenerator)), refused);
  const iterator = [1, 2][Symbol.iterator]();
  assert.deepEqual(await toArray()(fromIterable(iterator)), [ok(1), ok(2)]);
  await assert.rejects(toArray()(fromIterable(iterator)), refused);
  // fromResults and fromProducer alike; replayable inputs stay replayable
  const results = fromResults((function* () { yield ok(1); })());
  await toArray()(results);
  await assert.rejects(toArray()(results), /fromResults: this iterator .*Async\.fromResultProducer/);
  const shared = (function* () { yield 1; })();
  const sameEachRun = fromProducer(() => shared);
  await toArray()(sameEachRun);
  await assert.rejects(toArray()(sameEachRun), /fromProducer: this iterator .*a producer that creates a new iterable on each call/);
  // a generator object frozen before its first run, or between its runs, is refused all the same
  const frozenFirst = Object.freeze((async function* () { yield 1; })());
  const claimedThenFrozen = (async function* () { yield 1; })();
  for (const [generator, freezeAfterFirstRun] of [[frozenFirst, false], [claimedThenFrozen, true]] as const) {
    const gen = fromProducer(() => generator);
    assert.deepEqual(await toArray()(gen), [ok(1)]);
    if (freezeAfterFirstRun) Object.freeze(generator);
    await assert.rejects(toArray()(gen), /fromProducer: this iterator .*a producer that creates a new iterable on each call/);
  }
  for (const replayable of [fromIterable([1, 2]), fromIterable(new Set([1, 2])), fromProducer(function* () { yield 1; yield 2; })]) {
    assert.deepEqual(await toArray()(replayable), await toArray()(replayable));
  }
});

test('a Node Readable or a Web ReadableStream read through fromIterable is one-shot too', async () => {
  const readable = Readable.from(['a', 'b']);
  const gen = fromIterable(readable);
  assert.deepEqual(await toArray()(gen), [ok('a'), ok('b')]);
  await assert.rejects(toArray()(gen), /fromIterable: this Readable was already consumed/);
  const web = fromIterable(new ReadableStream({ start: (c) => (c.enqueue('x'), c.close()) }) as unknown as AsyncIterable<string>);
  assert.deepEqual(await toArray()(web), [ok('x')]);
  await assert.rejects(toArray()(web), /fromIterable: this ReadableStream was already consumed/);
});

test('of(...values) streams its arguments', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.anything()), async (xs) => {
      assert.deepEqual(await toArray()(of(...xs)), xs.map((x) => ok(x)));
    }),
    { numRuns: 50, includeErrorInReport: true },
  );
});
