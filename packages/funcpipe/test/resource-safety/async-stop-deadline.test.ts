// Issue 7, defect 1: every way of stopping a run honours the same close deadline. An external
// abort used to wait for the producer's pending next() and its finally however long they took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CleanupTimedOut } from '../../src/async/cleanup-timed-out.js';
import { bracket } from '../../src/async/bracket.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { of } from '../../src/async/from-iterable.js';
import { map } from '../../src/async/map.js';
import { toArray } from '../../src/async/to-array.js';
import { drain, forEach } from '../../src/async/for-each.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { pipe } from '../../src/pipe.js';
import { errorsIn, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

const ABORT_AFTER_MS = 30;
const CLOSE_TIMEOUT_MS = 150;
/** Far beyond the deadline: a stop that waits this long did not honour it. */
const NEVER_MS = 4_000;

/** A producer that yields once, then waits forever, deaf to its signal. */
const deaf = fromProducer(async function* () {
  yield 1;
  await new Promise(() => {});
});
/** A producer that honours its signal but whose finally takes far longer than the deadline. */
const slowFinally = fromProducer(async function* (signal) {
  try {
    yield 1;
    await sleep(NEVER_MS, undefined, { signal });
  } finally {
    await sleep(NEVER_MS);
  }
});
/** A bracket whose acquire never settles. */
const blockedAcquire = bracket(
  () => new Promise<string>(() => {}),
  () => of(1),
);

const shapes: ReadonlyArray<readonly [string, AsyncGen<number, unknown>]> = [
  ['a deaf producer', deaf],
  ['a producer whose finally overruns', slowFinally],
  ['a deaf producer behind map', pipe(deaf, map((x: number) => x + 1))],
  ['a bracket whose acquire is blocked', blockedAcquire],
];

/** Settles with the outcome of `work`, or 'hang' when it has not settled after NEVER_MS. */
async function outcome(work: Promise<unknown>): Promise<{ error: unknown; ms: number } | 'hang'> {
  const started = performance.now();
  const timer = sleep(NEVER_MS, 'hang' as const);
  const settled = work.then(
    () => ({ error: undefined, ms: performance.now() - started }),
    (error: unknown) => ({ error, ms: performance.now() - started }),
  );
  return Promise.race([settled, timer]);
}

function assertTimedOut(result: Awaited<ReturnType<typeof outcome>>, reason: unknown): void {
  assert.notEqual(result, 'hang', 'the stop did not honour closeTimeoutMs');
  if (result === 'hang') return;
  const errors = errorsIn(result.error);
  assert.ok(errors.some((e) => e instanceof CleanupTimedOut), `CleanupTimedOut attached, got ${String(result.error)}`);
  assert.ok(errors.includes(reason), 'the abort reason is kept');
  assert.ok(result.ms < NEVER_MS / 2, `settled after ${result.ms} ms`);
}

for (const [name, gen] of shapes) {
  test(`external abort of a sink run over ${name} is bounded by closeTimeoutMs`, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), ABORT_AFTER_MS);
    const result = await outcome(pipe(gen, toArray({ signal: controller.signal, closeTimeoutMs: CLOSE_TIMEOUT_MS })));
    assertTimedOut(result, controller.signal.reason);
  });

  test(`external abort of an iterated run over ${name} is bounded by closeTimeoutMs`, async () => {
    const controller = new AbortController();
    const run = gen.iterate({ signal: controller.signal, closeTimeoutMs: CLOSE_TIMEOUT_MS });
    const pulls = (async () => {
      for (;;) if ((await run.next()).done === true) return;
    })();
    setTimeout(() => controller.abort(new Error('caller gave up')), ABORT_AFTER_MS);
    assertTimedOut(await outcome(pulls), controller.signal.reason);
  });
}

test('the issue reproduction: a deaf producer aborted by AbortSignal.timeout rejects within the deadline', async () => {
  const result = await outcome(pipe(deaf, drain({ signal: AbortSignal.timeout(50), closeTimeoutMs: 200 })));
  assert.notEqual(result, 'hang');
  if (result !== 'hang') assert.ok(errorsIn(result.error).some((e) => e instanceof CleanupTimedOut));
});

test('external abort of Async.forEach while its async callback never settles is bounded by closeTimeoutMs', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('caller gave up')), ABORT_AFTER_MS);
  const run = pipe(
    of(1, 2),
    forEach(async () => {
      await new Promise(() => {});
    }, { signal: controller.signal, closeTimeoutMs: CLOSE_TIMEOUT_MS }),
  );
  assertTimedOut(await outcome(run), controller.signal.reason);
});
