import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncDisposableStack, DisposableStack, SuppressedError, combineErrors, isSuppressedError, originalError } from '../src/index.js';

test('DisposableStack disposes LIFO and chains failures with SuppressedError', () => {
  const order: string[] = [];
  const stack = new DisposableStack();
  stack.defer(() => order.push('a'));
  stack.defer(() => {
    order.push('b');
    throw new Error('b failed');
  });
  stack.defer(() => order.push('c'));
  assert.throws(() => stack.dispose(), (e: unknown) => e instanceof Error && e.message === 'b failed');
  assert.deepEqual(order, ['c', 'b', 'a']);
});

test('AsyncDisposableStack keeps the body error and the cleanup error together', async () => {
  const body = new Error('body');
  const cleanup = new Error('cleanup');
  const run = async () => {
    await using stack = new AsyncDisposableStack();
    stack.defer(async () => {
      throw cleanup;
    });
    throw body;
  };
  // `await using` compiled for Node 20 builds a SuppressedError-shaped object, not an instance.
  await assert.rejects(run(), (e: unknown) => isSuppressedError(e) && e.error === cleanup && e.suppressed === body && originalError(e) === body);
});

test('combineErrors keeps both errors and originalError finds the first', () => {
  const first = new Error('first');
  const merged = combineErrors(combineErrors(first, new Error('second')), new Error('third'));
  assert.ok(merged instanceof SuppressedError);
  assert.equal(originalError(merged), first);
});
