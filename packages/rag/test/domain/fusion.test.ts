// reciprocalRankFusion: the formula, its laws as properties (a chunk first in every ranking is
// first; the order of the rankings does not matter; every chunk once), and the tie-break.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { reciprocalRankFusion } from '../../src/domain/fusion.js';
import { cosineSimilarity, dot } from '../../src/domain/similarity.js';

interface Hit {
  readonly path: string;
  readonly ordinal: number;
  readonly score: number;
}

const arbHit: fc.Arbitrary<Hit> = fc.record({ path: fc.constantFrom('a.md', 'b.md', 'c.md', 'd.md'), ordinal: fc.integer({ min: 0, max: 5 }), score: fc.double({ noNaN: true }) });
const arbRanking = fc.uniqueArray(arbHit, { maxLength: 12, selector: (h) => `${h.path}#${h.ordinal}` });
const key = (h: { path: string; ordinal: number }): string => `${h.path}#${h.ordinal}`;

test('scores are the sum of 1 / (k + rank); best first; ties by path then ordinal', () => {
  const a = { path: 'b.md', ordinal: 1, score: 0.9 };
  const b = { path: 'a.md', ordinal: 2, score: 0.5 };
  const c = { path: 'a.md', ordinal: 1, score: 7 };
  const fused = reciprocalRankFusion([[a, b], [c, a]]);
  assert.deepEqual(fused.map((h) => [key(h), h.score]), [
    ['b.md#1', 1 / 61 + 1 / 62],
    ['a.md#1', 1 / 61],
    ['a.md#2', 1 / 62],
  ]);
  assert.deepEqual(reciprocalRankFusion([[a], [c]], 1).map(key), ['a.md#1', 'b.md#1'], 'equal scores: path order');
  assert.deepEqual(reciprocalRankFusion([[a, a, b]]).map((h) => h.score), [1 / 61, 1 / 63], 'a repeat counts once, at its best rank');
  assert.deepEqual(reciprocalRankFusion([]), []);
  assert.throws(() => reciprocalRankFusion([[a]], -1), RangeError);
});

test('law: a chunk first in every ranking is first in the fusion', () => {
  fc.assert(
    fc.property(fc.array(arbRanking, { minLength: 1, maxLength: 4 }), arbHit, fc.integer({ min: 0, max: 100 }), (rankings, top, k) => {
      const withTop = rankings.map((r) => [top, ...r.filter((h) => key(h) !== key(top))]);
      assert.equal(key(reciprocalRankFusion(withTop, k)[0]!), key(top));
    }),
  );
});

test('law: the order of the rankings does not change the result; every chunk appears once', () => {
  fc.assert(
    fc.property(fc.array(arbRanking, { maxLength: 5 }), fc.array(fc.nat()), (rankings, swaps) => {
      const permuted = [...rankings];
      for (let i = 0; i < swaps.length && permuted.length > 1; i++) {
        const j = swaps[i]! % permuted.length;
        [permuted[0], permuted[j]] = [permuted[j]!, permuted[0]!];
      }
      const one = reciprocalRankFusion(rankings).map((h) => [key(h), h.score]);
      const other = reciprocalRankFusion(permuted).map((h) => [key(h), h.score]);
      assert.deepEqual(other, one);
      assert.equal(new Set(one.map(([k]) => k)).size, new Set(rankings.flat().map(key)).size);
      for (let i = 1; i < one.length; i++) assert.ok((one[i - 1]![1] as number) >= (one[i]![1] as number));
    }),
  );
});

test('dot and cosine similarity', () => {
  assert.equal(dot([1, 2, 3], [4, 5, 6]), 32);
  assert.equal(cosineSimilarity([1, 0], [0, 1]), 0);
  assert.ok(Math.abs(cosineSimilarity(new Float32Array([1, 1]), new Float32Array([2, 2])) - 1) < 1e-6);
  assert.equal(cosineSimilarity([0, 0], [1, 1]), 0);
  assert.throws(() => dot([1], [1, 2]), /differ in length \(1 and 2\)/);
});
