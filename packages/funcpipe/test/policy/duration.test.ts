import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDuration, DURATION_PATTERN } from '../../src/policy/duration.js';

test('parseDuration: numbers are milliseconds, strings carry a unit', () => {
  assert.equal(parseDuration(250, 'p', 'f'), 250);
  assert.equal(parseDuration(0, 'p', 'f'), 0);
  assert.equal(parseDuration('250ms', 'p', 'f'), 250);
  assert.equal(parseDuration('2s', 'p', 'f'), 2_000);
  assert.equal(parseDuration('1.5s', 'p', 'f'), 1_500);
  assert.equal(parseDuration('1.1s', 'p', 'f'), 1_100);
  assert.equal(parseDuration('1m', 'p', 'f'), 60_000);
  assert.equal(parseDuration('1h', 'p', 'f'), 3_600_000);
  assert.equal(parseDuration('0ms', 'p', 'f'), 0);
});

test('parseDuration: strict, with errors naming the entry point and the field', () => {
  for (const bad of ['2 s', '250', '-1s', '+1s', '1.s', '.5s', '01s', '1S', '1sec', '', ' 1s', '1e3ms', null, undefined, {}, [], true, NaN]) {
    assert.throws(() => parseDuration(bad, 'retry', 'maxDelay'), (e: unknown) => e instanceof TypeError && /^retry: expected `maxDelay` to be a duration/.test(e.message), String(bad));
  }
  for (const bad of [-1, -0.5, Infinity, -Infinity]) {
    assert.throws(() => parseDuration(bad, 'retry', 'maxDelay'), (e: unknown) => e instanceof RangeError && /`maxDelay`/.test(e.message) && e.message.includes(String(bad)));
  }
});

test('law: a number of ms written with any unit parses back to the same ms', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(['ms', 1], ['s', 1_000], ['m', 60_000], ['h', 3_600_000]), (n, [unit, scale]) => {
      const text = `${n}${unit as string}`;
      assert.ok(DURATION_PATTERN.test(text));
      assert.equal(parseDuration(text, 'p', 'f'), n * (scale as number));
    }),
  );
});
