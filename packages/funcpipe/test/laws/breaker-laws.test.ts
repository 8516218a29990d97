// Laws of the stream breakers, on both trees, against a naive model of each rule:
// 1. the items before the stop are the unbroken stream's prefix; 2. the stop happens exactly at
// the item the model names (and the final BreakInfo says so); 3. the upstream is released before
// the consumer sees the last item; 4. inside random pipelines (every async operator), with every
// exit path, every resource is released once, LIFO, and a stopped run delivers a prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { err, ok, type Result } from '../../src/result/result.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { isBreakInfo, type BreakInfo } from '../../src/policy/break-info.js';
import { circuitBreakerRateEmit } from '../../src/policy/circuit-breaker-rate-emit.js';
import { circuitBreakerConsecutiveEmit } from '../../src/policy/circuit-breaker-consecutive-emit.js';
import { shortCircuitOnErrEmit, shortCircuitOnErrTruncate } from '../../src/policy/short-circuit.js';
import type { StreamBreaker } from '../../src/policy/stream-breaker.js';
import { arbItem, arbShape, buildShape, trackedSource, type Item } from '../support/pipeline-shapes.js';
import { consume, type Exit } from '../support/consumers.js';
import { applyOps, arbChain, arbItems } from '../stream/sync-ops.js';
import { Recorder as SyncRecorder, RecordingSource } from '../stream/recording-source.js';
import { Fault, Recorder, errorsIn, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** A breaker as data, with its model: where it stops (the index of the item) and whether that item is emitted. */
type Rule =
  | { readonly kind: 'truncate' | 'emit' }
  | { readonly kind: 'consecutive'; readonly maxConsecutive: number }
  | { readonly kind: 'rate'; readonly maxRate: number; readonly window: number; readonly minItems: number };

const arbRule: fc.Arbitrary<Rule> = fc.oneof(
  fc.constantFrom<Rule>({ kind: 'truncate' }, { kind: 'emit' }),
  fc.integer({ min: 1, max: 4 }).map((maxConsecutive): Rule => ({ kind: 'consecutive', maxConsecutive })),
  fc
    .record({ maxRate: fc.constantFrom(0, 0.1, 0.25, 0.5, 0.75, 1), window: fc.integer({ min: 1, max: 8 }), minFraction: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ maxRate, window, minFraction }): Rule => ({ kind: 'rate', maxRate, window, minItems: Math.max(1, Math.ceil(minFraction * window)) })),
);

function breakerOf(rule: Rule): StreamBreaker<BreakInfo> {
  switch (rule.kind) {
    case 'truncate':
      return shortCircuitOnErrTruncate();
    case 'emit':
      return shortCircuitOnErrEmit();
    case 'consecutive':
      return circuitBreakerConsecutiveEmit({ maxConsecutive: rule.maxConsecutive });
    case 'rate':
      return circuitBreakerRateEmit({ maxRate: rule.maxRate, window: rule.window, minItems: rule.minItems });
  }
}

/** The model: the index of the item at which `rule` stops `items` (undefined: never), computed naively. */
function modelStop(rule: Rule, items: readonly Item[]): number | undefined {
  for (let i = 0; i < items.length; i++) {
    switch (rule.kind) {
      case 'truncate':
      case 'emit':
        if (!items[i]!.ok) return i;
        break;
      case 'consecutive': {
        const run = items.slice(Math.max(0, i - rule.maxConsecutive + 1), i + 1);
        if (run.length === rule.maxConsecutive && run.every((r) => !r.ok)) return i;
        break;
      }
      case 'rate': {
        if (i + 1 < rule.minItems) break;
        const window = items.slice(Math.max(0, i - rule.window + 1), i + 1);
        if (window.filter((r) => !r.ok).length / window.length > rule.maxRate) return i;
        break;
      }
    }
  }
  return undefined;
}

/** What the model says the output is: the prefix up to the stop, then (for the emitting rules) the BreakInfo. */
function checkOutput(rule: Rule, items: readonly Item[], out: ReadonlyArray<Result<number, unknown>>): void {
  const stop = modelStop(rule, items);
  if (stop === undefined) return assert.deepEqual(out, items);
  const kept = rule.kind === 'truncate' ? stop : stop + 1;
  assert.deepEqual(out.slice(0, kept), items.slice(0, kept), 'the items before the stop are the unbroken prefix');
  if (rule.kind === 'truncate' || rule.kind === 'emit') return assert.equal(out.length, kept);
  assert.equal(out.length, kept + 1, 'exactly one BreakInfo after the tripping item');
  const last = out[kept]!;
  assert.ok(!last.ok && isBreakInfo(last.error));
  assert.equal(last.error.index, stop, 'the BreakInfo names the item the model stops at');
  assert.equal(last.error.seen, stop + 1);
}

const items = fc.array(arbItem, { maxLength: 30 });

test('law: the output is the unbroken prefix up to the documented item (sync driven, sync pulled, async)', async () => {
  await fc.assert(
    fc.asyncProperty(arbRule, items, async (rule, xs) => {
      const breaker = breakerOf(rule);
      checkOutput(rule, xs, pipe(Sync.fromIterable(xs), breaker, Sync.toArray()));
      checkOutput(rule, xs, [...breaker(Sync.fromIterable(xs))]);
      checkOutput(rule, xs, await pipe(Async.fromResults(xs), breaker, Async.toArray()));
    }),
    { numRuns: 300 },
  );
});

