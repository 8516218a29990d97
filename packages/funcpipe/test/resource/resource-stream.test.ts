import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { withResourceStream } from '../../src/resource/resource-stream.js';
import { TaggedError, errorTags } from './resource-recorder.js';

test('withResourceStream rejects what is not an iterator or iterable, naming the argument', () => {
  for (const bad of [undefined, null, 42, {}, { next: 1 }]) {
    assert.throws(() => withResourceStream(bad as never), {
      name: 'TypeError',
      message: /^withResourceStream: expected `iterator` to be an iterator or an iterable \(sync or async\), got /,
    });
  }
  const broken = { [Symbol.iterator]: () => 5 };
  assert.throws(() => withResourceStream(broken as never), /`iterator`'s iterator method returned number 5, not an iterator/);
});

test('withResourceStream accepts iterables (arrays, strings, sets) and async iterables', async () => {
  assert.deepEqual([...withResourceStream([1, 2])], [1, 2]);
  assert.deepEqual([...withResourceStream('ab')], ['a', 'b']);
  assert.deepEqual([...withResourceStream(new Set([3]))], [3]);
  const items: number[] = [];
  for await (const x of withResourceStream((async function* () { yield 4; })())) items.push(x);
  assert.deepEqual(items, [4]);
});

test('throw() reaches the generator, which may handle it and go on', () => {
  function* resilient() {
    for (;;) {
      try {
        yield 'ok';
      } catch {
        yield 'recovered';
      }
    }
  }
  using stream = withResourceStream(resilient());
  stream.next();
  assert.deepEqual(stream.throw(new Error('x')), { done: false, value: 'recovered' });
});

test('throw() on an iterator without throw() closes it and rethrows', async () => {
  let returned = 0;
  const cursor = { next: () => ({ done: false, value: 1 }), return: () => (returned++, { done: true, value: undefined }) };
  const stream = withResourceStream(cursor);
  assert.throws(() => stream.throw(new TaggedError('in')), TaggedError);
  stream[Symbol.dispose]();
  assert.equal(returned, 1);
  const asyncCursor = {
    next: async () => ({ done: false, value: 1 }),
    return: async () => (returned++, { done: true, value: undefined }),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  await assert.rejects(withResourceStream(asyncCursor).throw(new TaggedError('in')), TaggedError);
  assert.equal(returned, 2);
});

function* failingClose(): Generator<number> {
  try {
    yield 1;
    yield 2;
  } finally {
    throw new TaggedError('close');
  }
}

test('throw() on an iterator without throw() keeps both errors when closing fails too', () => {
  const cursor = {
    next: () => ({ done: false, value: 1 }),
    return: (): IteratorResult<number> => {
      throw new TaggedError('close');
    },
  };
  assert.throws(
    () => withResourceStream(cursor).throw(new TaggedError('thrown in')),
    (e: unknown) => errorTags(e).join() === 'thrown in,close',
  );
});

test('a close error is never swallowed: alone it is thrown, with a body error both are kept', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.boolean(), (bodyFails, consumeAll) => {
      let error: unknown;
      try {
        using stream = withResourceStream(failingClose());
        stream.next();
        if (consumeAll) stream.next();
        if (bodyFails) throw new TaggedError('body');
      } catch (e) {
        error = e;
      }
      assert.deepEqual(errorTags(error), bodyFails ? ['body', 'close'] : ['close']);
    }),
  );
});

test('a failing return() still counts as the one close: disposing again does not retry it', async () => {
  let calls = 0;
  const cursor: AsyncIterableIterator<number> = {
    next: async () => ({ done: false, value: 0 }),
    return: async () => {
      calls++;
      throw new TaggedError('close');
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  const stream = withResourceStream(cursor);
  await assert.rejects(async () => stream[Symbol.asyncDispose](), TaggedError);
  await stream[Symbol.asyncDispose]();
  assert.deepEqual(await stream.return('v'), { done: true, value: 'v' });
  assert.equal(calls, 1);
});
