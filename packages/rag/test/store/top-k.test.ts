import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TopK } from '../../src/store/internal/top-k.js';
import { compareHits, keywordTerms } from '../../src/store/internal/ranking.js';

test('law: TopK keeps exactly the k first items of a full sort, in order, whatever the input order and ties', () => {
  const hit = fc.record({ score: fc.integer({ min: 0, max: 5 }).map((n) => n / 4), path: fc.constantFrom('/a', '/b', '/é', '/z'), ordinal: fc.nat(4) }).map((h) => ({ ...h }));
  fc.assert(
    fc.property(fc.array(hit, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (hits, k) => {
      const top = new TopK<(typeof hits)[number]>(k, compareHits);
      for (const h of hits) if (top.admits(h)) top.push(h);
      assert.deepEqual(top.sorted(), [...hits].sort(compareHits).slice(0, k));
    }),
    { numRuns: 300 },
  );
});

test('keywordTerms: lower-cased runs of letters and digits, each once, operators and punctuation dropped', () => {
  assert.deepEqual(keywordTerms('C++ -O2 (NEAR) "quoted" naïve Straße 42 c'), ['c', 'o2', 'near', 'quoted', 'naïve', 'straße', '42']);
  assert.deepEqual(keywordTerms('?! ...'), []);
});
