import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chunk } from '../../src/async/chunk.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { ok, type Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();

/** The model: Ok values in batches of `size`; each Err passes at once, ahead of the partial batch. */
function chunked(items: readonly Result<number, ErrInfo>[], size: number): Result<number[], ErrInfo>[] {
  const out: Result<number[], ErrInfo>[] = [];
  let batch: number[] = [];
  for (const r of items) {
    if (!r.ok) out.push(r as unknown as Result<number[], ErrInfo>);
    else if (batch.push(r.value) === size) out.push(ok(batch.splice(0)));
  }
  if (batch.length > 0) out.push(ok(batch));
  return out;
}

test('chunk batches Ok values; Err items pass at once; the last batch may be shorter', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), fc.integer({ min: 1, max: 5 }), async (items, size) => {
      const got = await pipe(fromResults(items), chunk(size), toArray());
      assert.deepEqual(got, chunked(items, size));
      assert.deepEqual(
        got.flatMap((r) => (r.ok ? r.value : [])),
        items.flatMap((r) => (r.ok ? [r.value] : [])),
        'no value lost or duplicated',
      );
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('a partial batch is flushed when take ends the upstream early', async () => {
  assert.deepEqual(await pipe(of(1, 2, 3, 4, 5), take(3), chunk(2), toArray()), [ok([1, 2]), ok([3])]);
});

test('chunk forwards a stop to its upstream', async () => {
  await checkStopForwarding(chunk(2));
});
