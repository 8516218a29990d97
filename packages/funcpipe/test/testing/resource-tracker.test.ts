// The resource tracker: FuncPipe's own acquisitions (runs, brackets, scoped and scopedAsync
// acquisitions, pool leases) and registered user resources are counted while a tracked block runs;
// leaks are reported with the stack where they were acquired, double releases too; blocks keep
// separate books; with no block running, the core's hook is uninstalled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Async from '../../src/async/index.js';
import { pipe } from '../../src/pipe.js';
import { acquire } from '../../src/resource/acquire.js';
import { scoped } from '../../src/resource/scoped.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';
import { createPool } from '../../src/resource/pool.js';
import { resourceHooks } from '../../src/internal/resource-hooks.js';
import { LeakError, expectNoLeaks, registerResource, trackResources } from '../../src/testing/index.js';

const held = () => Async.bracket(() => ({ closed: false }), () => Async.fromIterable([1, 2, 3]), (r) => void (r.closed = true));

test('a drained, broken or failed run leaves nothing behind', async () => {
  const { report } = await trackResources(async () => {
    await Async.toArray()(held());
    for await (const r of held()) if (r.ok) break;
    await assert.rejects(Async.toArray()(pipe(held(), Async.map(() => { throw new Error('boom'); }))), /boom/);
  });
  assert.equal(report.clean, true);
  assert.ok(report.acquired >= 6, `runs and brackets counted: ${report.acquired}`);
});

test('a run started by hand and dropped is a leak, reported with the stack of its acquisition', async () => {
  await assert.rejects(
    expectNoLeaks(async function leakyBlock() {
      const run = held()[Symbol.asyncIterator]();
      await run.next(); // ... and never closed
    }),
    (error: unknown) => {
      assert.ok(error instanceof LeakError);
      // the run, the bracket's resource, and the child run that reads the bracket's inner stream
      assert.deepEqual(error.report.leaks.map((l) => l.kind).sort(), ['bracket', 'run', 'run']);
      assert.match(error.message, /3 not released/);
      assert.match(error.message, /- run not released; acquired\n/);
      assert.match(error.message, /resource-tracker\.test\.js/); // the test's own frame is in the stack
      return true;
    },
  );
});

test('scoped and scopedAsync acquisitions and pool leases are tracked', async () => {
  const pool = createPool({ create: () => ({}), destroy: () => {}, max: 2 });
  let kept: { release(): Promise<void> } | undefined;
  const { report } = await trackResources(async () => {
    scoped(function* () {
      yield* acquire(() => 1, () => {});
      yield* acquire(() => 2, () => {});
    });
    await scopedAsync(async function* () {
      yield* acquire(async () => 3, async () => {});
    });
    kept = await pool.acquire(); // not released within the block
    const returned = await pool.acquire();
    await returned.release();
  });
  await kept?.release();
  assert.equal(report.acquired, 5);
  assert.deepEqual(report.leaks.map((l) => l.kind), ['pool lease']);
  await pool.close();
});

test('a user resource registered and released twice is reported as a double release', async () => {
  const { report } = await trackResources(() => {
    const released = registerResource('socket');
    released();
    released();
  });
  assert.equal(report.leaks.length, 0);
  assert.equal(report.doubleReleases.length, 1);
  assert.equal(report.doubleReleases[0]?.kind, 'socket');
  assert.equal(report.doubleReleases[0]?.releases, 2);
  await assert.rejects(expectNoLeaks(() => {
    const released = registerResource('file');
    released();
    released();
  }), /file released 2 times; acquired\n[\s\S]*released again\n/);
});

test('concurrent blocks keep separate books; a nested block also counts in its parent', async () => {
  const [a, b] = await Promise.all([
    trackResources(async () => {
      registerResource('a');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }),
    trackResources(async () => {
      const released = registerResource('b');
      await new Promise((resolve) => setTimeout(resolve, 1));
      released();
    }),
  ]);
  assert.deepEqual(a.report.leaks.map((l) => l.kind), ['a']);
  assert.equal(b.report.clean, true);
  const outer = await trackResources(async () => {
    const inner = await trackResources(() => void registerResource('inner'));
    assert.equal(inner.report.leaks.length, 1);
  });
  assert.deepEqual(outer.report.leaks.map((l) => l.kind), ['inner']);
});

test('expectNoLeaks returns the value, rethrows the error, and waits graceMs for late releases', async () => {
  assert.equal(await expectNoLeaks(() => 42), 42);
  await assert.rejects(expectNoLeaks(() => { throw new Error('own'); }), /own/);
  await expectNoLeaks(() => {
    const released = registerResource('late');
    setTimeout(released, 5);
  }, { graceMs: 2_000 });
  await assert.rejects(expectNoLeaks(() => {}, { graceMs: -1 }), /options\.graceMs/);
  assert.throws(() => registerResource(''), /registerResource: expected `kind` to be a non-empty string/);
});

test('with no block running the core hook is uninstalled', async () => {
  await trackResources(() => {});
  assert.equal(resourceHooks.current, undefined);
});
