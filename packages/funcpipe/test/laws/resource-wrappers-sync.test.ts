// The five laws of seed 000 for the sync wrappers, as property tests: cleanup on all paths, scoped
// effects, laziness (as corrected in DESIGN section 3), LIFO composition, equivalence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { err, ok, type Result } from '../../src/result/result.js';
import { managedStream } from '../../src/resource/managed-stream.js';
import { nestedManaged, type Manager } from '../../src/resource/nested-managed.js';
import { withResourceStream } from '../../src/resource/resource-stream.js';
import { Recorder, TaggedError, errorTags, recordingSource } from '../resource/resource-recorder.js';

/** Stops at the first `Err` (after passing it on); leaving the loop closes the upstream. */
function* shortCircuitOnErrTruncate<T, E>(source: Iterable<Result<T, E>>): Generator<Result<T, E>, void, unknown> {
  for (const item of source) {
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
  fc.record({ kind: fc.constantFrom('break', 'consumerThrow', 'producerThrow'), at: fc.nat(12) }),
  fc.constant({ kind: 'shortCircuit' } as const),
);
const wrapperArb = fc.constantFrom('withResourceStream', 'managedOpen', 'managedIterate');
const itemsArb = fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 10 });

/** What an unwrapped, leak-free run gives: the items the consumer sees and who fails. */
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

function consume(stream: Iterable<unknown>, stop: Stop, out: unknown[]): void {
  const source = stop.kind === 'shortCircuit' ? shortCircuitOnErrTruncate(stream as Iterable<Result<number, string>>) : stream;
  for (const x of source) {
    if (stop.kind === 'break' && out.length === stop.at) break;
    if (stop.kind === 'consumerThrow' && out.length === stop.at) throw new TaggedError('consumer');
    out.push(x);
  }
}

test('law 1, cleanup on all paths (sync): every path releases the source exactly once', () => {
  fc.assert(
    fc.property(itemsArb, stopArb, wrapperArb, (items, stop, wrapper) => {
      const rec = new Recorder();
      const values: readonly unknown[] = stop.kind === 'shortCircuit' ? items.map(toResult) : items;
      const failAt = stop.kind === 'producerThrow' ? stop.at : -1;
      const factory = () => recordingSource(rec, 's', values, failAt);
      const out: unknown[] = [];
      let error: string | undefined;
      try {
        if (wrapper === 'withResourceStream') {
          using stream = withResourceStream(factory());
          consume(stream, stop, out);
        } else if (wrapper === 'managedOpen') {
          using stream = managedStream(factory).open();
          consume(stream, stop, out);
        } else {
          consume(managedStream(factory), stop, out);
        }
      } catch (e) {
        error = errorTags(e).join(',');
      }
      assert.deepEqual({ out, error }, model(items, stop));
      assert.equal(rec.open, 0);
      assert.deepEqual(rec.events, ['acquire s', 'release s']);
    }),
    { numRuns: 300 },
  );
});

test('law 2, scoped effects (sync): nothing happens before open, nothing after dispose', () => {
  fc.assert(
    fc.property(itemsArb, fc.nat(12), (items, pulls) => {
      const rec = new Recorder();
      const manager = managedStream(() => recordingSource(rec, 's', items));
      const nested = nestedManaged([manager, manager]);
      assert.deepEqual(rec.events, []);
      const stream = manager.open();
      const pair = nested.open();
      assert.deepEqual(rec.events, []);
      for (let i = 0; i < pulls; i++) stream.next();
      stream[Symbol.dispose]();
      pair[Symbol.dispose]();
      const atDispose = [...rec.events];
      assert.deepEqual(atDispose, pulls === 0 ? [] : ['acquire s', 'release s']);
      stream.next();
      pair[0].next();
      stream[Symbol.dispose]();
      pair[Symbol.dispose]();
      assert.deepEqual(rec.events, atDispose);
      assert.equal(rec.open, 0);
    }),
    { numRuns: 200 },
  );
});

