// Laws of the RAII runner (seed 003), sync and async, as property tests over random programs:
// resources are acquired in program order and released exactly once, in reverse order, on every
// exit (return, program throw, acquisition failure, abort); every release runs even when some
// throw; the program's error is what the caller sees, release failures merged after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { acquire, type ScopeExit } from '../../src/resource/acquire.js';
import { scoped } from '../../src/resource/scoped.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';
import { Recorder, TaggedError, errorTags } from '../resource/resource-recorder.js';

interface Step {
  readonly kind: 'disposable' | 'pair' | 'asyncDisposable' | 'asyncPair';
  readonly failAcquire: boolean;
  readonly failRelease: boolean;
}

interface Plan {
  readonly steps: readonly Step[];
  /** The program throws before step `failAt` (`steps.length`: before returning); -1: never. */
  readonly failAt: number;
  /** The program catches acquisition failures and goes on. */
  readonly recover: boolean;
}

function planArb(kinds: readonly Step['kind'][]): fc.Arbitrary<Plan> {
  const stepArb = fc.record({
    kind: fc.constantFrom(...kinds),
    failAcquire: fc.nat(4).map((n) => n === 0),
    failRelease: fc.boolean(),
  });
  return fc
    .record({ steps: fc.array(stepArb, { maxLength: 12 }), failAt: fc.integer({ min: -1, max: 12 }), recover: fc.boolean() })
    .map(({ steps, failAt, recover }) => ({ steps, failAt: failAt > steps.length ? -1 : failAt, recover }));
}

/** What a correct runner does with a plan: which resources it holds, the error, the result. */
function model(plan: Plan): { acquired: string[]; errors: string[]; result: number | undefined } {
  const acquired: string[] = [];
  let error: string | undefined;
  for (let i = 0; i < plan.steps.length && error === undefined; i++) {
    if (plan.failAt === i) error = 'program';
    else if (!plan.steps[i]!.failAcquire) acquired.push(`r${i}`);
    else if (!plan.recover) error = `acquire r${i}`;
  }
  if (error === undefined && plan.failAt === plan.steps.length) error = 'program';
  const releaseErrors = [...acquired].reverse().filter((name) => plan.steps[Number(name.slice(1))]!.failRelease).map((n) => `release ${n}`);
  const errors = [...(error === undefined ? [] : [error]), ...releaseErrors];
  const result = errors.length === 0 ? acquired.reduce((sum, name) => sum + Number(name.slice(1)), 0) : undefined;
  return { acquired, errors, result };
}

/** Records the exit each pair release was given. */
function exitName(exit: ScopeExit): string {
  return exit.kind === 'failed' ? `failed:${errorTags(exit.error).join(',')}` : exit.kind;
}

function syncProgram(plan: Plan, rec: Recorder, exits: string[]) {
  return function* () {
    let total = 0;
    for (let i = 0; i < plan.steps.length; i++) {
      if (plan.failAt === i) throw new TaggedError('program');
      const { kind, failAcquire, failRelease } = plan.steps[i]!;
      const name = `r${i}`;
      const release = (): void => {
        rec.release(name);
        if (failRelease) throw new TaggedError(`release ${name}`);
      };
      const create = (): number => {
        if (failAcquire) throw new TaggedError(`acquire ${name}`);
        rec.acquire(name);
        return i;
      };
      try {
        if (kind === 'disposable') {
          const resource = yield* acquire({ index: create(), [Symbol.dispose]: release });
          total += resource.index;
        } else {
          total += yield* acquire(create, (handle, exit) => {
            assert.equal(handle, i);
            exits.push(exitName(exit));
            release();
          });
        }
      } catch (e) {
        if (!(plan.recover && e instanceof TaggedError && e.tag === `acquire ${name}`)) throw e;
      }
    }
    if (plan.failAt === plan.steps.length) throw new TaggedError('program');
    return total;
  };
}

