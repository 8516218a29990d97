// Issue 7, defect 2: a failure is delivered exactly once; after it, the run is finished. A run
// whose pull failed and whose cleanup failed too used to throw the cleanup error again when it
// was closed (as concat, andThen, zip and bracket close a failed child) and at the next pull.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { andThen } from '../../src/async/and-then.js';
import { bracket } from '../../src/async/bracket.js';
import { concat } from '../../src/async/concat.js';
import { drain } from '../../src/async/for-each.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { of } from '../../src/async/from-iterable.js';
import { zip } from '../../src/async/zip.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { errorsIn, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** The reproduction: a bracketed producer that fails after one item, whose release fails too. */
function failingPart(): { part: AsyncGen<number, unknown>; original: Error; releaseFailure: Error; releases: () => number } {
  const original = new Error('original');
  const releaseFailure = new Error('release failed');
  let released = 0;
  const part = bracket(
    async () => 'conn',
    () =>
      fromProducer(async function* () {
        yield 1;
        throw original;
      }),
    async () => {
      released++;
      throw releaseFailure;
    },
  );
  return { part, original, releaseFailure, releases: () => released };
}

const wrappers: ReadonlyArray<readonly [string, (part: AsyncGen<number, unknown>) => AsyncGen<unknown, unknown>]> = [
  ['itself', (part) => part],
  ['concat', (part) => pipe(part, concat(of(2)))],
  ['concat (second)', (part) => pipe(of(0), concat(part))],
  ['andThen (inner)', (part) => pipe(of(0), andThen(() => part))],
  ['andThen (outer)', (part) => pipe(part, andThen((x: number) => of(x)))],
  ['zip', (part) => pipe(part, zip(of(1, 2, 3)))],
  ['bracket', (part) => bracket(async () => 'outer', () => part, () => {})],
];

for (const [name, wrap] of wrappers) {
  test(`a failed run with a failed release reports each error once: ${name}`, async () => {
    const { part, original, releaseFailure, releases } = failingPart();
    const error = await pipe(wrap(part), drain()).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.deepEqual(errorsIn(error), [releaseFailure, original]);
    assert.equal(releases(), 1);
  });
}

test('after a failure has been delivered, next() is done and return() does not throw again', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 4 }), async (extraPulls) => {
      const { part, original, releaseFailure } = failingPart();
      const run = part.iterate();
      assert.deepEqual(await run.next(), { done: false, value: ok(1) });
      const error = await run.next().then(
        () => assert.fail('expected the failure'),
        (e: unknown) => e,
      );
      assert.deepEqual(errorsIn(error), [releaseFailure, original]);
      for (let i = 0; i < extraPulls; i++) assert.deepEqual(await run.next(), { done: true, value: undefined });
      assert.deepEqual(await run.return(), { done: true, value: undefined });
    }),
    { numRuns: 10 },
  );
});
