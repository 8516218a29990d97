import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { tap } from '../../src/async/tap.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import type { Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();

test('tap sees every item as a Result, in order, and passes it on unchanged', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), async (items) => {
      const seen: Result<number, ErrInfo>[] = [];
      const out = await pipe(fromResults(items), tap((r: Result<number, ErrInfo>) => void seen.push(r)), toArray());
      assert.deepEqual(out, items);
      assert.deepEqual(seen, items);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('a throwing tap ends the run with its error', async () => {
  const boom = new Error('tap failed');
  const failing = tap<number, never>(() => {
    throw boom;
  });
  await assert.rejects(pipe(of(1), failing, toArray()), (e: unknown) => e === boom);
});

test('tap forwards a stop to its upstream', async () => {
  await checkStopForwarding(tap<number, ErrInfo>(() => {}));
});
