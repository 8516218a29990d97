// "Released exactly once" for the wrappers, with counters, whatever mix of break, throw, explicit
// return and (repeated) disposal a consumer does; also for hand-written iterators, which, unlike
// generators, would run their release again on a second return().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { autoClose } from '../../src/resource/auto-close.js';
import { managedStream } from '../../src/resource/managed-stream.js';
import { nestedManaged } from '../../src/resource/nested-managed.js';
import { withResourceStream } from '../../src/resource/resource-stream.js';

/** A cursor-like iterator whose return() releases unconditionally and counts how often it ran. */
class CountingCursor implements IterableIterator<number> {
  returns = 0;
  #next = 0;
  constructor(readonly size: number) {}
  next(): IteratorResult<number> {
    return this.#next < this.size ? { done: false, value: this.#next++ } : { done: true, value: undefined };
  }
  return(): IteratorResult<number> {
    this.returns++;
    return { done: true, value: undefined };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

class AsyncCountingCursor implements AsyncIterableIterator<number> {
  returns = 0;
  #next = 0;
  constructor(readonly size: number) {}
  async next(): Promise<IteratorResult<number>> {
    await Promise.resolve();
    return this.#next < this.size ? { done: false, value: this.#next++ } : { done: true, value: undefined };
  }
  async return(): Promise<IteratorResult<number>> {
    this.returns++;
    return { done: true, value: undefined };
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
}

const actionArb = fc.array(fc.constantFrom('pull', 'return', 'dispose', 'breakLoop'), { maxLength: 8 });

test('withResourceStream calls return() at most once, and exactly once when disposed', () => {
  fc.assert(
    fc.property(fc.nat(5), actionArb, (size, actions) => {
      const cursor = new CountingCursor(size);
      {
        using stream = withResourceStream(cursor);
        for (const action of actions) {
          if (action === 'pull') stream.next();
          else if (action === 'return') stream.return();
          else if (action === 'dispose') stream[Symbol.dispose]();
          else for (const _ of stream) break;
        }
      }
      assert.equal(cursor.returns, 1);
    }),
    { numRuns: 200 },
  );
});

test('async withResourceStream calls return() exactly once, whatever the consumer does', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(5), actionArb, async (size, actions) => {
      const cursor = new AsyncCountingCursor(size);
      {
        await using stream = withResourceStream(cursor);
        for (const action of actions) {
          if (action === 'pull') await stream.next();
          else if (action === 'return') await stream.return();
          else if (action === 'dispose') await stream[Symbol.asyncDispose]();
          else for await (const _ of stream) break;
        }
      }
      assert.equal(cursor.returns, 1);
    }),
    { numRuns: 100 },
  );
});

test('managedStream runs close their own cursor once each, on break and on throw', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(6), fc.boolean(), (size, stopAt, throws) => {
      const cursors: CountingCursor[] = [];
      const stream = managedStream(() => {
        const cursor = new CountingCursor(size);
        cursors.push(cursor);
        return cursor;
      });
      for (let run = 0; run < 3; run++) {
        try {
          for (const x of stream) {
            if (x === stopAt) {
              if (throws) throw new Error('consumer');
              break;
            }
          }
        } catch {
          // the consumer's own error: only the cursor count matters here
        }
      }
      assert.equal(cursors.length, 3);
      const stopped = stopAt < size;
      assert.deepEqual(cursors.map((c) => c.returns), [stopped, stopped, stopped].map((s) => (s ? 1 : 0)));
    }),
    { numRuns: 150 },
  );
});

test('autoClose and nestedManaged close once however often they are disposed, sync and async', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom('sync', 'async'), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 4 }), async (modes, times) => {
      const closes = { close: 0, end: 0 };
      const syncClosable = { close: () => void closes.close++ };
      const asyncClosable = { end: async () => void closes.end++ };
      const manager = nestedManaged([{ open: () => autoClose(syncClosable) }, { open: () => autoClose(asyncClosable) }]);
      const opened = await manager.open();
      const single = autoClose(syncClosable);
      for (let i = 0; i < times; i++) {
        for (const mode of modes) {
          if (mode === 'sync') single[Symbol.dispose]();
          else await single[Symbol.asyncDispose]();
          await opened[Symbol.asyncDispose]();
        }
      }
      assert.deepEqual(closes, { close: 2, end: 1 });
    }),
    { numRuns: 100 },
  );
});
