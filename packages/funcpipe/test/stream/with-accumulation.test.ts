import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { streamWithAccumulation, type AccumulationStep } from '../../src/stream/with-accumulation.js';

const chunks = fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 30 });

/** A hand-steppable source that records every pull and whether it was closed. */
function recordingSource(items: readonly unknown[]) {
  const log = { pulls: 0, closed: false };
  function* gen(): Generator<string> {
    try {
      for (const item of items) {
        log.pulls += 1;
        yield item as string;
      }
    } finally {
      log.closed = true;
    }
  }
  async function* agen(): AsyncGenerator<string> {
    yield* gen();
  }
  return { log, sync: gen, async: agen };
}

function checkSteps(input: readonly string[], steps: readonly AccumulationStep[], readOrder: readonly number[]): void {
  assert.equal(steps.length, input.length);
  for (const i of readOrder) {
    const step = steps[i]!;
    const prefix = input.slice(0, i + 1).join('');
    assert.equal(step.chunk, input[i]);
    assert.equal(step.accumulated.chunkCount, i + 1);
    assert.equal(step.accumulated.length, prefix.length);
    assert.equal(step.accumulated.text, prefix);
    assert.equal(String(step.accumulated), prefix);
  }
}

test('streamWithAccumulation law: every view is the prefix join and the return value the whole join (sync)', () => {
  fc.assert(
    fc.property(
      chunks.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.keys()]))),
      ([input, readOrder]) => {
        const run = streamWithAccumulation(input);
        const steps: AccumulationStep[] = [];
        let next = run.next();
        for (; !next.done; next = run.next()) steps.push(next.value);
        assert.equal(next.value, input.join(''));
        checkSteps(input, steps, readOrder);
        checkSteps(input, steps, [...input.keys()]);
      },
    ),
    { numRuns: 200 },
  );
});

test('streamWithAccumulation law: the same holds for an async source, read while streaming', async () => {
  await fc.assert(
    fc.asyncProperty(chunks, async (input) => {
      const run = streamWithAccumulation(recordingSource(input).async());
      const steps: AccumulationStep[] = [];
      let next = await run.next();
      for (; !next.done; next = await run.next()) {
        assert.equal(next.value.accumulated.text, input.slice(0, steps.length + 1).join(''));
        steps.push(next.value);
      }
      assert.equal(next.value, input.join(''));
      checkSteps(input, steps, [...input.keys()]);
    }),
    { numRuns: 100 },
  );
});

test('streamWithAccumulation: lazy, one chunk per pull, and an early stop closes the source', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string(), { minLength: 1, maxLength: 10 }), fc.nat(), fc.boolean(), async (input, at, isAsync) => {
      const stopAfter = at % input.length;
      const source = recordingSource(input);
      const run = isAsync ? streamWithAccumulation(source.async()) : streamWithAccumulation(source.sync());
      assert.equal(source.log.pulls, 0, 'making the stream pulls nothing');
      for (let i = 0; i <= stopAfter; i++) {
        await run.next();
        assert.equal(source.log.pulls, i + 1);
      }
      assert.equal(source.log.closed, false);
      await run.return('stopped');
      assert.equal(source.log.closed, true);
    }),
    { numRuns: 60 },
  );
});

test('streamWithAccumulation: a non-string chunk is a TypeError naming its index, and the source is closed', async () => {
  const sync = recordingSource(['a', 'b', 7]);
  assert.throws(() => [...streamWithAccumulation(sync.sync())], /streamWithAccumulation: expected chunk 2 of `source` to be a string, got number 7/);
  assert.equal(sync.log.closed, true);
  const async = recordingSource(['a', null]);
  await assert.rejects(async () => {
    for await (const _ of streamWithAccumulation(async.async()));
  }, /expected chunk 1 of `source` to be a string, got null/);
  assert.equal(async.log.closed, true);
});

test('streamWithAccumulation: bad sources are TypeErrors naming the argument', () => {
  assert.throws(() => streamWithAccumulation('abc' as never), /streamWithAccumulation: expected `source` to be an iterable of string chunks, got a string/);
  assert.throws(() => streamWithAccumulation(42 as never), /streamWithAccumulation: expected `source` to be an async or sync iterable, got number 42/);
});
