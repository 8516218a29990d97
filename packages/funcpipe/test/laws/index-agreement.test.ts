// The two trees agree on what a callback gets (docs/naming.md): the item and its index, the
// position in that stage's input in the current run, from 0. In the async tree value stages get
// the Ok value (an Err passes them but still counts), tap and forEach get the whole Result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Async, Sync, err, errInfo, ok, pipe, type ErrInfo, type Result } from '../../src/index.js';

const params = { numRuns: 60, includeErrorInReport: true };
const values = fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 20 });

test('map, filter, takeWhile, scan, tap, forEach and fold pass the same indexes in both trees', async () => {
  await fc.assert(
    fc.asyncProperty(values, async (xs) => {
      const seen = { sync: [] as string[], async: [] as string[] };
      const note = (tree: 'sync' | 'async', stage: string) => (v: unknown, i: number) => void seen[tree].push(`${stage}:${String(v)}@${i}`);
      const syncOut = pipe(
        Sync.fromIterable(xs),
        Sync.map((x: number, i) => (note('sync', 'map')(x, i), x + i)),
        Sync.filter((x: number, i) => (note('sync', 'filter')(x, i), x % 3 !== 0)),
        Sync.takeWhile((x: number, i) => (note('sync', 'takeWhile')(x, i), x < 40)),
        Sync.scan((acc: number, x: number, i) => (note('sync', 'scan')(x, i), acc + x), 0),
        Sync.tap((x, i) => note('sync', 'tap')(x, i)),
        Sync.fold(0, (acc: number, x: number, i) => (note('sync', 'fold')(x, i), acc + x * i)),
      );
      const asyncOut = await pipe(
        Async.fromIterable(xs),
        Async.map((x: number, i) => (note('async', 'map')(x, i), x + i)),
        Async.filter((x: number, i) => (note('async', 'filter')(x, i), x % 3 !== 0)),
        Async.takeWhile((x: number, i) => (note('async', 'takeWhile')(x, i), x < 40)),
        Async.scan((acc: number, x: number, i) => (note('async', 'scan')(x, i), acc + x), 0),
        Async.tap((r, i) => note('async', 'tap')(r.ok ? r.value : 'err', i)),
        Async.fold(0, (acc: number, x: number, i) => (note('async', 'fold')(x, i), acc + x * i)),
      );
      assert.deepEqual(asyncOut, ok(syncOut));
      assert.deepEqual(seen.async, seen.sync);
      const syncEach: string[] = [];
      const asyncEach: string[] = [];
      pipe(Sync.fromIterable(xs), Sync.forEach((x, i) => void syncEach.push(`${x}@${i}`)));
      await pipe(Async.fromIterable(xs), Async.forEach((r, i) => void asyncEach.push(`${r.ok ? r.value : 'err'}@${i}`)));
      assert.deepEqual(asyncEach, syncEach);
    }),
    params,
  );
});

test('in the async tree an Err item counts in the index of every stage, and reaches tap and forEach as a Result', async () => {
  const items: Result<number, ErrInfo>[] = [ok(10), err(errInfo('A', 'a')), ok(20), err(errInfo('B', 'b')), ok(30)];
  const log: string[] = [];
  const out = await pipe(
    Async.fromResults(items),
    Async.map((x: number, i) => (log.push(`map ${x}@${i}`), x)),
    Async.mapErr((e: ErrInfo, i) => (log.push(`mapErr ${e.code}@${i}`), e)),
    Async.filter((x: number, i) => (log.push(`filter ${x}@${i}`), true)),
    Async.tap((r: Result<number, ErrInfo>, i) => void log.push(`tap ${r.ok ? r.value : r.error.code}@${i}`)),
    Async.toArray(),
  );
  assert.deepEqual(out, items);
  assert.deepEqual(log, [
    'map 10@0', 'filter 10@0', 'tap 10@0',
    'mapErr A@1', 'tap A@1',
    'map 20@2', 'filter 20@2', 'tap 20@2',
    'mapErr B@3', 'tap B@3',
    'map 30@4', 'filter 30@4', 'tap 30@4',
  ]);
  // a stage counts its own input: after a filter, the next stage numbers what passed
  const after: number[] = [];
  await pipe(Async.of(1, 2, 3, 4), Async.filter((x: number) => x % 2 === 0), Async.map((_x: number, i) => after.push(i)), Async.drain());
  assert.deepEqual(after, [0, 1]);
  // each run counts from 0 again
  const gen = pipe(Async.of('a', 'b'), Async.map((x: string, i) => `${x}${i}`));
  assert.deepEqual(await pipe(gen, Async.toArray()), await pipe(gen, Async.toArray()));
  const forEachSeen: string[] = [];
  await pipe(Async.fromResults(items), Async.forEach((r, i) => void forEachSeen.push(`${r.ok ? r.value : r.error.code}@${i}`)));
  assert.deepEqual(forEachSeen, ['10@0', 'A@1', '20@2', 'B@3', '30@4']);
});
