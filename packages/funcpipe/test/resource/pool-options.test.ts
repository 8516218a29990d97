import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPool } from '../../src/resource/pool.js';
import type { PoolOptions } from '../../src/resource/pool-options.js';

const base: PoolOptions<number> = { create: () => 1, destroy: () => {} };

/** Calls createPool with one field replaced by a value that the type system would refuse. */
function withField(field: string, value: unknown): () => unknown {
  return () => createPool({ ...base, [field]: value } as unknown as PoolOptions<number>);
}

function namesField(field: string, kind: typeof TypeError | typeof RangeError) {
  return (e: unknown) => e instanceof kind && e.message.startsWith('createPool:') && e.message.includes(`options.${field}`);
}

test('createPool: a non-integer, negative or non-number size is refused, naming the field', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('min', 'max'),
      fc.oneof(
        fc.double({ noInteger: true }),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(Number.NaN),
      ),
      (field, value) => {
        assert.throws(withField(field, value), namesField(field, TypeError));
      },
    ),
    { numRuns: 100 },
  );
  fc.assert(
    fc.property(fc.integer({ max: -1 }), (value) => {
      assert.throws(withField('min', value), namesField('min', RangeError));
    }),
  );
  fc.assert(
    fc.property(fc.integer({ max: 0 }), (value) => {
      assert.throws(withField('max', value), namesField('max', RangeError));
    }),
  );
});

test('createPool: min > max is a RangeError naming both; min <= max is accepted', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (max, min) => {
      const make = () => createPool({ ...base, min, max });
      if (min > max) assert.throws(make, (e) => e instanceof RangeError && /options\.min.*options\.max/.test(e.message));
      else assert.deepEqual(make().stats(), { size: 0, idle: 0, inUse: 0, pending: 0, waiting: 0 });
    }),
  );
});

test('createPool: create, destroy and validate must be functions; the timeout a number >= 0', () => {
  const notFunctions = fc.oneof(fc.string(), fc.integer(), fc.object(), fc.constant(null));
  fc.assert(
    fc.property(fc.constantFrom('create', 'destroy', 'validate'), notFunctions, (field, value) => {
      assert.throws(withField(field, value), namesField(field, TypeError));
    }),
  );
  assert.throws(withField('create', undefined), namesField('create', TypeError));
  fc.assert(
    fc.property(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), (value) => {
      assert.throws(withField('acquireTimeoutMs', value), namesField('acquireTimeoutMs', RangeError));
    }),
  );
  assert.throws(withField('acquireTimeoutMs', '5'), namesField('acquireTimeoutMs', TypeError));
  assert.throws(withField('name', 5), namesField('name', TypeError));
  assert.throws(() => createPool(null as unknown as PoolOptions<number>), /createPool: expected `options` to be an object, got null/);
});

test('pool.acquire: a bad options object or signal is a TypeError', async () => {
  const pool = createPool(base);
  await assert.rejects(pool.acquire(5 as never), /pool\.acquire: expected `options` to be an object, got number 5/);
  await assert.rejects(pool.acquire({ signal: 'stop' as never }), /pool\.acquire: expected `signal` to be an AbortSignal/);
  assert.deepEqual(pool.stats(), { size: 0, idle: 0, inUse: 0, pending: 0, waiting: 0 });
  await pool.close();
});
