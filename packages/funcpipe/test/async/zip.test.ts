import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bracket } from '../../src/async/bracket.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { zip } from '../../src/async/zip.js';
import { pipe } from '../../src/pipe.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { ok, err, type Result } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, trackedSource } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();
const params = { numRuns: 100, includeErrorInReport: true };
type Item = Result<number, ErrInfo>;

/** The model: pairs by position; an Err on either side is emitted for the position (left first). */
function zipped(left: readonly Item[], right: readonly Item[]): Result<[number, number], ErrInfo>[] {
  return left.slice(0, right.length).flatMap((a, i) => {
    const b = right[i] as Item;
    if (a.ok && b.ok) return [ok<[number, number], ErrInfo>([a.value, b.value])];
    return [a, b].flatMap((r) => (r.ok ? [] : [err<ErrInfo, [number, number]>(r.error)]));
  });
}

test('zip pairs items by position, emits every Err, and ends with the shorter stream', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 8 }), fc.array(arbItem, { maxLength: 8 }), async (left, right) => {
      assert.deepEqual(await pipe(fromResults(left), zip(fromResults(right)), toArray()), zipped(left, right));
    }),
    params,
  );
});

test('the sides are pulled in turn, no further than needed, and both are closed at the end', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 8 }), fc.array(arbItem, { maxLength: 8 }), fc.boolean(), async (left, right, slow) => {
      const rec = new Recorder();
      await pipe(trackedSource(rec, left, slow), zip(trackedSource(rec, right, slow)), toArray());
      const pulls = (side: string): number => rec.events.filter((e) => e.startsWith(`pull ${side} `)).length;
      assert.equal(pulls('producer#0'), Math.min(left.length, right.length + 1));
      assert.equal(pulls('producer#1'), Math.min(left.length, right.length));
      assert.equal(rec.open, 0);
    }),
    params,
  );
});

test('a stop closes the other side first, then this one (LIFO)', async () => {
  const rec = new Recorder();
  const side = (name: string) => bracket(() => rec.acquire(name), () => of(1, 2, 3), (r) => rec.release(r));
  for await (const item of pipe(side('left'), zip(side('right')))) {
    void item;
    break;
  }
  assert.deepEqual(rec.events, ['acquire left#0', 'acquire right#1', 'release right#1', 'release left#0']);
});

test('zip rejects an other that is not an AsyncGen', () => {
  assert.throws(() => zip([1, 2] as never), (e: unknown) => e instanceof TypeError && /zip: expected `other`/.test(e.message));
});

test('zip forwards a stop to both sides', async () => {
  const many = fromResults(Array.from({ length: 20 }, (_, i) => ok<number, ErrInfo>(i)));
  await checkStopForwarding((gen) => pipe(gen, zip(many)));
  await checkStopForwarding((gen) => pipe(many, zip(gen)));
});
