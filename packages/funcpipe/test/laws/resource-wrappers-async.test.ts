// The five laws of seed 000 for the async wrappers (async generators, `await using`,
// `for await`), as property tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { err, ok, type Result } from '../../src/result/result.js';
import { managedStream } from '../../src/resource/managed-stream.js';
import { nestedManaged, type AnyManager } from '../../src/resource/nested-managed.js';
import { withResourceStream } from '../../src/resource/resource-stream.js';
import { Recorder, TaggedError, asyncRecordingSource, errorTags } from '../resource/resource-recorder.js';

async function* shortCircuitOnErrTruncate<T, E>(source: AsyncIterable<Result<T, E>>): AsyncGenerator<Result<T, E>, void, unknown> {
  for await (const item of source) {
    yield item;
    if (!item.ok) return;
  }
}

const toResult = (n: number): Result<number, string> => (n === 0 ? err('ZERO') : ok(n));

type Stop =
  | { readonly kind: 'exhaust' }
  | { readonly kind: 'break' | 'consumerThrow' | 'producerThrow'; readonly at: number }
  | { readonly kind: 'shortCircuit' };

const stopArb: fc.Arbitrary<Stop> = fc.oneof(
  fc.constant({ kind: 'exhaust' } as const),
  fc.record({ kind: fc.constantFrom('break', 'consumerThrow', 'producerThrow'), at: fc.nat(8) }),
  fc.constant({ kind: 'shortCircuit' } as const),
);
const wrapperArb = fc.constantFrom('withResourceStream', 'managedOpen', 'managedIterate');
const itemsArb = fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 6 });

function model(items: readonly number[], stop: Stop): { out: unknown[]; error: string | undefined } {
  switch (stop.kind) {
    case 'exhaust':
      return { out: [...items], error: undefined };
    case 'break':
      return { out: items.slice(0, stop.at), error: undefined };
    case 'consumerThrow':
      return stop.at < items.length ? { out: items.slice(0, stop.at), error: 'consumer' } : { out: [...items], error: undefined };
    case 'producerThrow':
      return stop.at <= items.length ? { out: items.slice(0, stop.at), error: 'producer s' } : { out: [...items], error: undefined };
    case 'shortCircuit': {
      const results = items.map(toResult);
      const firstErr = results.findIndex((r) => !r.ok);
      return { out: firstErr < 0 ? results : results.slice(0, firstErr + 1), error: undefined };
    }
  }
}

async function consume(stream: AsyncIterable<unknown>, stop: Stop, out: unknown[]): Promise<void> {
  const source = stop.kind === 'shortCircuit' ? shortCircuitOnErrTruncate(stream as AsyncIterable<Result<number, string>>) : stream;
  for await (const x of source) {
    if (stop.kind === 'break' && out.length === stop.at) break;
    if (stop.kind === 'consumerThrow' && out.length === stop.at) throw new TaggedError('consumer');
    out.push(x);
  }
}

test('law 1, cleanup on all paths (async): every path releases the source exactly once', async () => {
  await fc.assert(
    fc.asyncProperty(itemsArb, stopArb, wrapperArb, async (items, stop, wrapper) => {
      const rec = new Recorder();
      const values: readonly unknown[] = stop.kind === 'shortCircuit' ? items.map(toResult) : items;
      const failAt = stop.kind === 'producerThrow' ? stop.at : -1;
      const factory = () => asyncRecordingSource(rec, 's', values, failAt);
      const out: unknown[] = [];
      let error: string | undefined;
      try {
        if (wrapper === 'withResourceStream') {
          await using stream = withResourceStream(factory());
          await consume(stream, stop, out);
        } else if (wrapper === 'managedOpen') {
          await using stream = managedStream(factory).open();
          await consume(stream, stop, out);
        } else {
          await consume(managedStream(factory), stop, out);
        }
      } catch (e) {
        error = errorTags(e).join(',');
      }
      assert.deepEqual({ out, error }, model(items, stop));
      assert.equal(rec.open, 0);
      assert.deepEqual(rec.events, ['acquire s', 'release s']);
    }),
    { numRuns: 150 },
  );
});

test('law 2, scoped effects (async): nothing happens before open, nothing after dispose', async () => {
  await fc.assert(
    fc.asyncProperty(itemsArb, fc.nat(8), async (items, pulls) => {
      const rec = new Recorder();
      const manager = managedStream(() => asyncRecordingSource(rec, 's', items));
      const nested = nestedManaged([manager, manager]);
      assert.deepEqual(rec.events, []);
      const stream = manager.open();
      const pair = await nested.open();
      assert.deepEqual(rec.events, []);
      for (let i = 0; i < pulls; i++) await stream.next();
      await stream[Symbol.asyncDispose]();
      await pair[Symbol.asyncDispose]();
      const atDispose = [...rec.events];
      assert.deepEqual(atDispose, pulls === 0 ? [] : ['acquire s', 'release s']);
      await stream.next();
      await pair[1].next();
      await stream[Symbol.asyncDispose]();
      await pair[Symbol.asyncDispose]();
      assert.deepEqual(rec.events, atDispose);
      assert.equal(rec.open, 0);
    }),
    { numRuns: 100 },
  );
});

