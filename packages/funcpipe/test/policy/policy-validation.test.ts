// The shared policy validation: one error shape for every kind (field path, expected, arrived,
// a suggestion for a misspelt key), and a JSON Schema per kind that agrees with the validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { definePolicy } from '../../src/policy/policy-kind.js';
import { policyJsonSchema, policyKinds } from '../../src/policy/policy-schemas.js';
import { durationField } from '../../src/policy/internal/fields.js';
import { errRatePolicy } from '../../src/policy/stream-breaker-policy.js';

const sample = definePolicy<{ delay?: number | string; nested?: { maxAttempts?: number } }, unknown>({
  name: 'sample',
  scope: 'item',
  summary: 'A policy for tests.',
  schema: (zz) => zz.strictObject({ delay: durationField(zz), nested: zz.strictObject({ maxAttempts: zz.number().int().min(1).optional() }).optional() }),
  resolve: (p) => p,
});

const fails = (f: () => unknown, type: typeof TypeError | typeof RangeError, pattern: RegExp): void => {
  assert.throws(f, (e: unknown) => e instanceof type && e.constructor === type && pattern.test((e as Error).message));
};

test('an unknown key is a TypeError naming it, with the closest valid key and the valid ones', () => {
  fails(() => sample.resolve({ nested: { maxAtempts: 3 } } as never), TypeError, /^sample: unknown key `nested\.maxAtempts` \(did you mean `nested\.maxAttempts`\?\); expected one of `maxAttempts`$/);
  fails(() => errRatePolicy.resolve({ windw: 3 } as never, 'circuitBreakerRateEmit'), TypeError, /^circuitBreakerRateEmit: unknown key `windw` \(did you mean `window`\?\)/);
  fails(() => errRatePolicy.resolve({ zzzzzz: 1 } as never), TypeError, /unknown key `zzzzzz`; expected one of `maxRate`, `window`, `minItems`/);
});

test('wrong types are TypeErrors, out-of-range values RangeErrors, each naming field, expectation and value', () => {
  fails(() => errRatePolicy.resolve({ maxRate: '0.2' } as never), TypeError, /expected `maxRate` to be a number, got the string "0\.2"/);
  fails(() => errRatePolicy.resolve({ maxRate: Number.NaN }), TypeError, /expected `maxRate` to be a finite number, got number NaN/);
  fails(() => errRatePolicy.resolve({ maxRate: Infinity }), TypeError, /expected `maxRate` to be a finite number, got number Infinity/);
  fails(() => errRatePolicy.resolve({ maxRate: 1.01 }), RangeError, /expected `maxRate` to be a number <= 1, got number 1\.01/);
  fails(() => errRatePolicy.resolve({ window: 0 }), RangeError, /expected `window` to be an integer >= 1, got number 0/);
  fails(() => errRatePolicy.resolve({ window: 2.5 }), TypeError, /expected `window` to be an integer, got number 2\.5/);
  fails(() => errRatePolicy.resolve({ window: 5, minItems: 6 }), RangeError, /`minItems` \(6\) to be at most `window` \(5\)/);
  fails(() => errRatePolicy.resolve(42 as never), TypeError, /expected the policy to be an object, got number 42/);
  fails(() => errRatePolicy.resolve(null as never), TypeError, /expected the policy to be an object, got null/);
  fails(() => sample.resolve({ delay: '2 s' }), TypeError, /expected `delay` to be a duration: .*, got the string "2 s"/);
  fails(() => sample.resolve({ delay: -5 }), RangeError, /expected `delay` to be a duration: .*, got number -5/);
  fails(() => sample.resolve({ nested: { maxAttempts: 0 } }), RangeError, /expected `nested\.maxAttempts` to be an integer >= 1, got number 0/);
});

test('an absent policy means every default', () => {
  assert.deepEqual(errRatePolicy.resolve(undefined), { maxRate: 0.2, window: 100, minItems: 10 });
  assert.deepEqual(errRatePolicy.resolve({ window: 4 }), { maxRate: 0.2, window: 4, minItems: 4 });
});

test('every kind has a JSON Schema that accepts and rejects the same documents as its validator', () => {
  const kinds = policyKinds();
  assert.ok(kinds.length >= 2);
  for (const { name, scope } of kinds) {
    assert.ok(['attempt', 'item', 'run', 'shared'].includes(scope));
    const schema = policyJsonSchema(name);
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema['additionalProperties'], false);
    JSON.stringify(schema);
  }
  // Documents checked through an interpreter of the emitted JSON Schema (zod's fromJSONSchema).
  const check = z.fromJSONSchema(policyJsonSchema('errRateBreaker') as never);
  const documents: Array<[unknown, boolean]> = [
    [{}, true],
    [{ maxRate: 0.5, window: 20, minItems: 5 }, true],
    [{ maxRate: 1.5 }, false],
    [{ window: 0 }, false],
    [{ window: 2.5 }, false],
    [{ maxRat: 0.2 }, false],
    [{ maxRate: 'high' }, false],
    ['x', false],
  ];
  for (const [document, valid] of documents) {
    assert.equal(check.safeParse(document).success, valid, JSON.stringify(document));
    let accepted = true;
    try {
      errRatePolicy.resolve(document as never);
    } catch {
      accepted = false;
    }
    assert.equal(accepted, valid, JSON.stringify(document));
  }
  const breaker = z.fromJSONSchema(policyJsonSchema('circuitBreaker') as never);
  const breakerDocuments: Array<[unknown, boolean]> = [
    [{ name: 'embedder', failureRateThreshold: 0.5, minimumCalls: 20, window: { type: 'time', duration: '30s' }, coolDown: '10s', coolDownBackoff: { multiplier: 2, max: '5m' }, halfOpenProbes: 3 }, true],
    [{ window: { type: 'count', size: 50 } }, true],
    [{ window: { type: 'sliding' } }, false],
    [{ window: { type: 'count', sise: 5 } }, false],
    [{ coolDown: '10 s' }, false],
    [{ halfOpenProbes: 0 }, false],
  ];
  for (const [document, valid] of breakerDocuments) assert.equal(breaker.safeParse(document).success, valid, JSON.stringify(document));
  const durations = z.fromJSONSchema(sample.jsonSchema() as never);
  for (const [document, valid] of [[{ delay: '250ms' }, true], [{ delay: 1.5 }, true], [{ delay: '2 s' }, false], [{ delay: -1 }, false]] as const) {
    assert.equal(durations.safeParse(document).success, valid, JSON.stringify(document));
  }
});

test('policyJsonSchema names an unknown kind and suggests the closest', () => {
  fails(() => policyJsonSchema('errRateBraker'), RangeError, /unknown policy kind "errRateBraker" \(did you mean "errRateBreaker"\?\)/);
});