test('scoped: acquires in order, releases each exactly once in reverse, keeps the program error first', () => {
  fc.assert(
    fc.property(planArb(['disposable', 'pair']), (plan) => {
      const rec = new Recorder();
      const exits: string[] = [];
      let result: number | undefined;
      let error: unknown;
      try {
        result = scoped(syncProgram(plan, rec, exits));
      } catch (e) {
        error = e;
      }
      const expected = model(plan);
      assert.deepEqual(rec.acquired(), expected.acquired);
      assert.deepEqual(rec.released(), [...expected.acquired].reverse());
      assert.equal(rec.open, 0);
      assert.equal(result, expected.result);
      assert.deepEqual(error === undefined ? [] : errorTags(error), expected.errors);
      const programError = expected.errors[0]?.startsWith('release') === false ? expected.errors[0] : undefined;
      const pairs = expected.acquired.filter((name) => plan.steps[Number(name.slice(1))]!.kind === 'pair');
      assert.deepEqual(exits, pairs.map(() => (programError === undefined ? 'completed' : `failed:${programError}`)));
    }),
    { numRuns: 400 },
  );
});

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function asyncProgram(plan: Plan, rec: Recorder, exits: string[], abortAt: number, controller: AbortController) {
  return async function* (signal: AbortSignal) {
    let total = 0;
    try {
      for (let i = 0; i < plan.steps.length; i++) {
        if (abortAt === i) controller.abort(new TaggedError('abort'));
        await tick();
        if (plan.failAt === i) throw new TaggedError('program');
        const { kind, failAcquire, failRelease } = plan.steps[i]!;
        const name = `r${i}`;
        const release = (): void => {
          rec.release(name);
          if (failRelease) throw new TaggedError(`release ${name}`);
        };
        const create = (): number => {
          if (failAcquire) throw new TaggedError(`acquire ${name}`);
          rec.acquire(name);
          return i;
        };
        const createAsync = async (createSignal: AbortSignal): Promise<number> => {
          assert.equal(createSignal, signal);
          await tick();
          return create();
        };
        const onRelease = (handle: number, exit: ScopeExit): void => {
          assert.equal(handle, i);
          exits.push(exitName(exit));
          release();
        };
        try {
          if (kind === 'disposable') {
            total += (yield* acquire({ index: create(), [Symbol.dispose]: release })).index;
          } else if (kind === 'asyncDisposable') {
            const index = await createAsync(signal);
            total += (yield* acquire({ index, [Symbol.asyncDispose]: async () => (await tick(), release()) })).index;
          } else if (kind === 'pair') {
            total += yield* acquire(create, onRelease);
          } else {
            total += yield* acquire(createAsync, async (handle, exit) => (await tick(), onRelease(handle, exit)));
          }
        } catch (e) {
          if (!(plan.recover && e instanceof TaggedError && e.tag === `acquire ${name}`)) throw e;
        }
      }
      if (plan.failAt === plan.steps.length) throw new TaggedError('program');
      return total;
    } finally {
      rec.note('program finally');
    }
  };
}

/** The program's `finally` ran once, before any release and after every acquisition. */
function assertFinallyBeforeReleases(rec: Recorder): void {
  assert.equal(rec.count('program finally'), 1);
  const at = rec.events.indexOf('program finally');
  assert.ok(rec.events.slice(0, at).every((e) => !e.startsWith('release')));
  assert.ok(rec.events.slice(at).every((e) => !e.startsWith('acquire')));
}

test('scopedAsync: the same laws with async acquisitions and releases', async () => {
  await fc.assert(
    fc.asyncProperty(planArb(['disposable', 'asyncDisposable', 'pair', 'asyncPair']), async (plan) => {
      const rec = new Recorder();
      const exits: string[] = [];
      let result: number | undefined;
      let error: unknown;
      try {
        result = await scopedAsync(asyncProgram(plan, rec, exits, -1, new AbortController()));
      } catch (e) {
        error = e;
      }
      const expected = model(plan);
      assert.deepEqual(rec.acquired(), expected.acquired);
      assert.deepEqual(rec.released(), [...expected.acquired].reverse());
      assertFinallyBeforeReleases(rec);
      assert.equal(rec.open, 0);
      assert.equal(result, expected.result);
      assert.deepEqual(error === undefined ? [] : errorTags(error), expected.errors);
      const programError = expected.errors[0]?.startsWith('release') === false ? expected.errors[0] : undefined;
      const pairs = expected.acquired.filter((name) => plan.steps[Number(name.slice(1))]!.kind.endsWith('air'));
      assert.deepEqual(exits, pairs.map(() => (programError === undefined ? 'completed' : `failed:${programError}`)));
    }),
    { numRuns: 150 },
  );
});

test('scopedAsync: an abort stops the program at its next acquisition, releases LIFO, rejects with the reason', async () => {
  const stepArb = fc.record({ kind: fc.constantFrom<Step['kind']>('asyncDisposable', 'asyncPair'), failAcquire: fc.constant(false), failRelease: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 10 }), fc.nat(9), async (steps, k) => {
      const abortAt = k % steps.length;
      const plan: Plan = { steps, failAt: -1, recover: false };
      const rec = new Recorder();
      const exits: string[] = [];
      const controller = new AbortController();
      let error: unknown;
      await scopedAsync(asyncProgram(plan, rec, exits, abortAt, controller), { signal: controller.signal }).then(
        () => assert.fail('an aborted run must reject'),
        (e: unknown) => {
          error = e;
        },
      );
      // The abort happens in program code before step `abortAt`: the program stops when it yields
      // that step; an AsyncDisposable it already made is taken in charge (and released), a pair's
      // create is not called.
      const madeBeforeYield = steps[abortAt]!.kind === 'asyncDisposable';
      const held = Array.from({ length: abortAt + (madeBeforeYield ? 1 : 0) }, (_, i) => `r${i}`).reverse();
      assert.deepEqual(rec.acquired(), [...held].reverse());
      assert.deepEqual(rec.released(), held);
      assert.equal(rec.open, 0);
      assertFinallyBeforeReleases(rec);
      const releaseErrors = held.filter((n) => steps[Number(n.slice(1))]!.failRelease).map((n) => `release ${n}`);
      assert.deepEqual(errorTags(error), ['abort', ...releaseErrors]);
      assert.deepEqual(exits, held.filter((n) => steps[Number(n.slice(1))]!.kind === 'asyncPair').map(() => 'aborted'));
    }),
    { numRuns: 100 },
  );
});
