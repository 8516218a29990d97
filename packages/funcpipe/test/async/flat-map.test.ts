import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flatMap } from '../../src/async/flat-map.js';
import { of } from '../../src/async/from-iterable.js';
import { fromResults } from '../../src/async/from-results.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { ok, type Result } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();
const params = { numRuns: 100, includeErrorInReport: true };
const arbG = fc.func(fc.array(fc.integer(), { maxLength: 3 }));

test('flatMap emits the values of f(value) in place of each Ok; Err items pass and f is not called for them', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 10 }), arbG, fc.constantFrom('array', 'generator', 'async generator'), async (items, g, kind) => {
      const calls: number[] = [];
      const f = (v: number): Iterable<number> | AsyncIterable<number> => {
        calls.push(v);
        const xs = g(v);
        if (kind === 'array') return xs;
        if (kind === 'generator') return (function* () { yield* xs; })();
        return (async function* () { yield* xs; })();
      };
      const expected = items.flatMap((r): Result<number, ErrInfo>[] => (r.ok ? g(r.value).map((x) => ok(x)) : [r]));
      assert.deepEqual(await pipe(fromResults(items), flatMap(f), toArray()), expected);
      assert.deepEqual(calls, items.flatMap((r) => (r.ok ? [r.value] : [])));
    }),
    params,
  );
});

test('a stop closes the current inner iterator (its finally runs once) before the loop exits', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.boolean(), async (k, isAsync) => {
      const rec = new Recorder();
      const inner = isAsync
        ? async function* (v: number) {
            const name = rec.acquire('inner');
            try { for (let i = 0; ; i++) yield v + i; } finally { rec.release(name); }
          }
        : function* (v: number) {
            const name = rec.acquire('inner');
            try { for (let i = 0; ; i++) yield v + i; } finally { rec.release(name); }
          };
      let seen = 0;
      for await (const item of pipe(of(100), flatMap(inner))) {
        void item;
        if (++seen === k) break;
      }
      assert.equal(rec.open, 0);
      rec.assertAllReleased();
    }),
    { numRuns: 30, includeErrorInReport: true },
  );
});

test('f returning a non-iterable fails the run with a TypeError', async () => {
  const notIterable = (() => 42) as unknown as (v: number) => number[];
  await assert.rejects(pipe(of(1), flatMap(notIterable), toArray()), TypeError);
});

test('flatMap forwards a stop to its upstream', async () => {
  await checkStopForwarding(flatMap((x: number) => [x, x]));
});

test('an inner AsyncGen runs as a child of the outer run: it sees the outer signal and its abort reason, and its items arrive as Result values (RELIABILITY finding 8)', async () => {
  const { fromProducer } = await import('../../src/async/from-producer.js');
  const { setTimeout: sleep } = await import('node:timers/promises');
  let innerSignal: AbortSignal | undefined;
  const inner = fromProducer(async function* (signal) {
    innerSignal = signal;
    yield 'first';
    await sleep(60_000, undefined, { signal });
  });
  const controller = new AbortController();
  const reason = new Error('stop from outside');
  const run = pipe(of(1), flatMap(() => inner)).iterate({ signal: controller.signal });
  const first = await run.next();
  assert.deepEqual(first.value, ok(ok('first')));
  const pending = run.next();
  controller.abort(reason);
  assert.equal(innerSignal?.aborted, true, 'the inner run is aborted with the outer one, at once');
  assert.equal(innerSignal?.reason, reason, 'with the outer abort reason');
  await assert.rejects(pending, (error) => error === reason);
});
