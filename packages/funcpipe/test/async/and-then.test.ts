import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { andThen } from '../../src/async/and-then.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { bracket } from '../../src/async/bracket.js';
import { getEventListeners } from 'node:events';
import { of } from '../../src/async/from-iterable.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { map } from '../../src/async/map.js';
import { take } from '../../src/async/take.js';
import { fromResults } from '../../src/async/from-results.js';
import { fromResultBatchProducer } from '../../src/async/from-result-batch-producer.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource, type Item } from '../support/pipeline-shapes.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();
const params = { numRuns: 100, includeErrorInReport: true };

test('andThen streams f(value, index) in place of each Ok; Err items pass and f is not called for them', async () => {
  const arbG = fc.func(fc.array(arbItem, { maxLength: 3 }));
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 10 }), arbG, async (items, g) => {
      const indices: number[] = [];
      const gen = pipe(
        fromResults(items),
        andThen((v: number, index: number) => {
          indices.push(index);
          return fromResults(g(v));
        }),
      );
      assert.deepEqual(await toArray()(gen), items.flatMap((r) => (r.ok ? g(r.value) : [r])));
      const okPositions = items.flatMap((r, i) => (r.ok ? [i] : []));
      assert.deepEqual(indices, okPositions, 'index is the position in the outer stream, Err items counted');
    }),
    params,
  );
});

test('outer and inner streams read inline or as child runs give the same items', async () => {
  // bare sources run inline; a fused stage or a batch source makes a child run, whose source may
  // push several items in one pull (a batch), or an item and its end (take's last item)
  const asBatches = (items: Item[], size: number): AsyncGen<number, ErrInfo> =>
    fromResultBatchProducer(function* () {
      for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
    });
  const identity = (gen: AsyncGen<number, ErrInfo>) => pipe(gen, map((v: number) => v));
  await fc.assert(
    fc.asyncProperty(
      fc.array(arbItem, { maxLength: 8 }),
      fc.func(fc.array(arbItem, { maxLength: 3 })),
      fc.constantFrom('bare', 'staged', 'batches', 'take'),
      fc.boolean(),
      fc.integer({ min: 1, max: 3 }),
      async (items, g, outerShape, stagedInner, size) => {
        const outerItems = outerShape === 'take' ? items.slice(0, size) : items;
        const outer =
          outerShape === 'bare'
            ? fromResults(items)
            : outerShape === 'staged'
              ? identity(fromResults(items))
              : outerShape === 'batches'
                ? asBatches(items, size)
                : pipe(fromResults(items), take(size));
        const gen = pipe(
          outer,
          andThen((v: number) => (stagedInner ? identity(fromResults(g(v))) : fromResults(g(v)))),
        );
        assert.deepEqual(await toArray()(gen), outerItems.flatMap((r) => (r.ok ? g(r.value) : [r])));
      },
    ),
    params,
  );
});

test('inner streams start on demand, one at a time, each closed before the next outer item is pulled', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 6 }), fc.array(arbItem, { maxLength: 3 }), fc.boolean(), async (outer, inner, slow) => {
      const rec = new Recorder();
      await pipe(trackedSource(rec, outer, slow), andThen(() => trackedSource(rec, inner, slow)), toArray());
      let innerOpen = 0;
      for (const event of rec.events) {
        if (/^acquire producer#[1-9]/.test(event)) innerOpen++;
        if (/^release producer#[1-9]/.test(event)) innerOpen--;
        if (event.startsWith('pull producer#0 ')) assert.equal(innerOpen, 0, 'an inner stream is open while the outer is pulled');
        assert.ok(innerOpen <= 1, 'two inner streams open at once');
      }
      assert.equal(rec.count('acquire producer'), 1 + outer.filter((r) => r.ok).length);
      rec.assertAllReleased();
    }),
    params,
  );
});

test('f returning something else than an AsyncGen fails the run with a TypeError naming the item', async () => {
  const rec = new Recorder();
  const notAStream = (() => [1, 2]) as unknown as (v: number) => AsyncGen<number, never>;
  const bad = andThen(notAStream);
  await assert.rejects(pipe(trackedSource(rec, [ok(5)]), bad, toArray()), (e: unknown) => e instanceof TypeError && /andThen: .*item 0/.test(e.message));
  rec.assertAllReleased();
});

