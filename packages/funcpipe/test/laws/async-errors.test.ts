// Per-item errors are values (DESIGN principle 6): an Err flows through every operator in order,
// the stream goes on after it, and the per-item functions of andThen, flatMap and liftAsyncItem
// are never called for it. Checked against an array model of each operator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { liftAsyncItem } from '../../src/async/lift-async-item.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { arbItem } from '../support/pipeline-shapes.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

type Item = Result<number, ErrInfo>;
type Op = 'map' | 'filter' | 'mapErr' | 'tap' | 'scan' | 'chunk' | 'andThen' | 'flatMap' | 'lift';
const ops: readonly Op[] = ['map', 'filter', 'mapErr', 'tap', 'scan', 'chunk', 'andThen', 'flatMap', 'lift'];

/** The items `andThen`'s function streams for `v`: none, one, or an inner Err. */
const inner = (v: number): Item[] => (v % 4 === 1 ? [err(errInfo('INNER', `inner error for ${v}`))] : [ok(v), ok(v + 100)].slice(0, v % 3));
const spread = (v: number): number[] => [v, -v].slice(0, (v % 2) + 1);
const bang = (e: ErrInfo): ErrInfo => errInfo(e.code, `${e.msg}!`);

/** The reference semantics: Err items pass (or are mapped by mapErr); Ok items are transformed. */
function model(op: Op, items: Item[]): Item[] {
  const onOk = (f: (v: number) => Item[]) => items.flatMap((r) => (r.ok ? f(r.value) : [r]));
  switch (op) {
    case 'map':
      return onOk((v) => [ok(v * 2)]);
    case 'filter':
      return onOk((v) => (v % 3 !== 0 ? [ok(v)] : []));
    case 'mapErr':
      return items.map((r) => (r.ok ? r : err(bang(r.error))));
    case 'tap':
      return items;
    case 'scan': {
      let acc = 0;
      return onOk((v) => [ok((acc += v))]);
    }
    case 'chunk': {
      let batch: number[] = [];
      const out = onOk((v) => (batch.push(v) === 2 ? [ok(batch.splice(0).reduce((a, b) => a + b))] : []));
      return batch.length > 0 ? [...out, ok(batch.reduce((a, b) => a + b))] : out;
    }
    case 'andThen':
      return onOk(inner);
    case 'flatMap':
      return onOk((v) => spread(v).map((x) => ok(x)));
    case 'lift':
      return onOk((v) => [ok(v + 1)]);
  }
}

/** The operator itself; `seen` records the values its per-item function is called with. */
function apply(op: Op, gen: AsyncGen<number, ErrInfo>, seen: unknown[]): AsyncGen<number, ErrInfo> {
  switch (op) {
    case 'map':
      return Async.map((v: number) => v * 2)(gen);
    case 'filter':
      return Async.filter((v: number) => v % 3 !== 0)(gen);
    case 'mapErr':
      return Async.mapErr(bang)(gen);
    case 'tap':
      return Async.tap<number, ErrInfo>(() => {})(gen);
    case 'scan':
      return Async.scan((acc: number, v: number) => acc + v, 0)(gen);
    case 'chunk':
      return Async.map((xs: number[]) => xs.reduce((a, b) => a + b))(Async.chunk(2)(gen));
    case 'andThen':
      return Async.andThen((v: number) => (seen.push(v), Async.fromResults(inner(v))))(gen);
    case 'flatMap':
      return Async.flatMap((v: number) => (seen.push(v), spread(v)))(gen);
    case 'lift':
      return Async.andThen(
        liftAsyncItem(async (v: number, signal) => {
          seen.push(v);
          await tick(undefined, { signal });
          return ok<number, ErrInfo>(v + 1);
        }),
      )(gen);
  }
}

test('Err items flow through any chain of operators, in order, and the stream goes on', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 10 }), fc.array(fc.constantFrom(...ops), { maxLength: 5 }), async (items, chain) => {
      const seen = chain.map((): unknown[] => []);
      const gen = chain.reduce((g, op, i) => apply(op, g, seen[i] as unknown[]), Async.fromResults(items));
      const expectedSeen = chain.map((): number[] => []);
      const expected = chain.reduce((xs, op, i) => {
        if (op === 'andThen' || op === 'flatMap' || op === 'lift') expectedSeen[i] = xs.flatMap((r) => (r.ok ? [r.value] : []));
        return model(op, xs);
      }, items);
      assert.deepEqual(await Async.toArray()(gen), expected);
      assert.deepEqual(seen, expectedSeen, 'per-item functions are called for Ok values only, once each');
    }),
    { numRuns: 150, includeErrorInReport: true },
  );
});

test('an Err never ends or stops a run: the items after it are pulled and delivered', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { minLength: 1, maxLength: 10 }), async (items) => {
      let pulled = 0;
      const gen = Async.fromResultProducer(async function* () {
        for (const item of items) {
          pulled++;
          yield item;
        }
      });
      let delivered = 0;
      for await (const item of gen) {
        assert.deepEqual(item, items[delivered]);
        delivered++;
      }
      assert.equal(delivered, items.length);
      assert.equal(pulled, items.length);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});
