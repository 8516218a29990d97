import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { pipe } from '../../src/pipe.js';
import { err, ok, type Result } from '../../src/result/result.js';

type Nested = Result<Result<number, string>, string>;
const arbNested: fc.Arbitrary<Nested[]> = fc.array(
  fc.oneof(
    fc.integer().map((n): Nested => ok(ok(n))),
    fc.string().map((e): Nested => ok(err(e))),
    fc.string().map((e): Nested => err(`outer ${e}`)),
  ),
  { maxLength: 30 },
);

test('flatten unwraps Ok(Result) items and passes Err items through, in order', async () => {
  await fc.assert(
    fc.asyncProperty(arbNested, async (items) => {
      const out = await pipe(Async.fromResults(items), Async.flatten(), Async.toArray());
      const expected = items.map((item) => (item.ok ? item.value : item));
      assert.deepEqual(out, expected);
    }),
  );
});

test('flatten: a value that is not a Result ends the run with a TypeError naming its position', async () => {
  await assert.rejects(
    pipe(Async.fromResults([ok(ok(1)), ok(2 as unknown as Result<number, never>)]), Async.flatten(), Async.toArray()),
    { name: 'TypeError', message: /flatten: expected the value of item 1 to be a Result/ },
  );
});
