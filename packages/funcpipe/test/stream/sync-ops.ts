// Random operator chains as data for the sync stream tests, and how to apply one to a stream.
// Every chain maps numbers to numbers; the per-item functions are shared with the models.
import fc from 'fast-check';
import * as Sync from '../../src/stream/index.js';
import { Recorder, RecordingSource, type SourceOptions } from './recording-source.js';

export class CallbackError extends Error {}

/** What `applyOps` wires into a chain besides the ops themselves. */
export interface Env {
  /** Where callbacks log their calls. */
  readonly calls?: CallLog;
  /** When given, zip/concat/flatMap sides are `RecordingSource`s reporting here. */
  readonly rec?: Recorder;
  /** Options for each side source, by its label. */
  readonly sideOptions?: (label: string) => SourceOptions;
}

/** An operator of a random chain, as data; every chain maps numbers to numbers. */
export type Op =
  | { readonly kind: 'map'; readonly k: number }
  | { readonly kind: 'filter'; readonly m: number }
  | { readonly kind: 'tap' }
  | { readonly kind: 'take'; readonly n: number }
  | { readonly kind: 'drop'; readonly n: number }
  | { readonly kind: 'takeWhile'; readonly w: number }
  | { readonly kind: 'scan'; readonly init: number }
  | { readonly kind: 'chunk'; readonly size: number }
  | { readonly kind: 'flatMap'; readonly inner: 'array' | 'stream' | 'source' }
  | { readonly kind: 'zip'; readonly other: readonly number[] }
  | { readonly kind: 'concat'; readonly others: readonly (readonly number[])[] }
  | { readonly kind: 'throw'; readonly at: number };

const small = fc.integer({ min: -50, max: 50 });

export const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), k: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('filter' as const), m: fc.integer({ min: 2, max: 4 }) }),
  fc.record({ kind: fc.constant('tap' as const) }),
  fc.record({ kind: fc.constant('take' as const), n: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ kind: fc.constant('drop' as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('takeWhile' as const), w: fc.integer({ min: 3, max: 9 }) }),
  fc.record({ kind: fc.constant('scan' as const), init: small }),
  fc.record({ kind: fc.constant('chunk' as const), size: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('flatMap' as const), inner: fc.constantFrom('array' as const, 'stream' as const, 'source' as const) }),
  fc.record({ kind: fc.constant('zip' as const), other: fc.array(small, { maxLength: 12 }) }),
  fc.record({ kind: fc.constant('concat' as const), others: fc.array(fc.array(small, { maxLength: 4 }), { maxLength: 3 }) }),
);

/** An op that throws a `CallbackError` on its `at`-th call (placed by the resource-safety tests). */
export const arbThrow: fc.Arbitrary<Op> = fc.record({ kind: fc.constant('throw' as const), at: fc.integer({ min: 0, max: 6 }) });

export const arbItems = fc.array(small, { maxLength: 20 });
export const arbChain = fc.array(arbOp, { maxLength: 6 });

/** The per-item functions of each op, shared by the stream and both models. */
export const fns = {
  map: (k: number) => (x: number, i: number) => x * k + i,
  filter: (m: number) => (x: number, i: number) => (x + i) % m !== 0,
  takeWhile: (w: number) => (x: number, i: number) => (x + i) % w !== 0,
  scan: (acc: number, x: number, i: number) => acc + x - i,
  chunkToNumber: (c: readonly number[]) => c.reduce((a, b) => a + b, 0) * 10 + c.length,
  innerItems: (x: number, i: number) => Array.from({ length: Math.abs(x + i) % 3 }, (_, j) => x + j),
  pairToNumber: ([a, b]: readonly [number, number]) => a * 7 + b,
};

/** Where callbacks report their calls, so call order and arguments can be compared. */
export type CallLog = string[];

function thrower(at: number, calls: CallLog, label: string, rec: Recorder | undefined) {
  let n = 0;
  return (x: number) => {
    calls.push(`${label}:${x}`);
    if (n++ === at) {
      const error = new CallbackError(`${label} threw at call ${at}`);
      rec?.thrown.push(error);
      throw error;
    }
    return x;
  };
}

export function logged<F extends (...args: never[]) => unknown>(calls: CallLog, label: string, f: F): F {
  return ((...args: never[]) => {
    calls.push(`${label}:${args.map(String).join(',')}`);
    return f(...args);
  }) as F;
}

/** Applies a chain to a stream. With a recorder, zip/concat/flatMap sides are recording sources. */
export function applyOps(start: Sync.Stream<number>, ops: readonly Op[], env: Env = {}): Sync.Stream<number> {
  const { calls = [], rec, sideOptions = () => ({}) } = env;
  const side = (label: string, items: readonly number[]): Iterable<number> =>
    rec === undefined ? items : new RecordingSource(rec, label, items, sideOptions(label));
  let s = start;
  ops.forEach((op, pos) => {
    const label = `${op.kind}${pos}`;
    switch (op.kind) {
      case 'map':
        s = Sync.map(logged(calls, label, fns.map(op.k)))(s);
        break;
      case 'filter':
        s = Sync.filter(logged(calls, label, fns.filter(op.m)))(s);
        break;
      case 'tap':
        s = Sync.tap(logged(calls, label, (_x: number, _i: number) => undefined))(s);
        break;
      case 'take':
        s = Sync.take<number>(op.n)(s);
        break;
      case 'drop':
        s = Sync.drop<number>(op.n)(s);
        break;
      case 'takeWhile':
        s = Sync.takeWhile(logged(calls, label, fns.takeWhile(op.w)))(s);
        break;
      case 'scan':
        s = Sync.scan(logged(calls, label, fns.scan), op.init)(s);
        break;
      case 'chunk':
        s = Sync.map(fns.chunkToNumber)(Sync.chunk<number>(op.size)(s));
        break;
      case 'flatMap':
        s = Sync.flatMap(
          logged(calls, label, (x: number, i: number): Iterable<number> => {
            const items = fns.innerItems(x, i);
            if (op.inner === 'stream') return Sync.fromIterable(items);
            return op.inner === 'source' ? side(`${label}inner`, items) : items;
          }),
        )(s);
        break;
      case 'zip':
        s = Sync.map(fns.pairToNumber)(Sync.zip<number, number>(side(`${label}other`, op.other))(s));
        break;
      case 'concat':
        s = Sync.concat<number>(...op.others.map((o, j) => side(`${label}part${j}`, o)))(s);
        break;
      case 'throw':
        s = Sync.map(thrower(op.at, calls, label, rec))(s);
        break;
    }
  });
  return s;
}