test('a stop releases the current inner stream before the outer one (LIFO)', async () => {
  const rec = new Recorder();
  const resource = (name: string, values: number[]) => bracket(() => rec.acquire(name), () => of(...values), (r) => rec.release(r));
  for await (const item of pipe(resource('outer', [1, 2]), andThen((x: number) => resource('inner', [x, x])))) {
    void item;
    break;
  }
  assert.deepEqual(rec.events, ['acquire outer#0', 'acquire inner#1', 'release inner#1', 'release outer#0']);
});

test('andThen forwards a stop to its upstream and to its inner streams', async () => {
  await checkStopForwarding(andThen((x: number) => of(x, x + 1)));
  await checkStopForwarding((gen) => pipe(of(1, 2), andThen(() => gen)));
});

test('inner runs of bare producers share the outer run signal, unless a producer leaves an abort listener on it', async () => {
  /** The signals the inner producers got, one per outer item; `leaks(x)`: that producer leaves a listener behind. */
  const signalsOf = async (leaks: (x: number) => boolean, wrap: (inner: AsyncGen<number, never>) => AsyncGen<number, never>) => {
    const signals: AbortSignal[] = [];
    const gen = pipe(
      of(0, 1, 2, 3, 4, 5),
      andThen((x: number) => wrap(recordingProducer(x, signals, leaks(x)))),
    );
    assert.deepEqual(await toArray()(gen), [0, 1, 2, 3, 4, 5].map((x) => ok(x)));
    return signals;
  };
  const bare = (inner: AsyncGen<number, never>) => inner;
  // well-behaved producers: one signal (the outer run's) for every inner run, never aborted
  const tidy = await signalsOf(() => false, bare);
  assert.equal(new Set(tidy).size, 1);
  assert.ok(!(tidy[0] as AbortSignal).aborted);
  // producers that leave a listener behind (from x = 1 on): found after the 4th inner run, the
  // runs after it get signals of their own, so at most 3 listeners are left on the outer one
  const leaky = await signalsOf((x) => x >= 1, bare);
  assert.equal(new Set(leaky.slice(0, 4)).size, 1);
  assert.equal(getEventListeners(leaky[0] as AbortSignal, 'abort').filter((l) => leftBehind.has(l)).length, 3, 'not one per inner run');
  assert.equal(new Set(leaky.slice(3)).size, 3);
  assert.ok(!leaky.slice(4).includes(leaky[0] as AbortSignal));
  // an inner stream with a fused stage always gets a signal of its own: a stage could stop it early
  const staged = await signalsOf(() => false, (inner) => pipe(inner, map((v: number) => v)));
  assert.equal(new Set(staged).size, 6);
});

test('an outer bare producer runs on the run signal too, which aborts when the consumer stops', async () => {
  const signalsWith = async (wrap: (outer: AsyncGen<number, never>) => AsyncGen<number, never>) => {
    const signals: AbortSignal[] = [];
    const outer = fromProducer(async function* (signal) {
      signals.push(signal);
      yield* [1, 2, 3];
    });
    for await (const item of pipe(wrap(outer), andThen((x: number) => recordingProducer(x, signals, false)))) {
      if (item.ok && item.value === 2) break;
    }
    return signals;
  };
  const bare = await signalsWith((outer) => outer);
  assert.equal(bare.length, 3);
  assert.equal(new Set(bare).size, 1, 'the outer producer and the inner ones share the run signal');
  assert.ok((bare[0] as AbortSignal).aborted, 'aborted by the stop');
  const staged = await signalsWith((outer) => pipe(outer, map((v: number) => v)));
  assert.notEqual(staged[0], staged[1], 'an outer stream with a fused stage has a signal of its own');
  assert.ok(staged.every((signal) => signal.aborted));
});

const leftBehind = new Set<unknown>();

/** A bare producer of `x` that records its signal, and leaves an abort listener on it when `leak`. */
function recordingProducer(x: number, signals: AbortSignal[], leak: boolean): AsyncGen<number, never> {
  return fromProducer(async function* (signal) {
    signals.push(signal);
    if (leak) {
      const listener = (): void => {};
      leftBehind.add(listener);
      signal.addEventListener('abort', listener, { once: true });
    }
    yield x;
  });
}