test('law: the upstream is released before the consumer sees the last item (sync)', () => {
  fc.assert(
    fc.property(arbRule, items, (rule, xs) => {
      let open = 0;
      function* source(): Generator<Item> {
        open++;
        try {
          yield* xs;
        } finally {
          open--;
        }
      }
      const out = [...pipe(Sync.fromFactory(source), breakerOf(rule))];
      // Truncation emits nothing at the stop, so only the end (checked after the loop) follows it.
      const stopped = modelStop(rule, xs) !== undefined && rule.kind !== 'truncate';
      let seen = 0;
      for (const item of pipe(Sync.fromFactory(source), breakerOf(rule))) {
        seen++;
        // The last item is handed out by the next() that closed the source.
        if (stopped && seen === out.length) assert.equal(open, 0, 'source still open when the last item arrived');
        void item;
      }
      assert.equal(open, 0);
    }),
  );
});

test('law: the upstream is released before the consumer sees the last item (async)', async () => {
  await fc.assert(
    fc.asyncProperty(arbRule, items, fc.boolean(), async (rule, xs, slow) => {
      const rec = new Recorder();
      // Truncation emits nothing at the stop, so only the end (checked after the loop) follows it.
      const stopped = modelStop(rule, xs) !== undefined && rule.kind !== 'truncate';
      const expected = await pipe(Async.fromResults(xs), breakerOf(rule), Async.toArray());
      let seen = 0;
      for await (const item of pipe(trackedSource(rec, xs, slow), breakerOf(rule))) {
        seen++;
        if (stopped && seen === expected.length) assert.equal(rec.open, 0, 'source still open when the last item arrived');
        void item;
      }
      assert.equal(seen, expected.length);
      rec.assertAllReleased();
    }),
  );
});

const exits: fc.Arbitrary<Exit> = fc.oneof(
  fc.constant<Exit>({ kind: 'drain' }),
  fc.record({ kind: fc.constantFrom('break' as const, 'throw' as const, 'abortIdle' as const, 'abortPending' as const), after: fc.nat(5) }),
);

/** A breaker at a random place of a random pipeline: right above the shape, then maybe more operators. */
function composed(rule: Rule, gen: AsyncGen<number, ErrInfo>, after: number): AsyncGen<number, ErrInfo> {
  const broken = pipe(gen, breakerOf(rule)) as AsyncGen<number, ErrInfo>;
  switch (after) {
    case 0:
      return broken;
    case 1:
      return pipe(broken, Async.map((n: number) => n + 1), Async.take(4));
    case 2:
      return pipe(broken, Async.flatMap((n: number) => [n, n]));
    default:
      return pipe(Async.fromResults<number, ErrInfo>([ok(100), err({ code: 'X', msg: 'x' })]), Async.concat(broken));
  }
}

test('law: breakers in random pipelines release everything once, LIFO, on every exit path, and deliver a prefix', async () => {
  await fc.assert(
    fc.asyncProperty(arbRule, arbShape({ faults: true }), fc.nat(3), exits, async (rule, shape, after, exit) => {
      const reference = new Recorder();
      const full = await consume(composed(rule, buildShape(shape, reference), after), { kind: 'drain' }, reference);
      const rec = new Recorder();
      const outcome = await consume(composed(rule, buildShape(shape, rec), after), exit, rec);
      assert.equal(outcome.open, 0, 'resources still held when the consumer exit completed');
      rec.assertAllReleased();
      for (const e of outcome.threw ? errorsIn(outcome.thrown) : []) assert.ok(e instanceof Fault, `unexpected error ${String(e)}`);
      if (!outcome.threw) assert.deepEqual(outcome.items, full.items.slice(0, outcome.items.length), 'a stopped run delivers a prefix of a full run');
    }),
    { numRuns: 200 },
  );
});

/** What the model says a breaker emits for `items`. */
function modelOutput(rule: Rule, items: readonly Item[]): Array<Result<number, unknown>> {
  const stop = modelStop(rule, items);
  if (stop === undefined) return [...items];
  if (rule.kind === 'truncate') return items.slice(0, stop);
  if (rule.kind === 'emit') return items.slice(0, stop + 1);
  return [...items.slice(0, stop + 1), err({ code: 'BREAKER_TRIPPED', msg: '' })];
}

const toItem = (n: number): Item => (n % 3 === 0 ? err({ code: 'E', msg: `bad ${n}` }) : ok(n));
const toNumber = (r: Result<number, unknown>): number => (r.ok ? r.value : isBreakInfo(r.error) ? -1_000 : -1);

test('law (sync): a breaker between random operator chains equals the model, and every source is released once on every exit', () => {
  fc.assert(
    fc.property(arbRule, arbItems, arbChain, arbChain, fc.option(fc.nat(8), { nil: undefined }), (rule, xs, before, after, breakAt) => {
      const upstream = pipe(Sync.fromIterable(xs), (s: Sync.Stream<number>) => applyOps(s, before), Sync.map(toItem), Sync.toArray());
      const expected = pipe(Sync.fromIterable(modelOutput(rule, upstream)), Sync.map(toNumber), (s: Sync.Stream<number>) => applyOps(s, after), Sync.toArray());
      const rec = new SyncRecorder();
      const stream = pipe(
        Sync.fromIterable(new RecordingSource(rec, 'source', xs)),
        (s: Sync.Stream<number>) => applyOps(s, before, { rec }),
        Sync.map(toItem),
        breakerOf(rule),
        Sync.map(toNumber),
        (s: Sync.Stream<number>) => applyOps(s, after, { rec }),
      );
      if (breakAt === undefined) assert.deepEqual(pipe(stream, Sync.toArray()), expected);
      else {
        const seen: number[] = [];
        for (const n of stream) {
          if (seen.length === breakAt) break;
          seen.push(n);
        }
        assert.deepEqual(seen, expected.slice(0, breakAt));
      }
      assert.deepEqual(rec.violations, []);
      assert.deepEqual(rec.held(), [], 'every source released');
    }),
    { numRuns: 300 },
  );
});
