import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { timed, timedBlock, type TimedReport } from '../../src/resource/timed-block.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';

/** A clock that returns the given readings in order. */
function clockOf(readings: readonly number[]): () => number {
  let i = 0;
  return () => {
    const reading = readings[i++];
    if (reading === undefined) throw new Error('the clock was read more often than expected');
    return reading;
  };
}

const times = fc.tuple(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([start, span]) => [start, start + span] as const);

test('timedBlock: reports once on every exit path, with the elapsed time and the marked outcome', () => {
  fc.assert(
    fc.property(times, fc.constantFrom('normal', 'throw', 'return'), fc.constantFrom('none', 'complete', 'fail'), ([start, end], path, mark) => {
      const reports: TimedReport[] = [];
      const boom = new Error('block failed');
      const markError = new Error('marked');
      const run = (): string => {
        using block = timedBlock('phase', (r) => reports.push(r), { now: clockOf([start, end]) });
        if (mark === 'complete') block.complete();
        if (mark === 'fail') block.fail(markError);
        if (path === 'throw') throw boom;
        if (path === 'return') return 'early';
        return 'end';
      };
      if (path === 'throw') assert.throws(run, (e) => e === boom);
      else run();
      assert.equal(reports.length, 1);
      const outcome = mark === 'complete' ? 'completed' : mark === 'fail' ? 'failed' : 'unknown';
      const expected: TimedReport = mark === 'fail' ? { name: 'phase', ms: end - start, outcome, error: markError } : { name: 'phase', ms: end - start, outcome };
      assert.deepEqual(reports[0], expected);
    }),
  );
});

test('timedBlock: a second dispose reports nothing, and marking after the report throws', () => {
  const reports: TimedReport[] = [];
  const block = timedBlock('twice', (r) => reports.push(r), { now: clockOf([1, 4]) });
  assert.equal(block.name, 'twice');
  block[Symbol.dispose]();
  block[Symbol.dispose]();
  assert.deepEqual(reports, [{ name: 'twice', ms: 3, outcome: 'unknown' }]);
  assert.throws(() => block.complete(), /timedBlock "twice": cannot mark the block completed, it has already reported/);
});

test('timedBlock: elapsed() reads the clock without ending the block; the default clock is monotonic', () => {
  const block = timedBlock('t', () => {}, { now: clockOf([10, 15, 40]) });
  assert.equal(block.elapsed(), 5);
  const reports: TimedReport[] = [];
  {
    using real = timedBlock('real', (r) => reports.push(r));
    real.complete();
  }
  assert.ok(reports[0] !== undefined && reports[0].ms >= 0 && reports[0].outcome === 'completed');
});

test('timedBlock: a throwing report surfaces, and with a body error both are kept', () => {
  const reportError = new Error('report failed');
  const bodyError = new Error('body failed');
  const failingReport = () => {
    throw reportError;
  };
  assert.throws(() => {
    using _ = timedBlock('r', failingReport);
  }, (e) => e === reportError);
  assert.throws(
    () => {
      using _ = timedBlock('r', failingReport);
      throw bodyError;
    },
    // `using` is compiled to a helper that builds its own SuppressedError when the runtime has
    // none (Node 20), so check the shape rather than the class.
    (e) => e instanceof Error && e.name === 'SuppressedError' && (e as SuppressedError).error === reportError && (e as SuppressedError).suppressed === bodyError,
  );
});

test('timed: reports the true outcome of sync and async bodies and passes their result through', async () => {
  await fc.assert(
    fc.asyncProperty(times, fc.boolean(), fc.boolean(), fc.integer(), async ([start, end], isAsync, fails, value) => {
      const reports: TimedReport[] = [];
      const boom = new Error('body failed');
      const body: () => number | Promise<number> = isAsync
        ? async () => {
            await Promise.resolve();
            if (fails) throw boom;
            return value;
          }
        : () => {
            if (fails) throw boom;
            return value;
          };
      const run = () => timed('work', (r) => reports.push(r), body, { now: clockOf([start, end]) });
      if (fails) {
        if (isAsync) await assert.rejects(async () => run(), (e) => e === boom);
        else assert.throws(run, (e) => e === boom);
      } else {
        assert.equal(await run(), value);
      }
      const ms = end - start;
      assert.deepEqual(reports, [fails ? { name: 'work', ms, outcome: 'failed', error: boom } : { name: 'work', ms, outcome: 'completed' }]);
    }),
    { numRuns: 100 },
  );
});

test('timed: a report failure after a body failure keeps the body error as suppressed', async () => {
  const bodyError = new Error('body');
  const reportError = new Error('report');
  const report = () => {
    throw reportError;
  };
  await assert.rejects(
    timed('x', report, async () => {
      throw bodyError;
    }),
    (e) => e instanceof SuppressedError && e.error === reportError && e.suppressed === bodyError,
  );
});

test('timedBlock / timed: bad arguments are TypeErrors naming the function and the argument', () => {
  assert.throws(() => timedBlock(5 as never, () => {}), /timedBlock: expected `name` to be a string, got number 5/);
  assert.throws(() => timedBlock('a', 'log' as never), /timedBlock: expected `report` to be a function/);
  assert.throws(() => timedBlock('a', () => {}, { now: 3 } as never), /timedBlock: expected `options.now` to be a function, got number 3/);
  assert.throws(() => timedBlock('a', () => {}, 7 as never), /timedBlock: expected `options` to be an object/);
  assert.throws(() => timed('a', () => {}, null as never), /timed: expected `body` to be a function, got null/);
});
