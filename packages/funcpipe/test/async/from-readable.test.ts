// fromReadable / fromReadableFactory over real Node streams: object-mode readables that push in
// bursts, real files read with fs.createReadStream, one-shot and replay semantics, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { fromReadable, fromReadableFactory } from '../../src/async/from-readable.js';
import { map } from '../../src/async/map.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** An object-mode readable that pushes `values` in bursts of `burst`, one burst per `_read`, each after a macrotask. */
function bursty<T>(values: readonly T[], burst: number, highWaterMark: number): Readable & { reads: number } {
  let next = 0;
  const readable = new Readable({
    objectMode: true,
    highWaterMark,
    read() {
      readable.reads++;
      setImmediate(() => {
        for (let i = 0; i < burst && next < values.length; i++) readable.push(values[next++]);
        if (next >= values.length) readable.push(null);
      });
    },
  }) as Readable & { reads: number };
  readable.reads = 0;
  return readable;
}

/** A readable that pushes `values` synchronously on demand, then fails with `error` at position `failAt`. */
function failingAt<T>(values: readonly T[], failAt: number, error: Error): Readable {
  let next = 0;
  return new Readable({
    objectMode: true,
    highWaterMark: 1,
    read() {
      if (next === failAt) this.destroy(error);
      else if (next < values.length) this.push(values[next++]);
      else this.push(null);
    },
  });
}

function tempFile(bytes: Uint8Array): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'funcpipe-from-readable-'));
  const file = path.join(dir, 'data.bin');
  fs.writeFileSync(file, bytes);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const arbValue = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.record({ id: fc.nat(99) }));

test('fromReadable yields every chunk of an object-mode readable, in order, each as an Ok item', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbValue, { maxLength: 30 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), async (values, burst, hwm) => {
      const items = await pipe(fromReadable(bursty(values, burst, hwm)), toArray());
      assert.deepEqual(items, values.map((v) => ok(v)));
    }),
    { numRuns: 60 },
  );
});

test('byte mode: the chunks of a real file concatenate to its bytes, and every run of the factory closes its file', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 16, max: 1024 }), async (bytes, highWaterMark) => {
      const { file, remove } = tempFile(bytes);
      try {
        const opened: fs.ReadStream[] = [];
        const gen = fromReadableFactory<Buffer>(() => {
          const stream = fs.createReadStream(file, { highWaterMark });
          opened.push(stream);
          return stream;
        });
        for (let run = 1; run <= 2; run++) {
          const items = await pipe(gen, toArray());
          const chunks = items.map((r) => (r.ok ? r.value : assert.fail('unexpected Err item')));
          assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), bytes);
          assert.equal(opened.length, run, 'one fresh readable per run');
          assert.ok(opened.every((s) => s.closed), 'the file of every run is closed when the run ends');
        }
      } finally {
        remove();
      }
    }),
    { numRuns: 20 },
  );
});

test('a readable with an encoding yields strings', async () => {
  const readable = Readable.from([Buffer.from('héllo '), Buffer.from('wörld')], { objectMode: false }).setEncoding('utf8');
  const items = await pipe(fromReadable<string>(readable), toArray());
  assert.equal(items.map((r) => (r.ok ? r.value : '')).join(''), 'héllo wörld');
});

test('building and opening read nothing; the first pull starts reading', async () => {
  const readable = bursty([1, 2, 3], 1, 1);
  const gen = pipe(fromReadable<number>(readable), map((n: number) => n * 10));
  const run = gen[Symbol.asyncIterator]();
  assert.equal(readable.reads, 0);
  assert.equal(readable.listenerCount('readable') + readable.listenerCount('data'), 0);
  assert.equal(readable.readableFlowing, null);
  assert.deepEqual(await run.next(), { done: false, value: ok(10) });
  assert.ok(readable.reads >= 1);
  await run.return();

  let calls = 0;
  const replayable = fromReadableFactory(() => {
    calls++;
    return Readable.from(['a']);
  });
  const first = replayable[Symbol.asyncIterator]();
  assert.equal(calls, 0, 'the factory is not called when the description is built or a run is created');
  assert.deepEqual(await first.next(), { done: false, value: ok('a') });
  assert.equal(calls, 1);
  assert.deepEqual(await first.next(), { done: true, value: undefined });
});

test('a one-shot description refuses a second run with an error naming the replayable alternative', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { maxLength: 10 }), fc.integer({ min: 1, max: 10 }), async (values, stopAfter) => {
      const readable = Readable.from(values);
      const gen = fromReadable<number>(readable);
      const run = gen[Symbol.asyncIterator]();
      for (let i = 0; i < stopAfter; i++) if ((await run.next()).done === true) break;
      await run.return();
      const refused = /fromReadable: this Readable was already consumed by an earlier run.*fromReadableFactory/;
      await assert.rejects(pipe(gen, toArray()), refused);
      await assert.rejects(pipe(fromReadable(readable), toArray()), refused, 'another description over the same readable');
      assert.ok(readable.destroyed);
    }),
    { numRuns: 40 },
  );
});

