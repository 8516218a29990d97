// Stages that push more than one item before they look at the owner's demand again (zip's
// pairs, a breaker's last item and its BreakInfo) feeding a parallel map's bounded window: every
// item arrives once, in order (the replayed counterexample that overfilled the window is in
// resource-safety/policy-composition.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { shortCircuitOnErrEmit } from '../../src/policy/short-circuit.js';
import { pipe } from '../../src/pipe.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

test('zip into mapAsync: every pair once, in order, at any concurrency', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(9), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), async (xs, concurrency) => {
      const left = Async.fromIterable(xs);
      const right = Async.fromProducer(async function* () {
        yield* xs.map((x) => x * 10);
      });
      const out = await pipe(left, Async.zip(right), Async.mapAsync(async ([a, b]: readonly [number, number]) => a + b, { concurrency }), Async.toArray());
      assert.deepEqual(out, xs.map((x) => ok(x * 11)));
    }),
    { numRuns: 100 },
  );
});

test('a breaker that emits its last item and a BreakInfo into mapAsync at concurrency 1', async () => {
  const items: Result<number, string>[] = [ok(1), err('bad'), ok(2)];
  const out = await pipe(Async.fromResults(items), shortCircuitOnErrEmit(), Async.mapAsync(async (x: number) => x, { concurrency: 1 }), Async.toArray());
  assert.deepEqual(out.map((r) => r.ok), [true, false]);
});
