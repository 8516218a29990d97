import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { err, errInfo, isErr, isOk, liftThrowable, ok, tryCatch, tryCatchAsync, type Result } from '../../src/index.js';

const arbResult = fc.oneof(
  fc.integer().map((n) => ok<number, string>(n)),
  fc.string().map((s) => err<string, number>(s)),
);

test('ok and err are told apart by the discriminant and the guards', () => {
  fc.assert(
    fc.property(arbResult, (r) => {
      assert.equal(isOk(r), r.ok);
      assert.equal(isErr(r), !r.ok);
    }),
  );
});

test('map obeys identity and composition; Err passes through untouched', () => {
  const f = (n: number) => n * 3;
  const g = (n: number) => n - 7;
  fc.assert(
    fc.property(arbResult, (r) => {
      assert.deepEqual(r.map((x) => x), r);
      assert.deepEqual(r.map(f).map(g), r.map((x) => g(f(x))));
      if (!r.ok) assert.equal(r.map(f), r);
    }),
  );
});

test('andThen satisfies the monad laws', () => {
  const f = (n: number): Result<number, string> => (n % 2 === 0 ? ok(n / 2) : err(`odd ${n}`));
  const g = (n: number): Result<number, string> => (n > 100 ? err('big') : ok(n + 1));
  fc.assert(
    fc.property(fc.integer(), arbResult, (x, m) => {
      assert.deepEqual(ok<number, string>(x).andThen(f), f(x)); // left identity
      assert.deepEqual(m.andThen((v) => ok(v)), m); // right identity
      assert.deepEqual(m.andThen(f).andThen(g), m.andThen((v) => f(v).andThen(g))); // associativity
    }),
  );
});

test('mapErr, orElse, match and unwrapOr act on the right side only', () => {
  fc.assert(
    fc.property(arbResult, (r) => {
      const described = r.match({ ok: (v) => `ok:${v}`, err: (e) => `err:${e}` });
      assert.equal(described, r.ok ? `ok:${r.value}` : `err:${r.error}`);
      assert.deepEqual(r.mapErr((e) => e.length), r.ok ? r : err(r.error.length));
      assert.deepEqual(r.orElse(() => ok(0)), r.ok ? r : ok(0));
      assert.equal(r.unwrapOr(-1), r.ok ? r.value : -1);
    }),
  );
});

test('tryCatch captures a throw as an ErrInfo keeping the cause', () => {
  const boom = new Error('boom');
  const r = tryCatch(() => {
    throw boom;
  });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'THROWN');
  assert.equal(r.error.msg, 'boom');
  assert.equal(r.error.cause, boom);
  assert.deepEqual(tryCatch(() => 5), ok(5));
  assert.deepEqual(tryCatch(() => { throw 'x'; }, (t) => `mapped ${String(t)}`), err('mapped x'));
});

test('tryCatchAsync captures a rejection', async () => {
  const r = await tryCatchAsync(async () => {
    throw new RangeError('nope');
  });
  assert.ok(!r.ok && r.error.msg === 'nope' && r.error.cause instanceof RangeError);
  assert.deepEqual(await tryCatchAsync(async () => 7), ok(7));
});

test('liftThrowable lifts a throwing function and rejects a non-function', () => {
  const parse = liftThrowable((s: string) => JSON.parse(s) as unknown);
  assert.deepEqual(parse('{"a":1}'), ok({ a: 1 }));
  assert.equal(parse('{').ok, false);
  assert.throws(() => liftThrowable(42 as never), /liftThrowable: expected `fn` to be a function, got number 42/);
});

test('errInfo builds the structured error with optional context', () => {
  assert.deepEqual(errInfo('PARSE', 'bad', { path: 'a.txt', index: 3 }), { code: 'PARSE', msg: 'bad', path: 'a.txt', index: 3 });
});
