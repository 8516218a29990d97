import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { bracket } from '../../src/async/bracket.js';
import { CleanupTimedOut } from '../../src/async/cleanup-timed-out.js';
import { of } from '../../src/async/from-iterable.js';
import { toArray } from '../../src/async/to-array.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';
import { ok } from '../../src/result/result.js';
import { Recorder, eventually, failOnUnhandledRejections } from '../support/recorder.js';
import { arbItem, buildShape, trackedSource } from '../support/pipeline-shapes.js';
import { checkStopForwarding } from '../support/consumers.js';

failOnUnhandledRejections();

type Path = 'exhaust' | 'break' | 'consumer throw' | 'inner fails' | 'use throws' | 'acquire fails';
const paths: Path[] = ['exhaust', 'break', 'consumer throw', 'inner fails', 'use throws', 'acquire fails'];

test('the resource is acquired on the first pull and released exactly once, after its stream, on every exit path', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...paths), fc.array(arbItem, { minLength: 1, maxLength: 5 }), fc.boolean(), async (path, items, slow) => {
      const rec = new Recorder();
      const failure = new Error(path);
      const seen: { signal?: AbortSignal } = {};
      const gen = bracket(
        async (signal: AbortSignal) => {
          seen.signal = signal;
          await tick();
          if (path === 'acquire fails') throw failure;
          return rec.acquire('resource');
        },
        () => {
          if (path === 'use throws') throw failure;
          if (path !== 'inner fails') return trackedSource(rec, items, slow);
          return buildShape({ kind: 'producer', items, failAt: items.length - 1, slow }, rec);
        },
        (name) => rec.release(name),
      );
      const run = gen[Symbol.asyncIterator]();
      assert.equal(seen.signal === undefined, true, 'nothing is acquired before the first pull');
      let thrown: unknown;
      try {
        for await (const item of { [Symbol.asyncIterator]: () => run }) {
          void item;
          if (path === 'break') break;
          if (path === 'consumer throw') throw failure;
        }
      } catch (error) {
        thrown = error;
      }
      rec.assertAllReleased();
      assert.equal(rec.count('release resource'), path === 'acquire fails' ? 0 : 1);
      if (path === 'inner fails') assert.equal((thrown as Error).name, 'Fault');
      else assert.equal(thrown, path === 'exhaust' || path === 'break' ? undefined : failure);
      assert.equal(seen.signal?.aborted, path !== 'exhaust', 'the run signal acquire got is aborted unless the run ran out');
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
});

test('without release, the resource is disposed through Symbol.asyncDispose or Symbol.dispose', async () => {
  const log: string[] = [];
  const asyncResource = { [Symbol.asyncDispose]: async () => void log.push('async disposed') };
  const syncResource = { [Symbol.dispose]: () => void log.push('disposed') };
  assert.deepEqual(await toArray()(bracket(() => asyncResource, () => of(1))), [ok(1)]);
  assert.deepEqual(await toArray()(bracket(() => syncResource, () => of(2))), [ok(2)]);
  assert.deepEqual(log, ['async disposed', 'disposed']);
  const notDisposable = bracket(() => ({ close() {} }), () => of(3));
  await assert.rejects(toArray()(notDisposable), (e: unknown) => e instanceof TypeError && /bracket: .*AsyncDisposable or Disposable/.test(e.message));
});

test('a release failure surfaces: alone when the run ended well, with the original error otherwise', async () => {
  const releaseFailure = new Error('release failed');
  const release = (): void => {
    throw releaseFailure;
  };
  await assert.rejects(toArray()(bracket(() => 'r', () => of(1, 2), release)), (e: unknown) => e === releaseFailure);
  const failing = bracket(() => 'r', () => buildShape({ kind: 'producer', items: [ok(1)], failAt: 0, slow: false }, new Recorder()), release);
  const bothKept = (e: unknown): boolean => e instanceof SuppressedError && e.error === releaseFailure && (e.suppressed as Error).name === 'Fault';
  await assert.rejects(toArray()(failing), bothKept);
  const stopped = bracket(() => 'r', () => of(1, 2), release);
  await assert.rejects(
    (async () => {
      for await (const item of stopped) {
        void item;
        break;
      }
    })(),
    (e: unknown) => e === releaseFailure,
  );
});

test('a resource whose acquire ignores the signal and completes after the stop is still released', async () => {
  const rec = new Recorder();
  const gen = bracket(
    async () => {
      await sleep(60);
      return rec.acquire('late');
    },
    () => of(1),
    (name) => rec.release(name),
  );
  const run = gen.iterate({ closeTimeoutMs: 10 });
  const pending = run.next();
  await assert.rejects(run.return(), CleanupTimedOut);
  assert.deepEqual(await pending, { done: true, value: undefined });
  await eventually(() => rec.count('release') > 0, 'the release of the late resource');
  assert.deepEqual(rec.events, ['acquire late#0', 'release late#0']);
});

test('bracket forwards a stop to the stream it wraps', async () => {
  await checkStopForwarding((gen) => bracket(() => 'r', () => gen, () => {}));
});
