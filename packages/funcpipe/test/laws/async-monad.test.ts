// AsyncGen is a monad on its Ok path (seed 001's laws), with random functions that return
// streams of 0..3 items from several kinds of source. Err items pass through untouched, so the
// laws also hold for streams that carry errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { andThen } from '../../src/async/and-then.js';
import { fromResultProducer } from '../../src/async/from-producer.js';
import { fromResults } from '../../src/async/from-results.js';
import { map } from '../../src/async/map.js';
import { asyncGenReturn } from '../../src/async/seed-names.js';
import { toArray } from '../../src/async/to-array.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { ok, type Result } from '../../src/result/result.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

type Item = Result<number, ErrInfo>;
type Kind = 'array' | 'iterable' | 'producer';
const params = { numRuns: 100, includeErrorInReport: true };

/** A replayable stream of `items` from a source of the given kind. */
function stream(kind: Kind, items: readonly Item[]): AsyncGen<number, ErrInfo> {
  if (kind === 'array') return fromResults(items);
  if (kind === 'iterable') return fromResults({ *[Symbol.iterator]() { yield* items; } });
  return fromResultProducer(async function* (signal) {
    for (const item of items) {
      await tick(undefined, { signal });
      yield item;
    }
  });
}

const collect = (gen: AsyncGen<number, ErrInfo>): Promise<Item[]> => toArray()(gen);
const arbKind = fc.constantFrom<Kind>('array', 'iterable', 'producer');
const okItem = fc.integer({ min: -50, max: 50 }).map((n) => ok<number, ErrInfo>(n));

for (const [label, item] of [['Ok items', okItem], ['Ok and Err items', arbItem]] as const) {
  const items = fc.array(item, { maxLength: 3 });
  /** A random function from a value to a stream of 0..3 items (it ignores andThen's index). */
  const arbF = fc.tuple(fc.func(items), arbKind).map(([f, kind]) => (x: number) => stream(kind, f(x)));
  const arbG = fc.tuple(fc.array(item, { maxLength: 8 }), arbKind).map(([xs, kind]) => stream(kind, xs));

  test(`left identity (${label}): andThen(f)(asyncGenReturn(x)) == f(x)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), arbF, async (x, f) => {
        assert.deepEqual(await collect(andThen(f)(asyncGenReturn(x))), await collect(f(x)));
      }),
      params,
    );
  });

  test(`right identity (${label}): andThen(asyncGenReturn)(g) == g`, async () => {
    await fc.assert(
      fc.asyncProperty(arbG, async (g) => {
        assert.deepEqual(await collect(andThen<number, number, never>(asyncGenReturn)(g)), await collect(g));
      }),
      params,
    );
  });

  test(`associativity (${label}): andThen(h)(andThen(f)(g)) == andThen(x => andThen(h)(f(x)))(g)`, async () => {
    await fc.assert(
      fc.asyncProperty(arbG, arbF, arbF, async (g, f, h) => {
        const left = andThen(h)(andThen(f)(g));
        const right = andThen((x: number) => andThen(h)(f(x)))(g);
        assert.deepEqual(await collect(left), await collect(right));
      }),
      params,
    );
  });
}

test('map is andThen with the unit, and obeys the functor laws', async () => {
  const arbFn = fc.func(fc.integer({ min: -50, max: 50 })).map((f) => (x: number) => f(x));
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 8 }), arbKind, arbFn, arbFn, async (xs, kind, f, g) => {
      const gen = stream(kind, xs);
      const mapped = await collect(map(f)(gen));
      assert.deepEqual(mapped, await collect(andThen((x: number) => asyncGenReturn(f(x)))(gen)));
      assert.deepEqual(await collect(map((x: number) => x)(gen)), await collect(gen));
      assert.deepEqual(await collect(map(g)(map(f)(gen))), await collect(map((x: number) => g(f(x)))(gen)));
    }),
    params,
  );
});
