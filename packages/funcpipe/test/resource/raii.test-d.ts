// Type tests for the RAII runner: tsc checks them (`npm test` compiles tests); the runtime part
// runs the same programs, so the typed code is also real code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import { acquire, type Acquire, type ScopeExit } from '../../src/resource/acquire.js';
import { scoped } from '../../src/resource/scoped.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';

class Conn implements Disposable {
  readonly id = 7;
  [Symbol.dispose](): void {}
}
class AsyncConn implements AsyncDisposable {
  readonly url = 'x';
  async [Symbol.asyncDispose](): Promise<void> {}
}
const noop = (): void => {};

test('scoped infers each handle from its acquire and the result from the return', () => {
  const result = scoped(function* () {
    const conn = yield* acquire(new Conn());
    expectTypeOf(conn).toEqualTypeOf<Conn>();
    const n = yield* acquire(() => 42, noop);
    expectTypeOf(n).toEqualTypeOf<number>();
    const s = yield* acquire(
      () => 'text',
      (handle, exit) => {
        expectTypeOf(handle).toEqualTypeOf<string>();
        expectTypeOf(exit).toEqualTypeOf<ScopeExit>();
      },
    );
    return { sum: conn.id + n, s };
  });
  expectTypeOf(result).toEqualTypeOf<{ sum: number; s: string }>();
  assert.deepEqual(result, { sum: 49, s: 'text' });
});

test('acquire types its request sync or async from the argument', () => {
  expectTypeOf(acquire(new Conn())).toEqualTypeOf<Acquire<Conn, 'sync'>>();
  expectTypeOf(acquire(new AsyncConn())).toEqualTypeOf<Acquire<AsyncConn, 'async'>>();
  expectTypeOf(acquire(() => 1, noop)).toEqualTypeOf<Acquire<number, 'sync'>>();
  expectTypeOf(acquire(async () => 1, noop)).toEqualTypeOf<Acquire<number, 'async'>>();
  expectTypeOf(acquire(() => 1, async () => {})).toEqualTypeOf<Acquire<number, 'async'>>();
});

test('scopedAsync awaits async creates in the handle type and returns a promise', async () => {
  const pending = scopedAsync(async function* (signal) {
    expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
    const conn = yield* acquire(new AsyncConn());
    expectTypeOf(conn).toEqualTypeOf<AsyncConn>();
    const n = yield* acquire(async () => 5, async (handle) => {
      expectTypeOf(handle).toEqualTypeOf<number>();
    });
    expectTypeOf(n).toEqualTypeOf<number>();
    const sync = yield* acquire(new Conn());
    expectTypeOf(sync).toEqualTypeOf<Conn>();
    return `${conn.url}${n + sync.id}`;
  });
  expectTypeOf(pending).toEqualTypeOf<Promise<string>>();
  assert.equal(await pending, 'x12');
});

test('a sync program cannot acquire an async-only resource', () => {
  assert.throws(
    () =>
      // @ts-expect-error an AsyncDisposable needs scopedAsync
      scoped(function* () {
        yield* acquire(new AsyncConn());
      }),
    TypeError,
  );
});

test('a program must delegate with yield*, not yield', () => {
  assert.throws(
    () =>
      // @ts-expect-error yielding the Acquire itself is not a ScopeRequest
      scoped(function* () {
        yield acquire(new Conn());
      }),
    /yield\* acquire/,
  );
});
