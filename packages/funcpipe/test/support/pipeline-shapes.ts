// Random pipelines for property tests: a shape is plain data (so fast-check can shrink it to a
// minimal counterexample), and `buildShape` turns it into an AsyncGen whose user functions and
// resources report to a Recorder. `consumers.ts` drives such runs to their exit paths.
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { liftAsyncItem } from '../../src/async/lift-async-item.js';
import { pipe } from '../../src/pipe.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { err, ok, type Result } from '../../src/result/result.js';
import type { Recorder } from './recorder.js';

/** The items of every generated pipeline. */
export type Item = Result<number, ErrInfo>;

/** Random stream items: small `Ok` numbers and `Err`s with a code. */
export const arbItem: fc.Arbitrary<Item> = fc.oneof(
  { weight: 3, arbitrary: fc.nat(20).map((n) => ok<number, ErrInfo>(n)) },
  { weight: 1, arbitrary: fc.nat(9).map((n) => err<ErrInfo, number>(errInfo(`E${n}`, `item error ${n}`))) },
);

/** A fused stage, as data. `failAt`: the mapper throws on that call. */
export type FusedOp =
  | { readonly op: 'map'; readonly failAt: number | undefined }
  | { readonly op: 'filter' | 'mapErr' | 'tap' | 'scan' }
  | { readonly op: 'take' | 'drop' | 'chunk' | 'takeWhile'; readonly n: number };

/** A pipeline, as data: leaves are sources, nodes are operators. */
export type Shape =
  | { readonly kind: 'results'; readonly items: readonly Item[] }
  | { readonly kind: 'producer'; readonly items: readonly Item[]; readonly failAt: number | undefined; readonly slow: boolean }
  | { readonly kind: 'bracket'; readonly inner: Shape; readonly acquireFails: boolean; readonly releaseFails: boolean }
  | { readonly kind: 'fused'; readonly stage: FusedOp; readonly inner: Shape }
  | { readonly kind: 'andThen'; readonly outer: Shape; readonly inner: Shape }
  | { readonly kind: 'flatMap' | 'lift'; readonly outer: Shape; readonly width: number }
  | { readonly kind: 'concat'; readonly first: Shape; readonly rest: readonly Shape[] }
  | { readonly kind: 'zip'; readonly left: Shape; readonly right: Shape };

/** Random shapes over every operator of the async core; with `faults`, some parts fail on purpose. */
export function arbShape({ faults }: { readonly faults: boolean }): fc.Arbitrary<Shape> {
  const failAt = faults ? fc.option(fc.nat(6), { freq: 4, nil: undefined }) : fc.constant(undefined);
  const fails = faults ? fc.nat(9).map((n) => n < 2) : fc.constant(false);
  const items = fc.array(arbItem, { maxLength: 6 });
  const stage: fc.Arbitrary<FusedOp> = fc.oneof(
    failAt.map((at) => ({ op: 'map' as const, failAt: at })),
    fc.constantFrom('filter' as const, 'mapErr' as const, 'tap' as const, 'scan' as const).map((op) => ({ op })),
    fc.record({ op: fc.constantFrom('take' as const, 'drop' as const, 'chunk' as const, 'takeWhile' as const), n: fc.integer({ min: 1, max: 4 }) }),
  );
  return fc.letrec<{ shape: Shape }>((tie) => ({
    shape: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      items.map((xs): Shape => ({ kind: 'results', items: xs })),
      fc.record({ kind: fc.constant('producer' as const), items, failAt, slow: fc.boolean() }),
      fc.record({ kind: fc.constant('bracket' as const), inner: tie('shape'), acquireFails: fails, releaseFails: fails }),
      fc.record({ kind: fc.constant('fused' as const), stage, inner: tie('shape') }),
      fc.record({ kind: fc.constant('andThen' as const), outer: tie('shape'), inner: tie('shape') }),
      fc.record({ kind: fc.constantFrom('flatMap' as const, 'lift' as const), outer: tie('shape'), width: fc.nat(3) }),
      fc.record({ kind: fc.constant('concat' as const), first: tie('shape'), rest: fc.array(tie('shape'), { maxLength: 2 }) }),
      fc.record({ kind: fc.constant('zip' as const), left: tie('shape'), right: tie('shape') }),
    ),
  })).shape;
}

/**
 * Builds the description of `shape`. Building calls nothing: every effect is recorded when it
 * happens. `at` is the node's position in the tree; `scope` names the zip side it is in.
 */
