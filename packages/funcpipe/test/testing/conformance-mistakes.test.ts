// The conformance kit catches real mistakes, each with a report that says what went wrong: a
// source that forgets to release on break, one that releases twice, one that releases out of
// order, one that leaves a rejection unhandled. (And the fixed versions pass.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Async from '../../src/async/index.js';
import { ConformanceError, checkConformance, type KitItem, type KitResource, type KitResources } from '../../src/testing/index.js';

const options = { numRuns: 200, seed: 42 };

async function* items(resource: KitResource, signal: AbortSignal): AsyncGenerator<KitItem> {
  for (let item = await resource.read(signal); item !== undefined; item = await resource.read(signal)) yield item;
}

async function rejectsWith(build: (resources: KitResources) => Async.AsyncGen<unknown, unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(checkConformance('subject', build, options), (error: unknown) => {
    assert.ok(error instanceof ConformanceError, String(error));
    assert.match(error.message, pattern);
    assert.match(error.message, /seed -?\d+/);
    assert.match(error.message, /in the case \{/);
    return true;
  });
}

test('a source that forgets to release on break fails, naming the resource never released', async () => {
  const leaky = (resources: KitResources) =>
    Async.fromProducer(async function* (signal) {
      const resource = await resources.open({ signal });
      yield* items(resource, signal);
      await resource.close(); // only reached when the stream is drained: a break skips it
    });
  await rejectsWith(leaky, /resource #0 was never released \(acquire\/release balance\)/);
});

test('a source that releases twice fails, naming the double release', async () => {
  const twice = (resources: KitResources) =>
    Async.bracket(
      (signal) => resources.open({ signal }),
      (resource) =>
        Async.fromProducer(async function* (signal) {
          yield* items(resource, signal);
          await resource.close(); // closes at the end, and the bracket closes it again
        }),
      (resource) => resource.close(),
    );
  await rejectsWith(twice, /resource #0 was released 2 times \(exactly once expected\)/);
});

test('a source that releases out of order fails, naming the LIFO violation', async () => {
  const outOfOrder = (resources: KitResources) =>
    Async.fromProducer(async function* (signal) {
      const outer = await resources.open({ signal });
      const inner = await resources.open({ signal });
      try {
        yield* items(inner, signal);
      } finally {
        await outer.close(); // the older resource first: wrong
        await inner.close();
      }
    });
  await rejectsWith(outOfOrder, /resource #0 was released before resource #1, which was acquired after it \(LIFO expected\)/);
});

test('a source that leaves a rejection unhandled fails, naming the rejection', async () => {
  const readAhead = (resources: KitResources) =>
    Async.bracket(
      (signal) => resources.open({ signal }),
      (resource) =>
        Async.fromProducer(async function* (signal) {
          let next = resource.read(signal);
          for (;;) {
            const item = await next;
            if (item === undefined) return;
            next = resource.read(signal); // read ahead; on a stop nobody awaits this one
            yield item;
          }
        }),
      (resource) => resource.close(),
    );
  await rejectsWith(readAhead, /unhandled rejection: /);
});

test('the same sources written with bracket pass', async () => {
  const fixed = (resources: KitResources) =>
    Async.bracket(
      (signal) => resources.open({ signal }),
      () =>
        Async.bracket(
          (signal) => resources.open({ signal }),
          (inner) => Async.fromProducer((signal) => items(inner, signal)),
          (inner) => inner.close(),
        ),
      (outer) => outer.close(),
    );
  await checkConformance('fixed', fixed, options);
});

test('checkConformance rejects bad arguments with errors naming them', async () => {
  await assert.rejects(checkConformance('x', 42 as never), /checkConformance: expected `build` to be a function/);
  await assert.rejects(checkConformance('x', (r) => r.source(), { numRuns: 0 }), /options\.numRuns/);
  await assert.rejects(checkConformance('x', (r) => r.source(), { faults: ['nope' as never] }), /unknown fault the string "nope" in `options.faults`/);
  await assert.rejects(checkConformance('x', () => [] as never, { numRuns: 1 }), /expected `build` to return an AsyncGen/);
});
