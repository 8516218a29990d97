// Type tests for the seed-000 wrappers: tsc checks them; the runtime part runs the same calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import { autoClose, type AutoClosed } from '../../src/resource/auto-close.js';
import { managedStream, type AsyncManagedStream, type ManagedStream } from '../../src/resource/managed-stream.js';
import { nestedManaged, type Manager } from '../../src/resource/nested-managed.js';
import { withResourceStream, type AsyncResourceStream, type ResourceStream } from '../../src/resource/resource-stream.js';

function* numbers(): Generator<number> {
  yield 1;
}
async function* words(): AsyncGenerator<string> {
  yield 'a';
}

test('withResourceStream is sync or async after its argument', async () => {
  using sync = withResourceStream(numbers());
  expectTypeOf(sync).toEqualTypeOf<ResourceStream<number>>();
  await using async = withResourceStream(words());
  expectTypeOf(async).toEqualTypeOf<AsyncResourceStream<string>>();
  using fromArray = withResourceStream([true]);
  expectTypeOf(fromArray).toEqualTypeOf<ResourceStream<boolean>>();
  assert.deepEqual([[...sync], [...fromArray], (await async.next()).value], [[1], [true], 'a']);
});

test('managedStream is typed from its factory', () => {
  const sync = managedStream(() => numbers());
  expectTypeOf(sync).toEqualTypeOf<ManagedStream<number>>();
  expectTypeOf(sync.open()).toEqualTypeOf<ResourceStream<number>>();
  const async = managedStream(() => words());
  expectTypeOf(async).toEqualTypeOf<AsyncManagedStream<string>>();
  expectTypeOf(async.open()).toEqualTypeOf<AsyncResourceStream<string>>();
  assert.deepEqual([...sync], [1]);
});

test('nestedManaged gives a typed tuple, sync when every member is sync', async () => {
  const sync = nestedManaged([managedStream(() => numbers()), managedStream(() => ['x'])]);
  expectTypeOf(sync).toEqualTypeOf<Manager<readonly [ResourceStream<number>, ResourceStream<string>] & Disposable>>();
  const mixed = nestedManaged([managedStream(() => numbers()), managedStream(() => words())]);
  expectTypeOf(mixed).toEqualTypeOf<Manager<Promise<readonly [ResourceStream<number>, AsyncResourceStream<string>] & AsyncDisposable>>>();
  const closables = nestedManaged([managedStream(() => numbers()), { open: () => autoClose({ close() {} }) }]);
  expectTypeOf(closables.open()).toEqualTypeOf<Promise<readonly [ResourceStream<number>, AutoClosed<{ close(): void }>] & AsyncDisposable>>();
  await using _closables = await closables.open();
  using opened = sync.open();
  await using both = await mixed.open();
  assert.deepEqual([opened.length, both.length], [2, 2]);
});

test('autoClose keeps disposables and wraps closables', () => {
  const disposable = { [Symbol.dispose]() {} };
  expectTypeOf(autoClose(disposable)).toEqualTypeOf(disposable);
  const socket = { destroy(): void {} };
  using closed = autoClose(socket);
  expectTypeOf(closed).toEqualTypeOf<AutoClosed<{ destroy(): void }>>();
  assert.equal(closed.value, socket);
  // @ts-expect-error nothing to close
  assert.throws(() => autoClose({ open() {} }), TypeError);
});
