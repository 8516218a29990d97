import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromResults } from '../../src/async/from-results.js';
import { mapErr } from '../../src/async/map-err.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();

test('mapErr transforms every Err and passes Ok items unchanged, in order', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem), async (items) => {
      const f = (e: ErrInfo): string => `${e.code}:${e.msg}`;
      assert.deepEqual(await pipe(fromResults(items), mapErr(f), toArray()), items.map((r) => r.mapErr(f)));
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('mapErr forwards a stop to its upstream', async () => {
  await checkStopForwarding(mapErr((e: ErrInfo) => e.code));
});
