// gather: behaviour by example (order, Err items, failure, laziness, replay), argument checks and
// inferred types. The laws over random children are in test/laws/async-gather-*.test.ts; exit
// paths and cancellation in test/resource-safety/async-concurrency-gather.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import { expectTypeOf } from 'expect-type';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { DEFAULT_GATHER_BUFFER_SIZE, gather } from '../../src/async/gather.js';
import { pipe } from '../../src/pipe.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const values = <T, E>(items: Result<T, E>[]): unknown[] => items.map((r) => (r.ok ? r.value : { err: r.error }));

/** A producer child that counts its starts and its releases. */
function counted(items: readonly string[], counts: { started: number; released: number }, pause = 0): AsyncGen<string, never> {
  return Async.fromProducer(async function* (signal) {
    counts.started++;
    try {
      for (const item of items) {
        if (pause > 0) await sleep(pause, undefined, { signal });
        yield item;
      }
    } finally {
      counts.released++;
    }
  });
}

test('children that are all ready are served round-robin; each child keeps its order', async () => {
  const out = await pipe(gather([Async.of('a1', 'a2', 'a3'), Async.of('b1'), Async.of('c1', 'c2')]), Async.toArray());
  assert.deepEqual(values(out), ['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
});

test('children whose buffers are full are served one item each, in turn', async () => {
  const run = gather([Async.of('a0', 'a1', 'a2'), Async.of('b0', 'b1', 'b2'), Async.of('c0', 'c1')], { bufferSize: 3 })[Symbol.asyncIterator]();
  const seen = [(await run.next()).value];
  for (let i = 0; i < 5; i++) await tick(); // every child fills its buffer meanwhile
  for (let step = await run.next(); step.done !== true; step = await run.next()) seen.push(step.value);
  assert.deepEqual(values(seen as Result<string, never>[]), ['a0', 'b0', 'c0', 'a1', 'b1', 'c1', 'a2', 'b2']);
});

test('concurrency 1 is the concatenation, in the order of the list', async () => {
  const out = await pipe(gather([Async.of(1, 2), Async.of(3), Async.of(4, 5)], { concurrency: 1 }), Async.toArray());
  assert.deepEqual(values(out), [1, 2, 3, 4, 5]);
});

test('a slow child does not hold back a fast one', async () => {
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const slow = Async.fromProducer(async function* () {
    await gate; // opens only once the consumer has had every item of the fast child
    yield 'slow';
  });
  const fast = Async.fromProducer(async function* () {
    for (let i = 0; i < 3; i++) {
      await tick();
      yield `fast${i}`;
    }
  });
  const out: string[] = [];
  for await (const r of gather([slow, fast])) {
    if (r.ok) out.push(r.value);
    if (r.ok && r.value === 'fast2') openGate();
  }
  assert.deepEqual(out, ['fast0', 'fast1', 'fast2', 'slow']);
});

test('Err items flow through like any item, and the run goes on', async () => {
  const bad = errInfo('BAD', 'bad item');
  const out = await pipe(gather([Async.fromResults([ok(1), err(bad), ok(2)]), Async.of(10)]), Async.toArray());
  assert.deepEqual(values(out), [1, 10, { err: bad }, 2]);
});

test('an empty list, and empty children, give an empty stream', async () => {
  assert.deepEqual(await pipe(gather([]), Async.toArray()), []);
  assert.deepEqual(await pipe(gather([Async.of(), Async.fromIterable([])], { concurrency: 1 }), Async.toArray()), []);
});

test('a failing child fails the run; the siblings are released before the pull rejects', async () => {
  const boom = new Error('boom');
  const sibling = { started: 0, released: 0 };
  const failing = Async.fromProducer(async function* () {
    yield 'first';
    await tick();
    throw boom;
  });
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const r of gather([failing, counted(['x', 'y', 'z'], sibling, 60_000)])) if (r.ok) seen.push(r.value);
    })(),
    (e) => e === boom,
  );
  assert.deepEqual(seen, ['first']);
  assert.deepEqual(sibling, { started: 1, released: 1 });
});

