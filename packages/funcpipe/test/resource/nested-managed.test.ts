import { test } from 'node:test';
import assert from 'node:assert/strict';
import { managedStream } from '../../src/resource/managed-stream.js';
import { nestedManaged, type AnyManager, type Manager } from '../../src/resource/nested-managed.js';
import { Recorder, TaggedError, errorTags, recordingSource } from './resource-recorder.js';

function recording(rec: Recorder, name: string): Manager<Disposable> {
  return {
    open: () => {
      rec.acquire(name);
      return { [Symbol.dispose]: () => rec.release(name) };
    },
  };
}

test('nestedManaged checks its managers when made', () => {
  assert.throws(() => nestedManaged(5 as never), /^TypeError: nestedManaged: expected `managers` to be an iterable, got number 5$/);
  assert.throws(() => nestedManaged([recording(new Recorder(), 'a'), {} as never]), /nestedManaged: expected `managers\[1\]` to be a manager \(an object with open\(\)\), got an object \(Object\)/);
});

test('a member whose open() gives something not disposable is a TypeError, and the ones before are closed', async () => {
  const rec = new Recorder();
  const sync = nestedManaged([recording(rec, 'a'), { open: () => 'text' } as never]);
  assert.throws(() => sync.open(), /nestedManaged: expected `managers\[1\]\.open\(\)` to return a Disposable or AsyncDisposable value \(or a promise of one\), got the string "text"/);
  const async = nestedManaged([recording(rec, 'b'), { open: async () => 1 } as unknown as AnyManager]);
  await assert.rejects(async.open(), /`managers\[1\]\.open\(\)` to return a Disposable/);
  assert.deepEqual(rec.events, ['acquire a', 'release a', 'acquire b', 'release b']);
});

test('the opened tuple is frozen, carries the values in order, and disposes once', () => {
  const rec = new Recorder();
  const nested = nestedManaged([recording(rec, 'a'), managedStream(() => recordingSource(rec, 's', [1])), recording(rec, 'b')]);
  const opened = nested.open();
  assert.ok(Object.isFrozen(opened));
  assert.equal(opened.length, 3);
  assert.equal(opened[1].next().value, 1);
  opened[Symbol.dispose]();
  opened[Symbol.dispose]();
  assert.deepEqual(rec.events, ['acquire a', 'acquire b', 'acquire s', 'release b', 'release s', 'release a']);
});

test('nests compose: a nest is itself a manager, and an empty nest opens an empty tuple', () => {
  const rec = new Recorder();
  const inner = nestedManaged([recording(rec, 'i1'), recording(rec, 'i2')]);
  const outer = nestedManaged([recording(rec, 'o'), inner, nestedManaged([])]);
  {
    using opened = outer.open();
    assert.deepEqual(opened[2], []);
  }
  assert.deepEqual(rec.released(), ['i2', 'i1', 'o']);
});

test('with an async member, a close failure while opening is merged after the opening error', async () => {
  const rec = new Recorder();
  const nested = nestedManaged([
    { open: () => ({ [Symbol.dispose]: () => { rec.release('a'); throw new TaggedError('close a'); } }) },
    { open: async () => ({ [Symbol.asyncDispose]: async () => rec.release('b') }) },
    { open: async (): Promise<Disposable> => { throw new TaggedError('open c'); } },
  ]);
  let error: unknown;
  await assert.rejects(nested.open(), (e: unknown) => ((error = e), true));
  assert.deepEqual(rec.released(), ['b', 'a']);
  assert.deepEqual(errorTags(error), ['open c', 'close a']);
});