test('law 3, laziness (sync): making calls nothing, open creates without running, the first pull runs', () => {
  fc.assert(
    fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 8 }), (items) => {
      const rec = new Recorder();
      let factoryCalls = 0;
      const manager = managedStream(() => {
        factoryCalls++;
        return recordingSource(rec, 's', items);
      });
      assert.equal(factoryCalls, 0);
      using stream = manager.open();
      assert.equal(factoryCalls, 1);
      assert.deepEqual(rec.events, []);
      assert.deepEqual(stream.next(), { done: false, value: items[0] });
      assert.deepEqual(rec.events, ['acquire s']);
      const plain = recordingSource(rec, 'w', items);
      using wrapped = withResourceStream(plain);
      assert.deepEqual(rec.events, ['acquire s']);
      wrapped.next();
      assert.deepEqual(rec.events, ['acquire s', 'acquire w']);
    }),
    { numRuns: 100 },
  );
});

interface Member {
  readonly stream: boolean;
  readonly failRelease: boolean;
}

function member(rec: Recorder, name: string, m: Member): Manager<Disposable> {
  if (m.stream) {
    return managedStream(function* () {
      rec.acquire(name);
      try {
        yield name;
      } finally {
        rec.release(name);
        if (m.failRelease) throw new TaggedError(`release ${name}`);
      }
    });
  }
  return {
    open: () => {
      rec.acquire(name);
      return {
        [Symbol.dispose]: () => {
          rec.release(name);
          if (m.failRelease) throw new TaggedError(`release ${name}`);
        },
      };
    },
  };
}

test('law 4, LIFO composition (sync): nested managers close in reverse, all of them, errors merged', () => {
  const memberArb = fc.record({ stream: fc.boolean(), failRelease: fc.boolean() });
  fc.assert(
    fc.property(fc.array(memberArb, { minLength: 1, maxLength: 7 }), fc.boolean(), (members, bodyFails) => {
      const rec = new Recorder();
      const names = members.map((_, i) => `m${i}`);
      const nested = nestedManaged(members.map((m, i) => member(rec, names[i]!, m)));
      let error: unknown;
      try {
        using opened = nested.open();
        for (const value of opened) if ('next' in value) (value as Iterator<unknown>).next();
        if (bodyFails) throw new TaggedError('body');
      } catch (e) {
        error = e;
      }
      const reversed = [...names].reverse();
      assert.deepEqual([...rec.acquired()].sort(), [...names].sort());
      assert.deepEqual(rec.released(), reversed);
      assert.equal(rec.open, 0);
      const expected = [...(bodyFails ? ['body'] : []), ...reversed.filter((_, i) => members[members.length - 1 - i]!.failRelease).map((n) => `release ${n}`)];
      assert.deepEqual(error === undefined ? [] : errorTags(error), expected);
    }),
    { numRuns: 300 },
  );
});

test('law 4, LIFO composition (sync): a failing open closes the ones before it, LIFO, and keeps the open error', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), fc.nat(6), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (n, k, failRelease) => {
      const failing = k % n;
      const rec = new Recorder();
      const managers = Array.from({ length: n }, (_, i) =>
        i === failing
          ? { open: (): Disposable => { throw new TaggedError('open'); } }
          : member(rec, `m${i}`, { stream: false, failRelease: failRelease[i]! }),
      );
      let error: unknown;
      try {
        nestedManaged(managers).open();
      } catch (e) {
        error = e;
      }
      const opened = Array.from({ length: failing }, (_, i) => `m${i}`);
      assert.deepEqual(rec.released(), [...opened].reverse());
      assert.equal(rec.open, 0);
      const releaseFailures = [...opened].reverse().filter((name) => failRelease[Number(name.slice(1))]).map((name) => `release ${name}`);
      assert.deepEqual(errorTags(error), ['open', ...releaseFailures]);
    }),
    { numRuns: 200 },
  );
});

test('law 5, equivalence (sync): a wrapped stream yields exactly what the bare one yields, on every run', () => {
  fc.assert(
    fc.property(fc.array(fc.anything(), { maxLength: 12 }), (items) => {
      const rec = new Recorder();
      const bare = [...recordingSource(rec, 'bare', items)];
      assert.deepEqual([...withResourceStream(recordingSource(rec, 'w', items))], bare);
      assert.deepEqual([...withResourceStream(items)], bare);
      const managed = managedStream(() => recordingSource(rec, 'm', items));
      assert.deepEqual([...managed], bare);
      assert.deepEqual([...managed], bare);
      assert.equal(rec.open, 0);
    }),
    { numRuns: 200 },
  );
});
