// Laziness: a run works only while its consumer is asking. Nothing happens between a delivered
// item and the next request (no read-ahead), a stop after k items starts nothing new (only
// releases follow), and a source behind fused stages is pulled exactly as far as k items need.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { Recorder, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, arbShape, buildShape, type FusedOp, type Shape } from '../support/pipeline-shapes.js';

failOnUnhandledRejections();

type Item = Result<number, ErrInfo>;
const params = { numRuns: 100, includeErrorInReport: true };

/** Pulls up to `k` items by hand, idling a few event-loop turns after each, then stops the run. */
async function pullThenStop(gen: AsyncGen<number, ErrInfo>, k: number, rec: Recorder): Promise<Item[]> {
  const run = gen[Symbol.asyncIterator]();
  const items: Item[] = [];
  while (items.length < k) {
    rec.note('request');
    const step = await run.next();
    if (step.done === true) break;
    items.push(step.value);
    rec.note('deliver');
    await tick();
    await tick();
  }
  rec.note('stop');
  await run.return();
  return items;
}

test('no read-ahead: nothing happens between a delivered item and the next request', async () => {
  await fc.assert(
    fc.asyncProperty(arbShape({ faults: false }), fc.nat(8), async (shape, k) => {
      const rec = new Recorder();
      await pullThenStop(buildShape(shape, rec), k, rec);
      rec.events.forEach((event, i) => {
        if (event === 'deliver') assert.match(rec.events[i + 1] ?? 'end', /^(request|stop)$/, `work after item ${i}: ${rec.events[i + 1]}`);
      });
    }),
    params,
  );
});

test('a stop after k items starts nothing new: only releases follow the last delivered item', async () => {
  await fc.assert(
    fc.asyncProperty(arbShape({ faults: false }), fc.nat(8), async (shape, k) => {
      const rec = new Recorder();
      await pullThenStop(buildShape(shape, rec), k, rec);
      const after = rec.events.slice(rec.events.indexOf('stop') + 1);
      assert.deepEqual(after.filter((e) => !e.startsWith('release ')), []);
      assert.equal(rec.open, 0);
    }),
    params,
  );
});

/** The reference semantics of one fused stage over single items (as in pipeline-shapes.ts). */
interface ModelStage {
  stopped: boolean;
  push(item: Item): Item[];
  end(): Item[];
}

function modelStage(stage: FusedOp): ModelStage {
  const s: ModelStage = { stopped: false, push: (item) => [item], end: () => [] };
  const onOk = (f: (v: number) => Item[]) => (item: Item) => (item.ok ? f(item.value) : [item]);
  switch (stage.op) {
    case 'map':
      s.push = onOk((v) => [ok(v + 1)]);
      break;
    case 'filter':
      s.push = onOk((v) => (v % 3 !== 2 ? [ok(v)] : []));
      break;
    case 'mapErr':
      s.push = (item) => (item.ok ? [item] : [err(errInfo(item.error.code, `${item.error.msg}!`))]);
      break;
    case 'tap':
      break;
    case 'scan': {
      let acc = 0;
      s.push = onOk((v) => [ok((acc += v))]);
      break;
    }
    case 'take': {
      let seen = 0;
      s.push = (item) => {
        seen++;
        if (seen >= stage.n) s.stopped = true;
        return seen <= stage.n ? [item] : [];
      };
      break;
    }
    case 'drop': {
      let skipped = 0;
      s.push = (item) => (skipped < stage.n ? (skipped++, []) : [item]);
      break;
    }
    case 'chunk': {
      let batch: number[] = [];
      const flush = (): Item[] => (batch.length === 0 ? [] : [ok(batch.splice(0).reduce((a, b) => a + b, 0))]);
      s.push = onOk((v) => (batch.push(v) === stage.n ? flush() : []));
      s.end = flush;
      break;
    }
    case 'takeWhile':
      s.push = (item) => {
        if (s.stopped) return [];
        if (!item.ok || item.value % 5 !== stage.n) return [item];
        s.stopped = true;
        return [];
      };
      break;
  }
  return s;
}

/** Runs the model: how many source items k outputs need, and the outputs of a full run. */
function model(items: readonly Item[], ops: readonly FusedOp[], k: number): { pulls: number; full: Item[] } {
  const stages = ops.map(modelStage);
  const outputs: Item[] = [];
  const through = (batch: Item[], from: number): Item[] => stages.slice(from).reduce((xs, st) => xs.flatMap((x) => st.push(x)), batch);
  let fed = 0;
  let pulls: number | undefined;
  for (const item of items) {
    if (stages.some((st) => st.stopped)) break;
    if (outputs.length >= k) pulls ??= fed;
    fed++;
    outputs.push(...through([item], 0));
  }
  stages.forEach((st, i) => outputs.push(...through(st.end(), i + 1)));
  return { pulls: pulls ?? fed, full: outputs };
}

test('a source behind fused stages is pulled exactly as far as the first k items need', async () => {
  const stage: fc.Arbitrary<FusedOp> = fc.oneof(
    fc.constant({ op: 'map' as const, failAt: undefined }),
    fc.constantFrom('filter' as const, 'mapErr' as const, 'tap' as const, 'scan' as const).map((op) => ({ op })),
    fc.record({ op: fc.constantFrom('take' as const, 'drop' as const, 'chunk' as const, 'takeWhile' as const), n: fc.integer({ min: 1, max: 4 }) }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 12 }), fc.array(stage, { maxLength: 4 }), fc.nat(6), fc.boolean(), async (items, ops, k, slow) => {
      const source: Shape = { kind: 'producer', items, failAt: undefined, slow };
      const shape = ops.reduce<Shape>((inner, st) => ({ kind: 'fused', stage: st, inner }), source);
      const rec = new Recorder();
      const got = await pullThenStop(buildShape(shape, rec), k, rec);
      const expected = model(items, ops, k);
      assert.equal(rec.count('pull '), expected.pulls, 'source pulls');
      assert.deepEqual(got, expected.full.slice(0, k), 'items');
    }),
    params,
  );
});
