// Two reference models of a chain for the sync stream tests: an eager one over arrays (what the
// result must be) and a lazy one written as plain generators (what must be pulled, and when).
import { fns, logged, type CallLog, type Op } from './sync-ops.js';

/** The eager reference: each op over a whole array (no throw ops). */
export function modelOps(items: readonly number[], ops: readonly Op[]): number[] {
  let xs = [...items];
  for (const op of ops) {
    switch (op.kind) {
      case 'map':
        xs = xs.map(fns.map(op.k));
        break;
      case 'filter':
        xs = xs.filter(fns.filter(op.m));
        break;
      case 'tap':
        break;
      case 'take':
        xs = xs.slice(0, op.n);
        break;
      case 'drop':
        xs = xs.slice(op.n);
        break;
      case 'takeWhile': {
        const p = fns.takeWhile(op.w);
        const stop = xs.findIndex((x, i) => !p(x, i));
        if (stop >= 0) xs = xs.slice(0, stop);
        break;
      }
      case 'scan': {
        let acc = op.init;
        xs = xs.map((x, i) => (acc = fns.scan(acc, x, i)));
        break;
      }
      case 'chunk': {
        const out: number[] = [];
        for (let i = 0; i < xs.length; i += op.size) out.push(fns.chunkToNumber(xs.slice(i, i + op.size)));
        xs = out;
        break;
      }
      case 'flatMap':
        xs = xs.flatMap((x, i) => fns.innerItems(x, i));
        break;
      case 'zip':
        xs = xs.slice(0, op.other.length).map((x, i) => fns.pairToNumber([x, op.other[i] as number]));
        break;
      case 'concat':
        xs = [...xs, ...op.others.flat()];
        break;
      case 'throw':
        throw new Error('modelOps: no model for throw ops');
    }
  }
  return xs;
}

function* lazyMap<A, B>(src: Iterable<A>, f: (x: A, i: number) => B): Generator<B> {
  let i = 0;
  for (const x of src) yield f(x, i++);
}
function* lazyFilter<A>(src: Iterable<A>, p: (x: A, i: number) => boolean): Generator<A> {
  let i = 0;
  for (const x of src) if (p(x, i++)) yield x;
}
function* lazyTake<A>(src: Iterable<A>, n: number): Generator<A> {
  if (n === 0) return;
  let taken = 0;
  for (const x of src) {
    yield x;
    if (++taken === n) return;
  }
}
function* lazyTakeWhile<A>(src: Iterable<A>, p: (x: A, i: number) => boolean): Generator<A> {
  let i = 0;
  for (const x of src) {
    if (!p(x, i++)) return;
    yield x;
  }
}
function* lazyChunk<A>(src: Iterable<A>, size: number): Generator<A[]> {
  let c: A[] = [];
  for (const x of src) {
    c.push(x);
    if (c.length === size) {
      yield c;
      c = [];
    }
  }
  if (c.length > 0) yield c;
}
function* lazyZip<A, B>(src: Iterable<A>, other: Iterable<B>): Generator<[A, B]> {
  const left = src[Symbol.iterator]();
  let right: Iterator<B> | undefined;
  try {
    for (;;) {
      const l = left.next();
      if (l.done) return;
      right ??= other[Symbol.iterator]();
      const r = right.next();
      if (r.done) return;
      yield [l.value, r.value];
    }
  } finally {
    right?.return?.();
    left.return?.();
  }
}

/**
 * The lazy reference: the same chain as hand-written generators, each pulling exactly what it
 * needs. Side iterables come from `sides` so both runs can use the same kind of source.
 */
export function lazyOps(src: Iterable<number>, ops: readonly Op[], calls: CallLog, sides: (label: string, items: readonly number[]) => Iterable<number>): Iterable<number> {
  let s = src;
  ops.forEach((op, pos) => {
    const label = `${op.kind}${pos}`;
    const prev = s;
    switch (op.kind) {
      case 'map':
        s = lazyMap(prev, logged(calls, label, fns.map(op.k)));
        break;
      case 'filter':
        s = lazyFilter(prev, logged(calls, label, fns.filter(op.m)));
        break;
      case 'tap': {
        const f = logged(calls, label, (_x: number, _i: number) => undefined);
        s = lazyMap(prev, (x: number, i: number) => {
          f(x, i);
          return x;
        });
        break;
      }
      case 'take':
        s = lazyTake(prev, op.n);
        break;
      case 'drop':
        s = lazyFilter(prev, (_x, i) => i >= op.n);
        break;
      case 'takeWhile':
        s = lazyTakeWhile(prev, logged(calls, label, fns.takeWhile(op.w)));
        break;
      case 'scan': {
        let acc = op.init;
        const f = logged(calls, label, fns.scan);
        s = lazyMap(prev, (x: number, i: number) => (acc = f(acc, x, i)));
        break;
      }
      case 'chunk':
        s = lazyMap(lazyChunk(prev, op.size), fns.chunkToNumber);
        break;
      case 'flatMap': {
        const f = logged(calls, label, (x: number, i: number) => fns.innerItems(x, i));
        s = (function* () {
          let i = 0;
          for (const x of prev) {
            const items = f(x, i++);
            yield* op.inner === 'source' ? sides(`${label}inner`, items) : items;
          }
        })();
        break;
      }
      case 'zip':
        s = lazyMap(lazyZip(prev, sides(`${label}other`, op.other)), fns.pairToNumber);
        break;
      case 'concat':
        s = (function* () {
          yield* prev;
          for (const [j, o] of op.others.entries()) yield* sides(`${label}part${j}`, o);
        })();
        break;
      case 'throw':
        throw new Error('lazyOps: no model for throw ops');
    }
  });
  return s;
}
