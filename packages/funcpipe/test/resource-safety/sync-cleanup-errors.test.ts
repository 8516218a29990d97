// Cleanup failures are never swallowed and never mask the original error: when closing a
// source throws, every other source is still released, and the consumer sees all the failures
// chained with SuppressedError in the order they happened (the original error innermost).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pipe } from '../../src/pipe.js';
import { originalError } from '../../src/resource/combine-errors.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';
import * as Sync from '../../src/stream/index.js';
import { applyOps, arbChain, arbItems, arbThrow, CallbackError } from '../stream/sync-ops.js';
import { CleanupError, Recorder, RecordingSource } from '../stream/recording-source.js';

/**
 * True for a SuppressedError from any origin: ours, or the one the `using` helpers of tsc and
 * esbuild make on runtimes without a global SuppressedError (Node 20), which is a plain Error
 * named 'SuppressedError' with the same two fields.
 */
function isSuppressed(error: unknown): error is { error: unknown; suppressed: unknown } {
  return error instanceof SuppressedError || (error instanceof Error && error.name === 'SuppressedError' && 'error' in error && 'suppressed' in error);
}

/** The errors inside a SuppressedError chain, earliest first. */
function flatten(error: unknown): unknown[] {
  return isSuppressed(error) ? [...flatten(error.suppressed), ...flatten(error.error)] : [error];
}

const sameErrors = (actual: unknown[], expected: unknown[]) =>
  assert.ok(actual.length === expected.length && actual.every((e, i) => e === expected[i]), `got ${actual.map(String).join(' | ')}; expected ${expected.map(String).join(' | ')}`);

type Consumer = { readonly kind: 'toArray' | 'first' | 'iterate' } | { readonly kind: 'break' | 'usingThrow'; readonly at: number };

const arbConsumer: fc.Arbitrary<Consumer> = fc.oneof(
  fc.record({ kind: fc.constantFrom('toArray' as const, 'first' as const, 'iterate' as const) }),
  fc.record({ kind: fc.constantFrom('break' as const, 'usingThrow' as const), at: fc.nat({ max: 6 }) }),
);

class ConsumerError extends Error {}

function consume(s: Sync.Stream<number>, consumer: Consumer, rec: Recorder): void {
  switch (consumer.kind) {
    case 'toArray':
      pipe(s, Sync.toArray());
      return;
    case 'first':
      pipe(s, Sync.first());
      return;
    case 'iterate':
      for (const _ of s);
      return;
    case 'break': {
      let k = 0;
      for (const _ of s) if (k++ === consumer.at) break;
      return;
    }
    case 'usingThrow': {
      using it = s[Symbol.iterator]();
      for (let k = 0; !it.next().done; k++) {
        if (k === consumer.at) {
          const error = new ConsumerError('usingThrow');
          rec.thrown.push(error);
          throw error;
        }
      }
      return;
    }
  }
}

test('with sources that fail to close, everything is still released and every failure reaches the consumer, in order', () => {
  fc.assert(
    fc.property(arbItems, arbChain, fc.option(arbThrow, { nil: undefined }), arbConsumer, fc.boolean(), (items, ops, throwOp, consumer, mainFails) => {
      const rec = new Recorder();
      const chain = throwOp === undefined ? ops : [...ops, throwOp];
      const src = Sync.fromIterable(new RecordingSource(rec, 'src', items, { failOnReturn: mainFails }));
      const s = applyOps(src, chain, { rec, sideOptions: () => ({ failOnReturn: true }) });
      let caught: unknown = undefined;
      let threw = false;
      try {
        consume(s, consumer, rec);
      } catch (error) {
        threw = true;
        caught = error;
      }
      assert.deepEqual(rec.held(), []);
      assert.deepEqual(rec.violations, []);
      assert.equal(threw, rec.thrown.length > 0);
      if (threw) {
        sameErrors(flatten(caught), rec.thrown);
        if (caught instanceof SuppressedError) assert.equal(originalError(caught), rec.thrown[0]);
      }
    }),
    { numRuns: 400 },
  );
});

test('a callback error with a failing close: SuppressedError(cleanup failure, original error)', () => {
  const rec = new Recorder();
  const boom = new CallbackError('boom');
  const s = pipe(
    Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3], { failOnReturn: true })),
    Sync.map((x: number) => {
      if (x === 2) throw boom;
      return x;
    }),
  );
  for (const run of [() => pipe(s, Sync.toArray()), () => [...s]]) {
    const error = (() => {
      try {
        run();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof SuppressedError);
    assert.equal(error.suppressed, boom);
    assert.ok(error.error instanceof CleanupError);
  }
  assert.deepEqual(rec.held(), []);
});

test('a cleanup failure with no earlier error is thrown as it is', () => {
  const rec = new Recorder();
  const s = Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3], { failOnReturn: true }));
  assert.throws(() => pipe(s, Sync.first()), CleanupError);
  assert.throws(() => pipe(s, Sync.take(2), Sync.toArray()), CleanupError);
  assert.throws(() => {
    for (const _ of s) break;
  }, CleanupError);
  assert.deepEqual(pipe(s, Sync.toArray()), [1, 2, 3]);
  assert.deepEqual(rec.held(), []);
});

test('for ... of keeps a body error and the language drops a close failure; using keeps both', () => {
  const rec = new Recorder();
  const s = Sync.fromIterable(new RecordingSource(rec, 'src', [1, 2, 3], { failOnReturn: true }));
  const body = new Error('body');
  assert.throws(
    () => {
      for (const _ of s) throw body;
    },
    (e) => e === body,
  );
  assert.throws(
    () => {
      using it = s[Symbol.iterator]();
      it.next();
      throw body;
    },
    (e) => isSuppressed(e) && e.suppressed === body && e.error instanceof CleanupError,
  );
  assert.deepEqual(rec.held(), []);
});
