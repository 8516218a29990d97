// Bad arguments are reported where they are passed: every entry point of the async core throws
// a TypeError (a RangeError for a number out of range) that names the function and the
// argument, says what was expected and what arrived.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { liftAsyncItem } from '../../src/async/lift-async-item.js';

const params = { numRuns: 60, includeErrorInReport: true };

/** Asserts that `call` throws `kind` with a message naming `where` and the argument `name`. */
function rejects(call: () => unknown, kind: typeof TypeError | typeof RangeError, where: string, name: string): void {
  assert.throws(call, (e: unknown) => {
    assert.ok(e instanceof kind, `expected a ${kind.name}, got ${String(e)}`);
    assert.ok(e.message.startsWith(`${where}: expected \`${name}\``), e.message);
    assert.match(e.message, /, got /);
    return true;
  });
}

const notAFunction = fc.anything().filter((v) => typeof v !== 'function');
const takesFunction: ReadonlyArray<readonly [string, string, (v: never) => unknown]> = [
  ['map', 'f', (v) => Async.map(v)],
  ['filter', 'predicate', (v) => Async.filter(v)],
  ['mapErr', 'f', (v) => Async.mapErr(v)],
  ['tap', 'f', (v) => Async.tap(v)],
  ['scan', 'f', (v) => Async.scan(v, 0)],
  ['takeWhile', 'predicate', (v) => Async.takeWhile(v)],
  ['andThen', 'f', (v) => Async.andThen(v)],
  ['flatMap', 'f', (v) => Async.flatMap(v)],
  ['liftAsyncItem', 'fn', (v) => liftAsyncItem(v)],
  ['bracket', 'acquire', (v) => Async.bracket(v, () => Async.of(1))],
  ['bracket', 'use', (v) => Async.bracket(() => 1, v)],
  ['fold', 'f', (v) => Async.fold(0, v)],
  ['forEach', 'f', (v) => Async.forEach(v)],
  ['fromProducer', 'producer', (v) => Async.fromProducer(v)],
  ['fromResultProducer', 'producer', (v) => Async.fromResultProducer(v)],
];

for (const [where, name, call] of takesFunction) {
  test(`${where} rejects a \`${name}\` that is not a function`, () => {
    fc.assert(fc.property(notAFunction, (v) => rejects(() => call(v as never), TypeError, where, name)), params);
  });
}

test('bracket rejects a `release` that is neither a function nor undefined', () => {
  fc.assert(
    fc.property(notAFunction.filter((v) => v !== undefined), (v) => {
      rejects(() => Async.bracket(() => 1, () => Async.of(1), v as never), TypeError, 'bracket', 'release');
    }),
    params,
  );
});

const takesCount: ReadonlyArray<readonly [string, string, number, (v: never) => unknown]> = [
  ['take', 'n', 0, (v) => Async.take(v)],
  ['drop', 'n', 0, (v) => Async.drop(v)],
  ['chunk', 'size', 1, (v) => Async.chunk(v)],
];
const notAnInteger = fc.oneof(
  fc.double().filter((d) => !Number.isInteger(d)),
  fc.anything().filter((v) => typeof v !== 'number'),
);

for (const [where, name, min, call] of takesCount) {
  test(`${where} rejects a \`${name}\` that is not an integer >= ${min}`, () => {
    fc.assert(fc.property(notAnInteger, (v) => rejects(() => call(v as never), TypeError, where, name)), params);
    fc.assert(fc.property(fc.integer({ max: min - 1 }), (v) => rejects(() => call(v as never), RangeError, where, name)), params);
  });
}

const notIterable = fc.anything().filter((v) => {
  const o = v as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null | undefined;
  return o == null || (typeof o[Symbol.iterator] !== 'function' && typeof o[Symbol.asyncIterator] !== 'function');
});

test('fromIterable and fromResults reject an `iterable` that is not (async) iterable', () => {
  fc.assert(
    fc.property(notIterable, (v) => {
      rejects(() => Async.fromIterable(v as never), TypeError, 'fromIterable', 'iterable');
      rejects(() => Async.fromResults(v as never), TypeError, 'fromResults', 'iterable');
    }),
    params,
  );
});

test('zip and concat reject arguments that are not AsyncGens', () => {
  fc.assert(
    fc.property(fc.anything(), (v) => {
      const named = (pattern: RegExp) => (e: unknown) => e instanceof TypeError && pattern.test(e.message);
      assert.throws(() => Async.zip(v as never), named(/^zip: expected `other` to be an AsyncGen/));
      assert.throws(() => Async.concat(Async.of(1), v as never), named(/^concat: expected `others\[1\]` to be an AsyncGen/));
    }),
    params,
  );
});

test('run options are checked where they are passed: iterate and every sink', () => {
  const gen = Async.of(1);
  const entries: ReadonlyArray<readonly [string, (options: never) => unknown]> = [
    ['AsyncGen.iterate', (o) => gen.iterate(o)],
    ['toArray', (o) => Async.toArray(o)],
    ['fold', (o) => Async.fold(0, (a: number) => a, o)],
    ['forEach', (o) => Async.forEach(() => {}, o)],
    ['drain', (o) => Async.drain(o)],
  ];
  const notASignal = fc.anything().filter((v) => v !== undefined);
  const badDeadline = fc.oneof(fc.double().filter((d) => !Number.isInteger(d) && d !== Infinity), fc.string());
  for (const [where, call] of entries) {
    const deadline = 'options.closeTimeoutMs';
    fc.assert(fc.property(notASignal, (signal) => rejects(() => call({ signal } as never), TypeError, where, 'signal')), params);
    fc.assert(fc.property(badDeadline, (ms) => rejects(() => call({ closeTimeoutMs: ms } as never), TypeError, where, deadline)), params);
    fc.assert(fc.property(fc.integer({ max: -1 }), (ms) => rejects(() => call({ closeTimeoutMs: ms } as never), RangeError, where, deadline)), params);
    assert.throws(() => call(null as never), (e: unknown) => e instanceof TypeError && e.message === `${where}: expected \`options\` to be an object, got null`);
    assert.doesNotThrow(() => call({ closeTimeoutMs: Infinity } as never));
  }
});