test('a factory that hands out the same readable twice is refused on the second run', async () => {
  const readable = Readable.from([1]);
  const gen = fromReadableFactory(() => readable);
  assert.deepEqual(await pipe(gen, toArray()), [ok(1)]);
  await assert.rejects(pipe(gen, toArray()), /fromReadableFactory: this Readable was already consumed/);
});

test('a readable that already ended, was destroyed, or failed is refused', async () => {
  const consumed = Readable.from([1, 2]);
  await consumed.toArray();
  await assert.rejects(pipe(fromReadable(consumed), toArray()), /fromReadable: the Readable has already ended or been destroyed/);

  const destroyed = Readable.from([1]);
  destroyed.destroy();
  await assert.rejects(pipe(fromReadable(destroyed), toArray()), /already ended or been destroyed/);

  const boom = new Error('disk gone');
  const failed = new Readable({ read() {} });
  failed.on('error', () => {});
  failed.destroy(boom);
  await new Promise((resolve) => failed.on('close', resolve));
  await assert.rejects(pipe(fromReadable(failed), toArray()), (e) => e === boom);
});

test('a stream error fails the run after the chunks read before it; the readable is destroyed', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { maxLength: 12 }), fc.nat(12), async (values, at) => {
      const failAt = Math.min(at, values.length);
      const boom = new Error(`boom at ${failAt}`);
      const readable = failingAt(values, failAt, boom);
      const run = fromReadable<number>(readable)[Symbol.asyncIterator]();
      const seen: number[] = [];
      await assert.rejects(
        (async () => {
          for (;;) {
            const step = await run.next();
            if (step.done === true) return;
            if (step.value.ok) seen.push(step.value.value);
          }
        })(),
        (e) => e === boom,
      );
      assert.deepEqual(seen, values.slice(0, failAt));
      assert.ok(readable.destroyed && readable.closed);
    }),
    { numRuns: 60 },
  );
});

test('a readable destroyed by someone else mid-run fails the run with a premature-close error', async () => {
  const readable = new Readable({ objectMode: true, read() {} });
  readable.push('first');
  const run = fromReadable<string>(readable)[Symbol.asyncIterator]();
  assert.deepEqual(await run.next(), { done: false, value: ok('first') });
  const pending = run.next();
  readable.destroy();
  await assert.rejects(pending, /fromReadable: the Readable was destroyed before it ended \(premature close\)/);
});

test('take(k) stops reading an endless readable and destroys it before the run resolves', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 16 }), async (k, hwm) => {
      let next = 0;
      const endless = new Readable({
        objectMode: true,
        highWaterMark: hwm,
        read() {
          this.push(next++);
        },
      });
      const items = await pipe(fromReadable<number>(endless), take(k), toArray());
      assert.deepEqual(items, Array.from({ length: k }, (_, i) => ok(i)));
      assert.ok(endless.destroyed && endless.closed);
    }),
    { numRuns: 60 },
  );
});

test('a failure while the readable closes is reported, not swallowed', async () => {
  const closeFailure = new Error('close failed');
  const failingClose = (values: number[]): Readable =>
    new Readable({
      objectMode: true,
      read() {
        for (const v of values) this.push(v);
        this.push(null);
      },
      destroy(_error, callback) {
        callback(closeFailure);
      },
    });
  await assert.rejects(pipe(fromReadable(failingClose([1, 2])), toArray()), (e) => e === closeFailure, 'after the end');

  const run = fromReadable(failingClose([1, 2, 3]))[Symbol.asyncIterator]();
  await run.next();
  await assert.rejects(run.return(), (e) => e === closeFailure, 'after an early stop');
});

test('bad arguments get a TypeError naming the function and the argument', async () => {
  for (const bad of [undefined, null, 42, 'file.txt', {}, [1, 2], new ReadableStream()]) {
    assert.throws(() => fromReadable(bad as never), (e) => e instanceof TypeError && /^fromReadable: expected `readable` to be a Node Readable, got /.test(e.message));
  }
  assert.throws(() => fromReadableFactory('nope' as never), /^TypeError: fromReadableFactory: expected `factory` to be a function, got the string "nope"/);
  await assert.rejects(
    pipe(fromReadableFactory(() => 5 as never), toArray()),
    (e) => e instanceof TypeError && e.message === 'fromReadableFactory: expected `factory` to return a Node Readable, got number 5',
  );
});
