import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acquire, type ScopeExit } from '../../src/resource/acquire.js';
import { scoped } from '../../src/resource/scoped.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';
import { Recorder, TaggedError, errorTags, recordingSource } from './resource-recorder.js';

const noop = (): void => {};

test('scoped and scopedAsync name a bad program', async () => {
  assert.throws(() => scoped(5 as never), /^TypeError: scoped: expected `program` to be a function, got number 5$/);
  assert.throws(() => scoped((() => 5) as never), /^TypeError: scoped: expected `program` to be a generator function \(function\*\), but calling it returned number 5$/);
  assert.throws(
    () => scoped((async function* () {}) as never),
    /scoped: expected `program` to be a generator function \(function\*\), but calling it returned .* \(an async generator: run it with scopedAsync\)/,
  );
  await assert.rejects(scopedAsync((() => ({})) as never), /scopedAsync: expected `program` to be a generator function \(async function\*\), but calling it returned an object \(Object\)/);
  await assert.rejects(scopedAsync(async function* () {}, 3 as never), /scopedAsync: expected `options` to be an object, got number 3/);
  await assert.rejects(scopedAsync(async function* () {}, { signal: 'x' as never }), /scopedAsync: expected `signal` to be an AbortSignal, got the string "x"/);
});

test('acquire names a bad resource, create or release', () => {
  assert.throws(() => acquire({} as never), /^TypeError: acquire: expected `resource` to be Disposable or AsyncDisposable \(or a create\/release pair\), got an object \(Object\)$/);
  assert.throws(() => acquire(() => 1, 'close' as never), /^TypeError: acquire: expected `release` to be a function, got the string "close"$/);
  assert.throws(() => acquire(1 as never, noop), /^TypeError: acquire: expected `create` to be a function, got number 1$/);
});

test('yield without the star is a TypeError thrown into the program, where it can be caught', () => {
  const seen = scoped(function* () {
    try {
      yield acquire(() => 1, noop) as never;
      return 'not reached';
    } catch (e) {
      return e instanceof TypeError ? e.message : 'other';
    }
  });
  assert.match(seen, /scoped: the program yielded an object \(Object\); a scoped program may only yield through `yield\* acquire\(\.\.\.\)` \(note the star\)/);
});

test('an acquire value is a reusable description: each yield* acquires anew', () => {
  const rec = new Recorder();
  let n = 0;
  const counter = acquire(
    () => (rec.acquire(`c${n}`), n++),
    (handle) => rec.release(`c${handle}`),
  );
  const handles = scoped(function* () {
    return [yield* counter, yield* counter, yield* counter];
  });
  assert.deepEqual(handles, [0, 1, 2]);
  assert.deepEqual(rec.released(), ['c2', 'c1', 'c0']);
});

test('releases are told how the scope ended', async () => {
  const exits: ScopeExit[] = [];
  const record = (_: unknown, exit: ScopeExit): void => void exits.push(exit);
  scoped(function* () {
    yield* acquire(() => 1, record);
  });
  const failure = new TaggedError('program');
  assert.throws(() =>
    scoped(function* () {
      yield* acquire(() => 1, record);
      throw failure;
    }),
  );
  const controller = new AbortController();
  const reason = new TaggedError('stop');
  await assert.rejects(
    scopedAsync(
      async function* () {
        yield* acquire(() => 1, record);
        controller.abort(reason);
        yield* acquire(() => 2, record);
      },
      { signal: controller.signal },
    ),
    (e: unknown) => e === reason,
  );
  assert.deepEqual(exits, [{ kind: 'completed' }, { kind: 'failed', error: failure }, { kind: 'aborted', reason }]);
});

test('a generator handed to acquire is closed through return() (Node 20 generators lack Symbol.dispose)', () => {
  const rec = new Recorder();
  const first = scoped(function* () {
    const lines = yield* acquire(recordingSource(rec, 'g', ['a', 'b']));
    return lines.next().value;
  });
  assert.equal(first, 'a');
  assert.deepEqual(rec.events, ['acquire g', 'release g']);
});

test('scoped refuses an AsyncDisposable-only resource by throwing into the program; scopedAsync prefers asyncDispose', async () => {
  const both = { calls: [] as string[], [Symbol.dispose]() { this.calls.push('sync'); }, async [Symbol.asyncDispose]() { this.calls.push('async'); } };
  scoped(function* () {
    yield* acquire(both);
  });
  await scopedAsync(async function* () {
    yield* acquire(both);
  });
  assert.deepEqual(both.calls, ['sync', 'async']);
  const asyncOnly = { async [Symbol.asyncDispose]() {} };
  const message = scoped(function* () {
    try {
      yield* acquire(asyncOnly as unknown as Disposable);
    } catch (e) {
      return (e as Error).message;
    }
    return 'acquired';
  });
  assert.match(message, /^scoped: an object \(Object\) can only be disposed asynchronously; run the program with scopedAsync$/);
});

test('an already aborted signal rejects with its reason before the program runs', async () => {
  let ran = false;
  const reason = new TaggedError('early');
  await assert.rejects(
    scopedAsync(
      async function* () {
        ran = true;
      },
      { signal: AbortSignal.abort(reason) },
    ),
    (e: unknown) => e === reason,
  );
  assert.equal(ran, false);
});

test('a handle created while the abort happened is still released; a program that finished is not affected', async () => {
  const rec = new Recorder();
  const controller = new AbortController();
  await assert.rejects(
    scopedAsync(
      async function* () {
        yield* acquire(
          async () => {
            controller.abort(new TaggedError('during create'));
            rec.acquire('late');
            return 1;
          },
          () => rec.release('late'),
        );
        rec.note('not reached');
      },
      { signal: controller.signal },
    ),
    /during create/,
  );
  assert.deepEqual(rec.events, ['acquire late', 'release late']);

  const late = new AbortController();
  const value = await scopedAsync(
    async function* () {
      yield* acquire(() => 1, noop);
      late.abort();
      return 'done';
    },
    { signal: late.signal },
  );
  assert.equal(value, 'done');
});

test('after an abort, acquisitions attempted in the program\'s finally fail with the reason, and release failures are merged', async () => {
  const rec = new Recorder();
  const controller = new AbortController();
  const reason = new TaggedError('abort');
  let error: unknown;
  await scopedAsync(
    async function* () {
      yield* acquire(
        () => rec.acquire('a'),
        () => {
          rec.release('a');
          throw new TaggedError('release a');
        },
      );
      try {
        controller.abort(reason);
        yield* acquire(() => rec.acquire('never'), noop);
      } finally {
        try {
          yield* acquire(() => rec.acquire('in finally'), noop);
        } catch (e) {
          rec.note(e === reason ? 'finally saw the reason' : 'finally saw something else');
        }
      }
    },
    { signal: controller.signal },
  ).catch((e: unknown) => (error = e));
  assert.deepEqual(rec.events, ['acquire a', 'finally saw the reason', 'release a']);
  assert.deepEqual(errorTags(error), ['abort', 'release a']);
});
