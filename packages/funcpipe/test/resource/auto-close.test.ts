import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { autoClose } from '../../src/resource/auto-close.js';
import { Recorder, TaggedError, errorTags, recordingSource } from './resource-recorder.js';

const METHODS = ['close', 'destroy', 'end', 'return'] as const;

test('autoClose calls the first of close, destroy, end, return that the object has, once', async () => {
  await fc.assert(
    fc.asyncProperty(fc.subarray([...METHODS], { minLength: 1 }), fc.boolean(), async (present, viaAsync) => {
      const calls: string[] = [];
      const obj = Object.fromEntries(present.map((m) => [m, () => void calls.push(m)]));
      const closable = autoClose(obj as { close(): void });
      assert.equal(closable.value, obj);
      if (viaAsync) await closable[Symbol.asyncDispose]();
      else closable[Symbol.dispose]();
      closable[Symbol.dispose]();
      await closable[Symbol.asyncDispose]();
      assert.deepEqual(calls, [METHODS.find((m) => present.includes(m))]);
    }),
    { numRuns: 60 },
  );
});

test('autoClose returns a disposable object as it is', () => {
  const disposable = { [Symbol.dispose]() {}, close() {} };
  const asyncDisposable = { async [Symbol.asyncDispose]() {} };
  assert.equal(autoClose(disposable), disposable);
  assert.equal(autoClose(asyncDisposable), asyncDisposable);
});

test('autoClose of a generator gives a disposable stream over it (Node 20 generators lack Symbol.dispose)', () => {
  const rec = new Recorder();
  const generator = recordingSource(rec, 'g', [1, 2, 3]);
  {
    using it = autoClose(generator);
    assert.equal(it.next().value, 1);
  }
  assert.deepEqual(rec.events, ['acquire g', 'release g']);
});

test('autoClose refuses, by name, an object it cannot close (no silent no-op)', () => {
  for (const bad of [{}, { close: 'soon' }, 7, null, undefined]) {
    assert.throws(() => autoClose(bad as never), {
      name: 'TypeError',
      message: /^autoClose: expected `obj` to be Disposable, AsyncDisposable, or to have one of the methods close, destroy, end, return; got /,
    });
  }
});

test('close errors are never swallowed: alone they are thrown, with a body error both are kept', async () => {
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.boolean(), async (bodyFails, asyncClose) => {
      let error: unknown;
      try {
        if (asyncClose) {
          await using _c = autoClose({ end: async () => Promise.reject(new TaggedError('close')) });
          if (bodyFails) throw new TaggedError('body');
        } else {
          using _c = autoClose({ destroy: () => { throw new TaggedError('close'); } });
          if (bodyFails) throw new TaggedError('body');
        }
      } catch (e) {
        error = e;
      }
      assert.deepEqual(errorTags(error), bodyFails ? ['body', 'close'] : ['close']);
    }),
    { numRuns: 40 },
  );
});
