// merge and buffer: behaviour by example (order, weights, read-ahead bounds, failure), argument
// checks, and the stop-forwarding property. The fairness law is in
// test/laws/async-merge-fairness.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import * as Async from '../../src/async/index.js';
import { pipe } from '../../src/pipe.js';
import { err, ok } from '../../src/result/result.js';
import { checkStopForwarding } from '../support/consumers.js';
import { Fault, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** A producer of `count` numbers that records how far it got and whether it was released. */
function probe(count: number, failAt = -1) {
  const state = { produced: 0, released: 0 };
  const gen = Async.fromProducer(async function* () {
    try {
      for (let i = 0; i < count; i++) {
        if (i === failAt) throw new Fault('producer', `item ${i}`);
        state.produced++;
        yield i;
      }
    } finally {
      state.released++;
    }
  });
  return { gen, state };
}

test('merge without weights is round-robin among ready sources, each keeping its order', async () => {
  const run = Async.merge([Async.of('a0', 'a1', 'a2'), Async.of('b0', 'b1'), Async.of('c0')], { bufferSize: 4 })[Symbol.asyncIterator]();
  const seen: unknown[] = [];
  for (let step = await run.next(); step.done !== true; step = await run.next()) {
    seen.push(step.value.ok ? step.value.value : undefined);
    for (let i = 0; i < 6; i++) await tick();
  }
  assert.deepEqual(seen, ['a0', 'b0', 'c0', 'a1', 'b1', 'a2']);
});

test('merge with weights [3, 1] gives the heavy source three items per light one while both are ready', async () => {
  const heavy = Async.fromIterable(Array.from({ length: 20 }, (_, i) => `h${i}`));
  const light = Async.fromIterable(Array.from({ length: 20 }, (_, i) => `l${i}`));
  const run = Async.merge([heavy, light], { weights: [3, 1] })[Symbol.asyncIterator]();
  const seen: string[] = [];
  for (let step = await run.next(); step.done !== true && seen.length < 13; step = await run.next()) {
    if (step.value.ok) seen.push(step.value.value);
    for (let i = 0; i < 6; i++) await tick();
  }
  await run.return();
  const window = seen.slice(1, 13); // the first item is served before the light source is ready
  assert.equal(window.filter((s) => s.startsWith('h')).length, 9);
  assert.equal(window.filter((s) => s.startsWith('l')).length, 3);
});

test('merge passes Err items through, loses nothing, and ends when every source has ended', async () => {
  const out = await pipe(Async.merge([Async.fromResults([ok(1), err('E')]), Async.of(2, 3), Async.of()]), Async.toArray());
  assert.deepEqual(out.map((r) => (r.ok ? r.value : r.error)).sort(), [1, 2, 3, 'E']);
  assert.deepEqual(await pipe(Async.merge([]), Async.toArray()), []);
});

test('a failing source fails the merge after every source is released', async () => {
  const a = probe(100);
  const b = probe(5, 2);
  await assert.rejects(pipe(Async.merge([a.gen, b.gen], { bufferSize: 2 }), Async.drain()), (e: unknown) => e instanceof Fault);
  assert.deepEqual([a.state.released, b.state.released], [1, 1]);
});

test('merge and buffer forward every stop to their sources', async () => {
  await checkStopForwarding((gen) => Async.merge([gen, Async.of(100, 101)], { weights: [2, 1], bufferSize: 2 }));
  await checkStopForwarding((gen) => pipe(gen, Async.buffer(2)));
});

test('buffer(n) reads at most n items ahead (plus the one in production), then waits for the consumer', async () => {
  const { gen, state } = probe(50);
  const run = pipe(gen, Async.buffer(5))[Symbol.asyncIterator]();
  await run.next();
  for (let i = 0; i < 20; i++) await tick();
  assert.ok(state.produced <= 1 + 5 + 1, `produced ${state.produced} with one item taken`);
  assert.ok(state.produced >= 5, 'the buffer did not read ahead');
  await run.return();
  assert.equal(state.released, 1);
});

test('buffer is lazy until the first pull and keeps the stream unchanged', async () => {
  const { gen, state } = probe(7);
  const buffered = pipe(gen, Async.buffer(3));
  await tick();
  assert.equal(state.produced, 0, 'building the stream ran the producer');
  const out = await pipe(buffered, Async.toArray());
  assert.deepEqual(out.map((r) => (r.ok ? r.value : -1)), [0, 1, 2, 3, 4, 5, 6]);
});

test('argument errors name the field', () => {
  assert.throws(() => Async.buffer(0), { name: 'RangeError', message: /`size`/ });
  assert.throws(() => Async.buffer(1.5), { name: 'TypeError', message: /`size`/ });
  assert.throws(() => Async.merge([Async.of(1)], { weights: [0] }), { name: 'RangeError', message: /options\.weights\[0\]/ });
  assert.throws(() => Async.merge([Async.of(1)], { weights: [1, 2] }), { name: 'RangeError', message: /one weight per source/ });
  assert.throws(() => Async.merge([Async.of(1)], { weights: [2_000_000] }), { name: 'RangeError', message: /at most/ });
  assert.throws(() => Async.merge([Async.of(1)], { wieghts: [1] } as never), { name: 'TypeError', message: /unknown key `wieghts` \(did you mean `weights`\?\)/ });
  assert.throws(() => Async.merge([1] as never), { name: 'TypeError', message: /gens\[0\]/ });
});
