// What the kit offers for adapters that hold real resources of their own: `resources.register`
// (the subject reports its resource's acquisition and release, judged like a kit resource),
// `parameters` (a family of subjects drawn per case, named in the report) and `afterCase` (checks
// the kit cannot make, such as a driver's pool back to idle). Each is shown catching a mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import { ConformanceError, checkConformance, type KitResources } from '../../src/testing/index.js';

const options = { numRuns: 100, seed: 7 };

/** A "connection" held by a run: registered when taken, released in `finally` unless `forget`. */
function connectionSource(resources: KitResources, forget: 'never' | 'on-stop'): Async.AsyncGen<number, never> {
  return Async.fromProducer(async function* (signal) {
    const released = resources.register('connection');
    let ended = false;
    try {
      for (let i = 0; i < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        signal.throwIfAborted();
        yield i;
      }
      ended = true;
    } finally {
      if (forget === 'never' || ended) released();
    }
  });
}

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ConformanceError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

test('a registered resource released on every exit passes', async () => {
  const stats = await checkConformance('connection', (r) => connectionSource(r, 'never'), options);
  assert.ok(stats.resources >= options.numRuns, 'every case registered its connection');
});

test('a registered resource that a stop leaves held fails, naming it and its kind', async () => {
  await rejectsWith(checkConformance('leaky connection', (r) => connectionSource(r, 'on-stop'), options), /resource #0 was never released[^]*#0 \(connection\) opened at/);
});

test('a registered resource released after the kit source it was acquired under breaks LIFO', async () => {
  const outOfOrder = (r: KitResources) =>
    Async.bracket(
      () => Promise.resolve(r.register('connection')),
      () => r.source(),
      (release) => release(), // the connection, taken first, is let go after the kit source: fine
    );
  await checkConformance('bracketed connection', outOfOrder, options);
  const wrong = (r: KitResources) =>
    Async.fromProducer(async function* (signal) {
      const kit = await r.open({ signal });
      const release = r.register('connection');
      try {
        for (let item = await kit.read(signal); item !== undefined; item = await kit.read(signal)) yield item;
      } finally {
        await kit.close(); // the kit resource first, though the connection was taken after it
        release();
      }
    });
  await rejectsWith(checkConformance('wrong order', wrong, options), /resource #0 was released before resource #1, which was acquired after it \(LIFO expected\)/);
});

test('slowReleaseMs sets how long a slow release takes, past the close deadline', async () => {
  const stats = await checkConformance('slow', (r) => r.source(), { ...options, closeTimeoutMs: 20, slowReleaseMs: 30, faults: ['slow-release'] });
  assert.ok(stats.faults['slow-release'] > 0);
});

test('parameters are drawn per case and named in the report; afterCase adds its own violations', async () => {
  const seen = new Set<number>();
  await checkConformance('sized', (r, size: number) => (seen.add(size), Async.take(size)(r.source())), { ...options, parameters: fc.integer({ min: 0, max: 3 }) });
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
  let cases = 0;
  const failing = checkConformance('audited', (r, size: number) => Async.take(size)(r.source()), {
    ...options,
    parameters: fc.integer({ min: 0, max: 9 }),
    afterCase: (size) => (cases++, size > 4 ? [`size ${size} is too big`] : []),
  });
  await rejectsWith(failing, /- size 5 is too big[^]*with the parameter 5/);
  assert.ok(cases > 1);
});

test('the new options and register reject bad arguments with errors naming them', async () => {
  await assert.rejects(checkConformance('x', (r) => r.source(), { closeTimeoutMs: 20, slowReleaseMs: 20 }), /RangeError: checkConformance: expected `options.slowReleaseMs` to be an integer >= 21, got 20/);
  await assert.rejects(checkConformance('x', (r) => r.source(), { afterCase: 1 as never }), /checkConformance: expected `options.afterCase` to be a function/);
  await assert.rejects(checkConformance('x', (r) => r.source(), { rulesFor: 'any' as never }), /`options.rulesFor` to be a function/);
  await assert.rejects(checkConformance('x', (r) => r.source(), { parameters: [1, 2] as never }), /`options.parameters` to be a fast-check Arbitrary/);
  await assert.rejects(checkConformance('x', (r) => (r.register(''), r.source()), { numRuns: 1 }), /KitResources.register: expected `kind` to be a non-empty string/);
  await assert.rejects(checkConformance('x', (r) => (r.register('c', { scope: 3 as never }), r.source()), { numRuns: 1 }), /KitResources.register: expected `options.scope` to be a string/);
});
