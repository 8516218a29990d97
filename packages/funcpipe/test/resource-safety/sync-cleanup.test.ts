// Resource safety of sync streams, with an event recorder inside property tests: for random
// chains of every operator, random sources (some failing mid-way), random callback failures and
// every way a consumer can stop, each source that was acquired is released exactly once, stops
// release in reverse order of acquisition, no iterator is closed twice or used after it
// finished, and the consumer sees exactly the error that was thrown first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import { applyOps, arbChain, arbItems, arbThrow, type Op } from '../stream/sync-ops.js';
import { Recorder, RecordingSource } from '../stream/recording-source.js';

class ConsumerError extends Error {}

type Consumer =
  | { readonly kind: 'toArray' | 'sum' | 'count' | 'first' | 'iterate' }
  | { readonly kind: 'forEachThrow' | 'break' | 'bodyThrow' | 'using'; readonly at: number };

const arbConsumer: fc.Arbitrary<Consumer> = fc.oneof(
  fc.record({ kind: fc.constantFrom('toArray' as const, 'sum' as const, 'count' as const, 'first' as const, 'iterate' as const) }),
  fc.record({ kind: fc.constantFrom('forEachThrow' as const, 'break' as const, 'bodyThrow' as const, 'using' as const), at: fc.nat({ max: 8 }) }),
);

/** A chain of random ops, sometimes with a throwing map inserted at a random place. */
const arbChainWithThrow: fc.Arbitrary<Op[]> = fc
  .tuple(arbChain, fc.option(fc.tuple(arbThrow, fc.nat({ max: 6 })), { nil: undefined }))
  .map(([ops, inserted]) => {
    if (inserted === undefined) return ops;
    const [op, at] = inserted;
    return [...ops.slice(0, at), op, ...ops.slice(at)];
  });

function consume(s: Sync.Stream<number>, consumer: Consumer, rec: Recorder): void {
  const fail = () => {
    const error = new ConsumerError(consumer.kind);
    rec.thrown.push(error);
    throw error;
  };
  switch (consumer.kind) {
    case 'toArray':
      pipe(s, Sync.toArray());
      return;
    case 'sum':
      pipe(s, Sync.sum());
      return;
    case 'count':
      pipe(s, Sync.count());
      return;
    case 'first':
      pipe(s, Sync.first());
      return;
    case 'forEachThrow':
      pipe(
        s,
        Sync.forEach((_x, i) => {
          if (i === consumer.at) fail();
        }),
      );
      return;
    case 'iterate':
      for (const _ of s);
      return;
    case 'break': {
      let k = 0;
      for (const _ of s) if (k++ === consumer.at) break;
      return;
    }
    case 'bodyThrow': {
      let k = 0;
      for (const _ of s) if (k++ === consumer.at) fail();
      return;
    }
    case 'using': {
      using it = s[Symbol.iterator]();
      for (let k = 0; k < consumer.at && !it.next().done; k++);
      return;
    }
  }
}

/** The op position a source belongs to: -1 for the main source, else the op that created it. */
const positionOf = (id: string) => (id.startsWith('src') ? -1 : Number(/^[a-zA-Z]+(\d+)/.exec(id)?.[1]));

/**
 * True when `a` and `b` sit on the two sides of one zip: the zip's right-hand source and
 * anything upstream of the zip. Those are siblings, not nested, so LIFO does not order them:
 * a zip closes its right side before its left side as a whole, and a left side that ends (its
 * own `take`, say) releases before the zip closes the right side.
 */
function zipSiblings(a: string, b: string): boolean {
  const right = (id: string) => /^zip(\d+)other/.exec(id);
  const ra = right(a);
  const rb = right(b);
  return (ra !== null && positionOf(b) < Number(ra[1])) || (rb !== null && positionOf(a) < Number(rb[1]));
}

/**
 * Every acquired source is released exactly once, and a release caused by `return()` always
 * closes the most recently acquired source still held, unless the two are zip siblings.
 */
function checkReleases(rec: Recorder): void {
  const held: string[] = [];
  const released = new Set<string>();
  for (const event of rec.events) {
    const [kind, id, why] = event.split(' ') as [string, string, string | undefined];
    if (kind === 'acquire') held.push(id);
    if (kind !== 'release') continue;
    assert.ok(!released.has(id), `${id} released twice`);
    released.add(id);
    const at = held.indexOf(id);
    assert.ok(at >= 0, `${id} released but not held`);
    if (why === 'return') {
      for (const later of held.slice(at + 1)) {
        assert.ok(zipSiblings(id, later), `${id} closed before ${later}, which was acquired after it: ${rec.events.join(', ')}`);
      }
    }
    held.splice(at, 1);
  }
  assert.deepEqual(held, [], `still held after the run: ${held.join(', ')}`);
  assert.deepEqual(rec.violations, []);
}

test('every run releases every source exactly once, LIFO, and surfaces the first error untouched', () => {
  fc.assert(
    fc.property(
      arbItems,
      arbChainWithThrow,
      arbConsumer,
      fc.option(fc.nat({ max: 20 }), { nil: undefined }),
      fc.option(fc.nat({ max: 4 }), { nil: undefined }),
      (items, ops, consumer, throwAt, sideThrowAt) => {
        const rec = new Recorder();
        const src = Sync.fromIterable(new RecordingSource(rec, 'src', items, throwAt === undefined ? {} : { throwAt }));
        const s = applyOps(src, ops, { rec, sideOptions: () => (sideThrowAt === undefined ? {} : { throwAt: sideThrowAt }) });
        let caught: unknown = undefined;
        let threw = false;
        try {
          consume(s, consumer, rec);
        } catch (error) {
          threw = true;
          caught = error;
        }
        checkReleases(rec);
        assert.ok(rec.thrown.length <= 1, 'nothing runs after the first failure');
        assert.equal(threw, rec.thrown.length === 1);
        if (threw) assert.equal(caught, rec.thrown[0]);
      },
    ),
    { numRuns: 500 },
  );
});

test('an early stop of any kind closes the source before the consumer goes on', () => {
  fc.assert(
    fc.property(arbItems, arbChain, fc.nat({ max: 6 }), (items, ops, at) => {
      const rec = new Recorder();
      const s = applyOps(Sync.fromIterable(new RecordingSource(rec, 'src', items)), ops, { rec });
      let k = 0;
      for (const _ of s) {
        if (k++ === at) break;
      }
      assert.deepEqual(rec.held(), []);
      pipe(s, Sync.first());
      assert.deepEqual(rec.held(), []);
      pipe(s, Sync.take(at), Sync.toArray());
      assert.deepEqual(rec.held(), []);
      assert.deepEqual(rec.violations, []);
    }),
  );
});