test('law 3, laziness (async): making calls nothing, open creates without running, the first pull runs', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer(), { minLength: 1, maxLength: 5 }), async (items) => {
      const rec = new Recorder();
      let factoryCalls = 0;
      const manager = managedStream(() => {
        factoryCalls++;
        return asyncRecordingSource(rec, 's', items);
      });
      assert.equal(factoryCalls, 0);
      await using stream = manager.open();
      assert.equal(factoryCalls, 1);
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.deepEqual(rec.events, []);
      assert.deepEqual(await stream.next(), { done: false, value: items[0] });
      assert.deepEqual(rec.events, ['acquire s']);
      await using wrapped = withResourceStream(asyncRecordingSource(rec, 'w', items));
      assert.deepEqual(rec.events, ['acquire s']);
      await wrapped.next();
      assert.deepEqual(rec.events, ['acquire s', 'acquire w']);
    }),
    { numRuns: 60 },
  );
});

type Kind = 'sync' | 'promise' | 'asyncDisposable' | 'asyncStream';

function member(rec: Recorder, name: string, kind: Kind, failRelease: boolean): AnyManager {
  const release = (): void => {
    rec.release(name);
    if (failRelease) throw new TaggedError(`release ${name}`);
  };
  switch (kind) {
    case 'sync':
      return { open: () => (rec.acquire(name), { [Symbol.dispose]: release }) };
    case 'promise':
      return { open: async () => (await Promise.resolve(), rec.acquire(name), { [Symbol.dispose]: release }) };
    case 'asyncDisposable':
      return {
        open: () => (
          rec.acquire(name),
          {
            [Symbol.asyncDispose]: async () => {
              await new Promise<void>((resolve) => setImmediate(resolve));
              release();
            },
          }
        ),
      };
    case 'asyncStream':
      return managedStream(async function* () {
        rec.acquire(name);
        try {
          yield name;
        } finally {
          await Promise.resolve();
          release();
        }
      });
  }
}

const kindArb = fc.constantFrom<Kind>('sync', 'promise', 'asyncDisposable', 'asyncStream');

test('law 4, LIFO composition (async): nested managers close in reverse, all of them, errors merged', async () => {
  const memberArb = fc.record({ kind: kindArb, failRelease: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(fc.array(memberArb, { minLength: 1, maxLength: 6 }), fc.boolean(), async (members, bodyFails) => {
      const rec = new Recorder();
      const names = members.map((_, i) => `m${i}`);
      const nested = nestedManaged(members.map((m, i) => member(rec, names[i]!, m.kind, m.failRelease)));
      let error: unknown;
      try {
        const opening = nested.open();
        assert.equal(opening instanceof Promise, members.some((m) => m.kind !== 'sync'));
        await using opened = await opening;
        for (const value of opened) if ('next' in value) await (value as AsyncIterator<unknown>).next();
        if (bodyFails) throw new TaggedError('body');
      } catch (e) {
        error = e;
      }
      const reversed = [...names].reverse();
      assert.deepEqual([...rec.acquired()].sort(), [...names].sort());
      assert.deepEqual(rec.released(), reversed);
      assert.equal(rec.open, 0);
      const failures = reversed.filter((_, i) => members[members.length - 1 - i]!.failRelease).map((n) => `release ${n}`);
      assert.deepEqual(error === undefined ? [] : errorTags(error), [...(bodyFails ? ['body'] : []), ...failures]);
    }),
    { numRuns: 150 },
  );
});

test('law 4, LIFO composition (async): a failing or rejected open closes the ones before it and keeps its error', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ kind: fc.constantFrom<Kind>('sync', 'promise', 'asyncDisposable'), failRelease: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      fc.nat(5),
      fc.boolean(),
      async (members, k, rejects) => {
        const failing = k % members.length;
        const rec = new Recorder();
        const managers = members.map((m, i) =>
          i !== failing
            ? member(rec, `m${i}`, m.kind, m.failRelease)
            : {
                open: rejects
                  ? async (): Promise<Disposable> => Promise.reject(new TaggedError('open'))
                  : (): Disposable => {
                      throw new TaggedError('open');
                    },
              },
        );
        let error: unknown;
        try {
          await nestedManaged(managers).open();
        } catch (e) {
          error = e;
        }
        const opened = Array.from({ length: failing }, (_, i) => `m${i}`).reverse();
        assert.deepEqual(rec.released(), opened);
        assert.equal(rec.open, 0);
        const failures = opened.filter((name) => members[Number(name.slice(1))]!.failRelease).map((name) => `release ${name}`);
        assert.deepEqual(errorTags(error), ['open', ...failures]);
      },
    ),
    { numRuns: 150 },
  );
});

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

test('law 5, equivalence (async): a wrapped stream yields exactly what the bare one yields, on every run', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.anything(), { maxLength: 8 }), async (items) => {
      const rec = new Recorder();
      const bare = await collect(asyncRecordingSource(rec, 'bare', items));
      assert.deepEqual(await collect(withResourceStream(asyncRecordingSource(rec, 'w', items))), bare);
      const managed = managedStream(() => asyncRecordingSource(rec, 'm', items));
      assert.deepEqual(await collect(managed), bare);
      assert.deepEqual(await collect(managed), bare);
      assert.equal(rec.open, 0);
    }),
    { numRuns: 100 },
  );
});
