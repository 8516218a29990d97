// Issue 7, defect 6: bounded concurrency is not a warning generator. Process warnings appear
// only for real problems: not for a mapper that hands its signal to several awaits, not for a
// nested cleanup that simply had not finished when an outer close deadline passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { CleanupTimedOut } from '../../src/async/cleanup-timed-out.js';
import { pipe } from '../../src/pipe.js';
import { createRetry } from '../../src/policy/retry.js';
import { wrapCall } from '../../src/policy/wrap-call.js';
import { lateFailingProducer } from '../support/late-failing.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** Runs `body`, then waits for late work, and returns every process warning emitted meanwhile. */
async function warningsDuring(body: () => Promise<void>, settleMs: number): Promise<Error[]> {
  const warnings: Error[] = [];
  const listener = (warning: Error): void => {
    warnings.push(warning);
  };
  process.on('warning', listener);
  try {
    await body();
    await sleep(settleMs);
  } finally {
    process.off('warning', listener);
  }
  return warnings;
}

test('mapAsync at concurrency 100 whose mapper hands its signal to two awaits at once: no max-listeners warning', async () => {
  const warnings = await warningsDuring(async () => {
    const out = await pipe(
      Async.fromIterable(Array.from({ length: 300 }, (_, i) => i)),
      Async.mapAsync(async (x: number, { signal }) => {
        await Promise.all([sleep(2, undefined, { signal }), sleep(2, undefined, { signal })]);
        return x;
      }, { concurrency: 100 }),
      Async.drain(),
    );
    assert.equal(out, 300);
  }, 10);
  assert.deepEqual(warnings.map((w) => w.name), []);
});

/** An inner stream whose cleanup takes longer than the deadline but succeeds. */
const slowInner = (): AsyncGen<number, unknown> =>
  Async.fromProducer(async function* (signal) {
    try {
      yield 1;
      await sleep(10_000, undefined, { signal });
    } finally {
      await sleep(150);
    }
  });

const nested: ReadonlyArray<readonly [string, () => AsyncGen<unknown, unknown>]> = [
  ['andThen', () => pipe(Async.of(1), Async.andThen(slowInner))],
  ['gather', () => Async.gather([slowInner(), slowInner()])],
  ['bracket', () => Async.bracket(async () => 'conn', slowInner, () => {})],
  ['concat', () => pipe(slowInner(), Async.concat(Async.of(2)))],
];

for (const [name, build] of nested) {
  for (const how of ['return', 'abort'] as const) {
    test(`nested deadlines (${name}, ${how}): a child cleanup that is merely slow raises CleanupTimedOut and no late-failure warning`, async () => {
      const warnings = await warningsDuring(async () => {
        const controller = new AbortController();
        const run = build().iterate({ closeTimeoutMs: 40, signal: controller.signal });
        // Pull until a pull blocks (the producers are waiting in their sleep).
        let pending: Promise<unknown>;
        for (;;) {
          const pull = run.next().then(
            () => undefined,
            (e: unknown) => e,
          );
          if ((await Promise.race([pull.then(() => 'settled'), sleep(5, 'blocked')])) === 'blocked') {
            pending = pull;
            break;
          }
        }
        const stopped = how === 'return' ? run.return().then(() => undefined, (e: unknown) => e) : (controller.abort(new Error('stop')), pending);
        const error = await stopped;
        assert.ok(error !== undefined && String((error as Error).name).match(/CleanupTimedOut|SuppressedError/), `the stop reports the overrun, got ${String(error)}`);
      }, 250);
      assert.deepEqual(warnings.map((w) => w.name), []);
    });
  }
}

test('a nested cleanup that really fails after the deadline is still warned about, once', async () => {
  const late = new Error('late failure');
  const inner = lateFailingProducer(late, 100);
  const warnings = await warningsDuring(async () => {
    const run = pipe(Async.of(1), Async.andThen(() => inner)).iterate({ closeTimeoutMs: 30 });
    await run.next();
    await assert.rejects(run.return(), CleanupTimedOut);
  }, 250);
  assert.deepEqual(
    warnings.map((w) => [w.name, w.cause]),
    [['FuncPipeLateFailure', late]],
  );
});

test('wrapCall without a signal, 50 calls at once in a backoff sleep: no max-listeners warning (they shared one never-aborting signal)', async () => {
  const retry = createRetry({ maxAttempts: 2, backoff: 'fixed', delay: 5, jitter: 'none', budget: false });
  const failed = new Set<number>();
  const call = wrapCall(async (x: number) => {
    if (failed.has(x)) return x;
    failed.add(x);
    throw Object.assign(new Error('busy'), { code: 'HTTP_503' });
  }, { retry });
  const warnings = await warningsDuring(async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => call(i)));
    assert.deepEqual(results.map((r) => (r.ok ? r.value : r.error.code)), Array.from({ length: 50 }, (_, i) => i));
  }, 20);
  assert.deepEqual(warnings.map((w) => w.name), []);
});
