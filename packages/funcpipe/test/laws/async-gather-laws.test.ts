// The laws of gather over random children (random lengths, Err items and per-item delays: a
// resolved promise, a macrotask, or a real 1-2 ms timer): the output is a merge that keeps each
// child's order and loses or adds nothing; with concurrency 1 it is the concatenation; at most
// `concurrency` children run at once; no child runs more than `bufferSize` items ahead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { gather } from '../../src/async/gather.js';
import { pipe } from '../../src/pipe.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const params = { numRuns: 60, includeErrorInReport: true };

/** One item of a child: whether it is an `Err`, and how its producer waits before yielding it. */
interface Spec {
  readonly isErr: boolean;
  readonly delay: number;
}

/** 0: a resolved promise; 1: a macrotask; 2, 3: a real timer of 1 or 2 ms. All honour `signal`. */
function pause(delay: number, signal: AbortSignal): Promise<unknown> {
  if (delay === 0) return Promise.resolve();
  if (delay === 1) return tick(undefined, { signal });
  return sleep(delay - 1, undefined, { signal });
}

const arbDelay = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constantFrom(2, 3) });
const arbSpec: fc.Arbitrary<Spec> = fc.record({ isErr: fc.nat(3).map((n) => n === 0), delay: arbDelay });
const arbChildren = fc.array(fc.array(arbSpec, { maxLength: 5 }), { minLength: 1, maxLength: 4 });
const arbConcurrency = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined });
const arbBufferSize = fc.integer({ min: 1, max: 4 });

/** What the children report while they run. */
class Probe {
  running = 0;
  maxRunning = 0;
  readonly produced: number[];
  constructor(children: number) {
    this.produced = new Array<number>(children).fill(0);
  }
}

/** Child `c`: yields `c:i` as `Ok` or `Err` per its specs. */
function child(c: number, specs: readonly Spec[], probe: Probe): AsyncGen<string, string> {
  return Async.fromResultProducer(async function* (signal) {
    probe.running++;
    probe.maxRunning = Math.max(probe.maxRunning, probe.running);
    try {
      for (const [i, spec] of specs.entries()) {
        await pause(spec.delay, signal);
        probe.produced[c] = (probe.produced[c] ?? 0) + 1;
        yield spec.isErr ? err<string, string>(`${c}:${i}`) : ok<string, string>(`${c}:${i}`);
      }
    } finally {
      probe.running--;
    }
  });
}

const label = (r: Result<string, string>): string => (r.ok ? r.value : `!${r.error}`);
const expected = (children: readonly (readonly Spec[])[]): string[][] =>
  children.map((specs, c) => specs.map((s, i) => (s.isErr ? `!${c}:${i}` : `${c}:${i}`)));
const childOf = (l: string): number => Number(l.replace('!', '').split(':')[0]);

test('gather is a merge: each child keeps its order, nothing is lost or added', async () => {
  await fc.assert(
    fc.asyncProperty(arbChildren, arbConcurrency, arbBufferSize, async (children, concurrency, bufferSize) => {
      const probe = new Probe(children.length);
      const gens = children.map((specs, c) => child(c, specs, probe));
      const options = concurrency === undefined ? { bufferSize } : { concurrency, bufferSize };
      const out = (await pipe(gather(gens, options), Async.toArray())).map(label);
      const want = expected(children);
      assert.equal(out.length, want.flat().length);
      want.forEach((items, c) => assert.deepEqual(out.filter((l) => childOf(l) === c), items));
      assert.equal(probe.running, 0);
    }),
    params,
  );
});

test('with concurrency 1, gather equals concat', async () => {
  await fc.assert(
    fc.asyncProperty(arbChildren, arbBufferSize, async (children, bufferSize) => {
      const gens = (probe: Probe) => children.map((specs, c) => child(c, specs, probe));
      const gathered = await pipe(gather(gens(new Probe(children.length)), { concurrency: 1, bufferSize }), Async.toArray());
      const [first, ...rest] = gens(new Probe(children.length));
      const concatenated = await pipe(first as AsyncGen<string, string>, Async.concat(...rest), Async.toArray());
      assert.deepEqual(gathered, concatenated);
    }),
    params,
  );
});

test('at most `concurrency` children run at once, and that many do start together', async () => {
  // Children with at least one item: an empty one would start and end within its first pull.
  const nonEmpty = fc.array(fc.array(arbSpec, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 });
  await fc.assert(
    fc.asyncProperty(nonEmpty, fc.integer({ min: 1, max: 4 }), async (children, concurrency) => {
      const probe = new Probe(children.length);
      await pipe(gather(children.map((specs, c) => child(c, specs, probe)), { concurrency }), Async.drain());
      assert.equal(probe.maxRunning, Math.min(concurrency, children.length));
    }),
    params,
  );
});

test('no child runs more than `bufferSize` items ahead of the consumer, however slow it is', async () => {
  await fc.assert(
    fc.asyncProperty(arbChildren, arbBufferSize, fc.array(arbDelay, { minLength: 1, maxLength: 8 }), async (children, bufferSize, consumerDelays) => {
      const probe = new Probe(children.length);
      const received = new Array<number>(children.length).fill(0);
      const controller = new AbortController();
      let step = 0;
      for await (const r of gather(children.map((specs, c) => child(c, specs, probe)), { bufferSize })) {
        const c = childOf(label(r));
        received[c] = (received[c] ?? 0) + 1;
        await pause(consumerDelays[step++ % consumerDelays.length] as number, controller.signal);
        probe.produced.forEach((produced, j) => assert.ok(produced - (received[j] ?? 0) <= bufferSize, `child ${j} ran ${produced - (received[j] ?? 0)} ahead`));
      }
      assert.deepEqual(received, probe.produced);
    }),
    params,
  );
});

test('a child fills exactly its buffer while the consumer waits, then waits itself', async () => {
  const probe = new Probe(1);
  const specs = Array.from({ length: 10 }, () => ({ isErr: false, delay: 0 }));
  const run = gather([child(0, specs, probe)], { bufferSize: 3 })[Symbol.asyncIterator]();
  await run.next();
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(probe.produced[0], 1 + 3);
  await run.next();
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(probe.produced[0], 2 + 3);
  await run.return();
  assert.equal(probe.running, 0);
});
