// The self-contained @example blocks of the policy exports, run as written (their stated results
// as the assertions), so the documentation cannot drift from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pipe } from '../../src/pipe.js';
import * as Sync from '../../src/stream/index.js';
import { err, ok } from '../../src/result/result.js';
import { errInfo } from '../../src/result/err-info.js';
import { parseDuration } from '../../src/policy/duration.js';
import { VirtualClock } from '../../src/policy/virtual-clock.js';
import { definePolicy } from '../../src/policy/policy-kind.js';
import { shortCircuitOnErrEmit, shortCircuitOnErrTruncate } from '../../src/policy/short-circuit.js';
import { circuitBreakerRateEmit } from '../../src/policy/circuit-breaker-rate-emit.js';
import { isBreakInfo } from '../../src/policy/break-info.js';
import { policyJsonSchema } from '../../src/policy/policy-schemas.js';
import { circuitBreaker } from '../../src/policy/circuit-breaker.js';
import { rateLimiter } from '../../src/policy/rate-limiter.js';

test('parseDuration', () => {
  assert.equal(parseDuration('1.5s', 'myPolicy', 'coolDown'), 1500);
  assert.equal(parseDuration(250, 'myPolicy', 'coolDown'), 250);
});

test('VirtualClock', async () => {
  const clock = new VirtualClock();
  const done = clock.sleep(1_000).then(() => clock.now());
  await clock.advance(999); // nothing yet
  await clock.advance(1); // the sleep resolves
  assert.equal(await done, 1000);
});

test('definePolicy', () => {
  const sampling = definePolicy<{ rate?: number }, { rate: number }>({
    name: 'sampling',
    scope: 'run',
    summary: 'Keeps a fraction of the items.',
    schema: (z) => z.strictObject({ rate: z.number().min(0).max(1).optional() }),
    resolve: (p) => ({ rate: p.rate ?? 1 }),
  });
  assert.throws(() => sampling.resolve({ rat: 0.5 } as never), { name: 'TypeError', message: 'sampling: unknown key `rat` (did you mean `rate`?); expected one of `rate`' });
});

test('shortCircuitOnErrTruncate and shortCircuitOnErrEmit', () => {
  const e = errInfo('E', 'bad');
  assert.deepEqual(pipe(Sync.fromIterable([ok(1), ok(2), err(e), ok(3)]), shortCircuitOnErrTruncate(), Sync.toArray()), [ok(1), ok(2)]);
  assert.deepEqual(pipe(Sync.fromIterable([ok(1), err(e), ok(3)]), shortCircuitOnErrEmit(), Sync.toArray()), [ok(1), err(e)]);
});

test('circuitBreakerRateEmit and isBreakInfo (README)', () => {
  const results = Sync.fromIterable([ok(1), err(errInfo('E', 'x')), err(errInfo('E', 'y'))]);
  const reported: number[] = [];
  for (const r of pipe(results, circuitBreakerRateEmit({ maxRate: 0.2, window: 10, minItems: 2 }))) {
    if (!r.ok && isBreakInfo(r.error)) {
      reported.push(r.error.index);
      break;
    }
  }
  assert.deepEqual(reported, [1]);
});

test('policyJsonSchema, circuitBreaker and rateLimiter accept their documented policies', () => {
  assert.equal(policyJsonSchema('errRateBreaker')['type'], 'object');
  const breaker = circuitBreaker({ name: 'embedder', failureRateThreshold: 0.5, minimumCalls: 20, window: { type: 'time', duration: '30s' }, coolDown: '10s', coolDownBackoff: { multiplier: 2, max: '5m' }, halfOpenProbes: 3 });
  assert.equal(breaker.state, 'closed');
  assert.equal(JSON.parse(JSON.stringify(breaker)).name, 'embedder');
  assert.equal(rateLimiter({ name: 'embedding-api', rate: 2000, per: '1s', burst: 50 }).name, 'embedding-api');
});
