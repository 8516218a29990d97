import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { streamWithMetrics, type StreamMetrics } from '../../src/stream/with-metrics.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';

/** A clock that hands out the given readings in order and counts how often it was read. */
function clockOf(readings: readonly number[]) {
  const clock = { reads: 0, now: () => readings[clock.reads++] ?? Number.NaN };
  return clock;
}

/** A source that yields `items`, throws `failure` after `failAt` items if given, and records closing. */
function source(items: readonly unknown[], failAt: number | undefined, failure: Error) {
  const log = { pulls: 0, closed: false };
  function* gen(): Generator<unknown> {
    try {
      for (const [i, item] of items.entries()) {
        if (i === failAt) throw failure;
        log.pulls += 1;
        yield item;
      }
      if (failAt !== undefined && failAt >= items.length) throw failure;
    } finally {
      log.closed = true;
    }
  }
  async function* agen(): AsyncGenerator<unknown> {
    yield* gen();
  }
  return { log, sync: gen, async: agen };
}

const item = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.uint8Array({ maxLength: 16 }), fc.integer(), fc.constant(null), fc.object({ maxDepth: 0 }));
const size = (x: unknown) => (typeof x === 'string' ? Buffer.byteLength(x) : x instanceof Uint8Array ? x.byteLength : 0);

test('streamWithMetrics law: items pass through unchanged and one report describes the run, on every exit path', async () => {
  const scenario = fc.record({
    items: fc.array(item, { maxLength: 12 }),
    stopAfter: fc.option(fc.nat(12), { nil: undefined }),
    failAt: fc.option(fc.nat(12), { nil: undefined }),
    isAsync: fc.boolean(),
    readings: fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }).map((r) => [...r].sort((a, b) => a - b)),
  });
  await fc.assert(
    fc.asyncProperty(scenario, async ({ items, stopAfter, failAt, isAsync, readings }) => {
      const failure = new Error('source failed');
      const src = source(items, failAt, failure);
      const clock = clockOf(readings);
      const reports: StreamMetrics[] = [];
      const run = isAsync ? streamWithMetrics(src.async(), (m) => reports.push(m), { now: clock.now }) : streamWithMetrics(src.sync(), (m) => reports.push(m), { now: clock.now });
      assert.equal(clock.reads, 0, 'nothing runs before the first pull');
      const seen: unknown[] = [];
      let caught: unknown;
      let returned: StreamMetrics | undefined;
      try {
        for (;;) {
          if (stopAfter !== undefined && seen.length === stopAfter) {
            await run.return(undefined as never);
            break;
          }
          const next = await run.next();
          if (next.done) {
            returned = next.value;
            break;
          }
          seen.push(next.value);
        }
      } catch (e) {
        caught = e;
      }
      const available = failAt === undefined ? items.length : Math.min(failAt, items.length);
      if (stopAfter === 0) {
        assert.deepEqual(reports, [], 'a run stopped before it started reports nothing');
        assert.equal(clock.reads, 0);
        return;
      }
      const stopped = stopAfter !== undefined && stopAfter <= available;
      const delivered = items.slice(0, stopped ? stopAfter : available);
      const failed = !stopped && failAt !== undefined;
      const ending = stopped ? 'stopped' : failed ? 'failed' : 'exhausted';
      assert.deepEqual(seen, delivered);
      assert.equal(caught, failed ? failure : undefined);
      const hadItem = delivered.length > 0;
      const expected: StreamMetrics = {
        timeToFirstItemMs: hadItem ? readings[1]! - readings[0]! : null,
        itemCount: delivered.length,
        bytes: delivered.reduce<number>((sum, x) => sum + size(x), 0),
        totalMs: (hadItem ? readings[2]! : readings[1]!) - readings[0]!,
        ending,
      };
      assert.deepEqual(reports, [expected]);
      assert.deepEqual(returned, ending === 'exhausted' ? expected : undefined);
      assert.equal(src.log.closed, true, 'the source is closed on every path');
    }),
    { numRuns: 300 },
  );
});

test('streamWithMetrics: an error thrown into the run by the consumer is a stop, and is re-thrown', () => {
  const reports: StreamMetrics[] = [];
  const src = source(['a', 'b'], undefined, new Error('unused'));
  const run = streamWithMetrics(src.sync(), (m) => reports.push(m), { now: clockOf([0, 1, 5]).now });
  run.next();
  const consumerError = new Error('consumer gave up');
  assert.throws(() => run.throw(consumerError), (e) => e === consumerError);
  assert.deepEqual(reports, [{ timeToFirstItemMs: 1, itemCount: 1, bytes: 1, totalMs: 5, ending: 'stopped' }]);
  assert.equal(src.log.closed, true);
});

test('streamWithMetrics: a throwing onReport surfaces, and never hides the source error', async () => {
  const reportError = new Error('report failed');
  const failing = () => {
    throw reportError;
  };
  assert.throws(() => [...streamWithMetrics(['x'], failing)], (e) => e === reportError);
  const sourceError = new Error('source failed');
  await assert.rejects(
    async () => {
      for await (const _ of streamWithMetrics(source(['x'], 1, sourceError).async(), failing));
    },
    (e) => e instanceof SuppressedError && e.error === reportError && e.suppressed === sourceError,
  );
});

test('streamWithMetrics: the default clock measures real time, not negative, with totals consistent', async () => {
  const reports: StreamMetrics[] = [];
  async function* slow() {
    yield 'é';
    await new Promise((resolve) => setImmediate(resolve));
    yield new Uint16Array(3);
  }
  const out: unknown[] = [];
  for await (const x of streamWithMetrics(slow(), (m) => reports.push(m))) out.push(x);
  const [m] = reports;
  assert.ok(m !== undefined && m.timeToFirstItemMs !== null);
  assert.ok(m.timeToFirstItemMs >= 0 && m.totalMs >= m.timeToFirstItemMs);
  assert.equal(m.bytes, 2 + 6, 'é is 2 UTF-8 bytes; a Uint16Array(3) is 6 bytes');
  assert.equal(out.length, 2);
});

test('streamWithMetrics: bad arguments are TypeErrors naming the argument', () => {
  assert.throws(() => streamWithMetrics(5 as never, () => {}), /streamWithMetrics: expected `source` to be an async or sync iterable, got number 5/);
  assert.throws(() => streamWithMetrics([], null as never), /streamWithMetrics: expected `onReport` to be a function, got null/);
  assert.throws(() => streamWithMetrics([], () => {}, { now: 'now' } as never), /streamWithMetrics: expected `options.now` to be a function/);
  assert.throws(() => streamWithMetrics([], () => {}, 3 as never), /streamWithMetrics: expected `options` to be an object, got number 3/);
});
