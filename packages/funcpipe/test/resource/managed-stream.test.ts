import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { managedStream } from '../../src/resource/managed-stream.js';
import { Recorder, TaggedError, asyncRecordingSource, recordingSource } from './resource-recorder.js';

test('managedStream checks its factory when made and what the factory returns when opened', () => {
  assert.throws(() => managedStream(42 as never), /^TypeError: managedStream: expected `factory` to be a function, got number 42$/);
  const bad = managedStream((() => 7) as unknown as () => Iterable<number>);
  assert.throws(() => bad.open(), /managedStream: expected `factory\(\)` to be an iterator or an iterable \(sync or async\), got number 7/);
  assert.throws(() => [...bad], TypeError);
});

test('each run of a managed stream is independent: interleaved runs do not share state', () => {
  fc.assert(
    fc.property(fc.array(fc.integer(), { maxLength: 6 }), fc.array(fc.boolean(), { maxLength: 14 }), (items, schedule) => {
      const rec = new Recorder();
      const managed = managedStream(() => recordingSource(rec, 'r', items));
      const a = managed.open();
      const b = managed.open();
      const seen: Record<'a' | 'b', number[]> = { a: [], b: [] };
      for (const pickA of schedule) {
        const step = (pickA ? a : b).next();
        if (step.done !== true) seen[pickA ? 'a' : 'b'].push(step.value);
      }
      const pulledA = schedule.filter((x) => x).length;
      const pulledB = schedule.length - pulledA;
      assert.deepEqual(seen, { a: items.slice(0, pulledA), b: items.slice(0, pulledB) });
      a[Symbol.dispose]();
      b[Symbol.dispose]();
      assert.equal(rec.open, 0);
    }),
    { numRuns: 150 },
  );
});

test('for await over a sync managed stream closes it on break', async () => {
  const rec = new Recorder();
  const managed = managedStream(() => recordingSource(rec, 's', [1, 2, 3]));
  const seen: number[] = [];
  for await (const x of managed) {
    seen.push(x);
    if (x === 2) break;
  }
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(rec.events, ['acquire s', 'release s']);
});

test('for await over a sync managed stream of promises awaits them, and a rejection closes the source', async () => {
  const rec = new Recorder();
  const managed = managedStream(() => recordingSource(rec, 'p', [Promise.resolve(1), Promise.reject(new TaggedError('item')), Promise.resolve(3)]));
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const x of managed) seen.push(x);
  }, TaggedError);
  assert.deepEqual(seen, [1]);
  assert.deepEqual(rec.events, ['acquire p', 'release p']);
});

test('for...of over an async managed stream is a TypeError, and what the factory opened is closed', async () => {
  const rec = new Recorder();
  let opened = 0;
  const managed = managedStream(() => {
    opened++;
    const stream = asyncRecordingSource(rec, 'a', [1]);
    void stream.next();
    return stream;
  });
  let error: unknown;
  try {
    for (const _ of managed as unknown as Iterable<number>) assert.fail('must not iterate');
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof TypeError);
  assert.match(error.message, /the factory returned an async iterator; iterate it with `for await\.\.\.of`/);
  await (error as TypeError & { closing: Promise<unknown> }).closing;
  assert.equal(opened, 1);
  assert.deepEqual(rec.events, ['acquire a', 'release a']);
});
