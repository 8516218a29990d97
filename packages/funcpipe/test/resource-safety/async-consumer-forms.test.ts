// docs/semantics.md, "for await and cleanup failures" and "Conversions to Node streams": what
// each way of consuming a run does with a cleanup failure, and when pipeline's callback fires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import * as Async from '../../src/async/index.js';
import { isSuppressedError, originalError } from '../../src/resource/combine-errors.js';
import { pipe } from '../../src/pipe.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

function failingCleanup(cleanupFailure: Error): Async.AsyncGen<number, never> {
  return Async.fromProducer(async function* () {
    try {
      yield 1;
      yield 2;
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      throw cleanupFailure;
    }
  });
}

test('a throw in a for-await body: the language drops the cleanup failure (documented)', async () => {
  const cleanupFailure = new Error('cleanup failed');
  const bodyFailure = new Error('body failed');
  await assert.rejects(
    (async () => {
      for await (const _ of failingCleanup(cleanupFailure)) throw bodyFailure;
    })(),
    (e: unknown) => e === bodyFailure,
  );
  await assert.rejects(
    (async () => {
      for await (const _ of failingCleanup(cleanupFailure)) break;
    })(),
    (e: unknown) => e === cleanupFailure,
    'after a break the cleanup failure is thrown',
  );
});

test('await using with a manual next() loop keeps both the body failure and the cleanup failure', async () => {
  const cleanupFailure = new Error('cleanup failed');
  const bodyFailure = new Error('body failed');
  await assert.rejects(
    (async () => {
      await using run = failingCleanup(cleanupFailure).iterate();
      for (let step = await run.next(); step.done !== true; step = await run.next()) throw bodyFailure;
    })(),
    (e: unknown) => isSuppressedError(e) && e.error === cleanupFailure && originalError(e) === bodyFailure,
  );
});

test('pipeline() can settle before the source cleanup; finished(readable) settles after it', async () => {
  const events: string[] = [];
  const gen = Async.fromProducer(async function* () {
    try {
      for (let i = 0; ; i++) {
        yield i;
        await sleep(1);
      }
    } finally {
      await sleep(60);
      events.push('producer cleanup done');
    }
  });
  const readable = pipe(gen, Async.toReadable());
  const sink = new Writable({
    objectMode: true,
    write(chunk: number, _encoding, callback) {
      callback(chunk === 3 ? new Error('sink failed') : null);
    },
  });
  await assert.rejects(pipeline(readable, sink), /sink failed/);
  events.push('pipeline settled');
  await finished(readable).catch(() => events.push('finished(readable) settled'));
  assert.deepEqual(events.slice(-2), ['producer cleanup done', 'finished(readable) settled']);
});