export function buildShape(shape: Shape, rec: Recorder, at = 'root', scope = ''): AsyncGen<number, ErrInfo> {
  const build = (child: Shape, name: string, childScope = scope): AsyncGen<number, ErrInfo> => buildShape(child, rec, `${at}.${name}`, childScope);
  switch (shape.kind) {
    case 'results':
      return Async.fromResults(shape.items);
    case 'producer':
      return Async.fromResultProducer((signal) => (rec.note('call producer'), produce(shape, signal, rec, scope)));
    case 'bracket':
      return Async.bracket(
        async (signal) => {
          rec.note('call acquire');
          await tick(undefined, { signal });
          if (shape.acquireFails) throw rec.fault('acquire', 'bracket');
          return rec.acquire('bracket', scope);
        },
        () => (rec.note('call use'), build(shape.inner, 'inner')),
        (name) => {
          rec.release(name);
          if (shape.releaseFails) throw rec.fault('release', name);
        },
      );
    case 'fused':
      return fused(shape.stage, build(shape.inner, 'inner'), rec);
    case 'andThen':
      return pipe(build(shape.outer, 'outer'), Async.andThen(() => (rec.note('call andThen'), build(shape.inner, 'inner'))));
    case 'flatMap':
      return pipe(
        build(shape.outer, 'outer'),
        Async.flatMap((v: number) => (rec.note('call flatMap'), iterate(v, shape.width, rec, scope))),
      );
    case 'lift':
      return pipe(
        build(shape.outer, 'outer'),
        Async.andThen(
          liftAsyncItem(async (v: number, signal) => {
            rec.note('call lift');
            await tick(undefined, { signal });
            if (v % 4 === 3) throw new Error(`lifted throw on ${v}`);
            return ok(v + shape.width);
          }),
        ),
      );
    case 'concat':
      return pipe(build(shape.first, 'first'), Async.concat(...shape.rest.map((s, i) => build(s, `rest${i}`))));
    case 'zip':
      return pipe(
        build(shape.left, 'left', `${scope}${at}:left;`),
        Async.zip(build(shape.right, 'right', `${scope}${at}:right;`)),
        Async.map(([a, b]: [number, number]) => a + b),
      );
  }
}

async function* produce(shape: Extract<Shape, { kind: 'producer' }>, signal: AbortSignal, rec: Recorder, scope: string): AsyncGenerator<Item> {
  const name = rec.acquire('producer', scope);
  try {
    for (const [i, item] of shape.items.entries()) {
      if (shape.slow) await tick(undefined, { signal });
      if (i === shape.failAt) throw rec.fault('producer', name);
      rec.note(`pull ${name} ${i}`);
      yield item;
    }
  } finally {
    rec.release(name);
  }
}

function* iterate(from: number, width: number, rec: Recorder, scope: string): Generator<number> {
  const name = rec.acquire('iterator', scope);
  try {
    for (let i = 0; i < width; i++) yield from + i;
  } finally {
    rec.release(name);
  }
}

function fused(stage: FusedOp, gen: AsyncGen<number, ErrInfo>, rec: Recorder): AsyncGen<number, ErrInfo> {
  switch (stage.op) {
    case 'map': {
      let calls = 0;
      return pipe(gen, Async.map((v: number) => {
          rec.note('call map');
          if (calls++ === stage.failAt) throw rec.fault('map', `call ${stage.failAt}`);
          return v + 1;
        }),
      );
    }
    case 'filter':
      return pipe(gen, Async.filter((v: number) => (rec.note('call filter'), v % 3 !== 2)));
    case 'mapErr':
      return pipe(gen, Async.mapErr((e: ErrInfo) => (rec.note('call mapErr'), errInfo(e.code, `${e.msg}!`))));
    case 'tap':
      return pipe(gen, Async.tap((r: Item) => rec.note(`call tap ${r.ok ? 'ok' : 'err'}`)));
    case 'scan':
      return pipe(gen, Async.scan((acc: number, v: number) => (rec.note('call scan'), acc + v), 0));
    case 'take':
      return pipe(gen, Async.take(stage.n));
    case 'drop':
      return pipe(gen, Async.drop(stage.n));
    case 'chunk':
      return pipe(gen, Async.chunk(stage.n), Async.map((xs: number[]) => xs.reduce((a, b) => a + b, 0)));
    case 'takeWhile':
      return pipe(gen, Async.takeWhile((v: number) => (rec.note('call takeWhile'), v % 5 !== stage.n)));
  }
}

/** A producer source of `items` that records its acquisition, its pulls and its release. */
export function trackedSource(rec: Recorder, items: readonly Item[], slow = false): AsyncGen<number, ErrInfo> {
  return buildShape({ kind: 'producer', items, failAt: undefined, slow }, rec);
}