test('items that reach a waiting consumer as they arrive: one per pull, and a stage that throws on one fails the run', async () => {
  // slow children: the consumer is always waiting when an item arrives, so it is handed straight on
  const counts = [0, 1].map(() => ({ started: 0, released: 0 }));
  const gen = gather(counts.map((c, i) => counted([`${i}a`, `${i}b`], c, 1)));
  const run = gen[Symbol.asyncIterator]();
  const pulled: string[] = [];
  for (let step = await run.next(); step.done !== true; step = await run.next()) if (step.value.ok) pulled.push(step.value.value);
  assert.deepEqual([...pulled].sort(), ['0a', '0b', '1a', '1b']);
  const boom = new Error('boom');
  const throwing = Async.map((v: string) => {
    if (v.endsWith('a')) throw boom;
    return v;
  });
  await assert.rejects(pipe(gen, throwing, Async.toArray()), (e) => e === boom);
  assert.deepEqual(counts, [
    { started: 2, released: 2 },
    { started: 2, released: 2 },
  ]);
});

test('building and iterating start nothing; the first pull starts up to `concurrency` children', async () => {
  const counts = [0, 1, 2].map(() => ({ started: 0, released: 0 }));
  const gen = gather(counts.map((c, i) => counted([`c${i}`], c)), { concurrency: 2 });
  const run = gen[Symbol.asyncIterator]();
  await tick();
  assert.deepEqual(counts.map((c) => c.started), [0, 0, 0]);
  const first = await run.next();
  assert.deepEqual(first.value?.ok && first.value.value, 'c0');
  assert.equal(counts[2]?.started, 0, 'the third child waits for a free place');
  assert.deepEqual(values((await pipe(gen, Async.toArray())) as Result<string, never>[]), ['c0', 'c1', 'c2']);
  await run.return();
  assert.ok(counts.every((c) => c.released === c.started));
});

test('a gather is replayable: every run starts fresh children', async () => {
  const counts = { started: 0, released: 0 };
  const gen = gather([counted(['a', 'b'], counts), Async.of('z')], { bufferSize: 1 });
  const first = await pipe(gen, Async.toArray());
  const second = await pipe(gen, Async.toArray());
  assert.deepEqual(first, second);
  assert.deepEqual(counts, { started: 2, released: 2 });
});

test('a gather composes with take, which stops it and releases every child', async () => {
  const counts = [0, 1].map(() => ({ started: 0, released: 0 }));
  const out = await pipe(
    gather(counts.map((c, i) => counted([`${i}a`, `${i}b`, `${i}c`], c, 1))),
    Async.take(2),
    Async.toArray(),
  );
  assert.equal(out.length, 2);
  assert.deepEqual(counts, [
    { started: 1, released: 1 },
    { started: 1, released: 1 },
  ]);
});

test('the list is copied: changing it after the call changes nothing', async () => {
  const gens = [Async.of(1)];
  const gen = gather(gens);
  gens.push(Async.of(2));
  assert.deepEqual(values(await pipe(gen, Async.toArray())), [1]);
});

test('bad arguments are TypeErrors or RangeErrors naming the argument', () => {
  assert.throws(() => gather(Async.of(1) as never), { name: 'TypeError', message: /gather: expected `gens` to be an array of AsyncGen streams, got an object/ });
  assert.throws(() => gather([Async.of(1), [1, 2]] as never), { name: 'TypeError', message: /gather: expected `gens\[1\]` to be an AsyncGen, got an array/ });
  assert.throws(() => gather([], null as never), { name: 'TypeError', message: /`options` to be an object, got null/ });
  assert.throws(() => gather([], { concurrency: 0 }), { name: 'RangeError', message: /`options.concurrency` to be an integer >= 1 or Infinity, got 0/ });
  assert.throws(() => gather([], { concurrency: 1.5 }), { name: 'TypeError', message: /`options.concurrency` to be an integer >= 1 or Infinity, got number 1.5/ });
  assert.throws(() => gather([], { bufferSize: '4' as never }), { name: 'TypeError', message: /`options.bufferSize` to be an integer >= 1, got the string "4"/ });
  assert.throws(() => gather([], { bufferSize: -1 }), { name: 'RangeError', message: /`options.bufferSize`/ });
  assert.equal(DEFAULT_GATHER_BUFFER_SIZE, 16);
});

test('the item and error types are the unions of the children', () => {
  const mixed = gather([Async.of(1), Async.of('a'), Async.fromResults<boolean, ErrInfo>([])]);
  expectTypeOf(mixed).toEqualTypeOf<AsyncGen<number | string | boolean, ErrInfo>>();
  const none = gather([]);
  expectTypeOf(none).toEqualTypeOf<AsyncGen<never, never>>();
  assert.ok(mixed instanceof Object && none instanceof Object);
});
