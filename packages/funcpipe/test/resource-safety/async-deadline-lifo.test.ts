// RELIABILITY finding 3: past the close deadline a release goes on in the background, and the
// owners above it must still release in reverse order: an outer resource is let go only once the
// release of what was acquired inside it has finished (a pg connection must not go back to its
// pool while its cursor is still being closed, node-postgres #2148). The caller is not held: it
// sees CleanupTimedOut at the deadline, and the ordered releases finish after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { andThen } from '../../src/async/and-then.js';
import { bracket } from '../../src/async/bracket.js';
import { CleanupTimedOut } from '../../src/async/cleanup-timed-out.js';
import { concat } from '../../src/async/concat.js';
import { of } from '../../src/async/from-iterable.js';
import { fromProducer } from '../../src/async/from-producer.js';
import { gather } from '../../src/async/gather.js';
import { merge } from '../../src/async/merge.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { zip } from '../../src/async/zip.js';
import { pipe } from '../../src/pipe.js';
import { leavesOf } from '../../src/testing/case-checks.js';
import { eventually, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** A source inside a bracket whose release takes `ms` (endless, or of `length` items); `events` records the order. */
function slowlyReleased(name: string, ms: number, events: string[], length = Infinity): AsyncGen<number, never> {
  return bracket(
    () => events.push(`acquire ${name}`),
    () => fromProducer(async function* () {
      for (let i = 0; i < length; i++) yield i;
    }),
    async () => {
      events.push(`release ${name} begins`);
      await sleep(ms);
      events.push(`release ${name} ends`);
    },
  );
}

const owners: Record<string, (inner: (events: string[]) => AsyncGen<number, never>, events: string[]) => AsyncGen<unknown, unknown>> = {
  bracket: (inner, events) => bracket(() => events.push('acquire outer'), () => inner(events), () => void events.push('release outer')),
  andThen: (inner, events) => bracket(() => events.push('acquire outer'), () => pipe(of(1), andThen(() => inner(events))), () => void events.push('release outer')),
  concat: (inner, events) => bracket(() => events.push('acquire outer'), () => pipe(inner(events), concat(of(1))), () => void events.push('release outer')),
  gather: (inner, events) => bracket(() => events.push('acquire outer'), () => gather([inner(events), of(1)]), () => void events.push('release outer')),
  zip: (inner, events) => bracket(() => events.push('acquire outer'), () => pipe(inner(events), zip(of(1, 2, 3))), () => void events.push('release outer')),
};

test('merge: a branch that ended by itself, its release past the deadline, is released before the outer resource', async () => {
  const events: string[] = [];
  const endless = fromProducer(async function* () {
    for (let i = 0; ; i++) yield i;
  });
  const run = bracket(() => events.push('acquire outer'), () => merge([slowlyReleased('inner', 60, events, 0), endless]), () => void events.push('release outer')).iterate({ closeTimeoutMs: 10 });
  await run.next();
  await run.return().catch(() => undefined); // the inner release's CleanupTimedOut may reach the caller
  await eventually(() => events.includes('release outer'), 'the outer release');
  assert.deepEqual(events.slice(-3), ['release inner begins', 'release inner ends', 'release outer']);
});

for (const [name, owner] of Object.entries(owners)) {
  test(`${name}: past the deadline the outer resource is released only after the inner release has finished`, async () => {
    const events: string[] = [];
    const run = owner((e) => slowlyReleased('inner', 60, e), events).iterate({ closeTimeoutMs: 10 });
    await run.next();
    await assert.rejects(run.return(), (error) => leavesOf(error).some((e) => e instanceof CleanupTimedOut));
    assert.ok(!events.includes('release inner ends'), 'the caller was not held past the deadline');
    await eventually(() => events.includes('release outer'), 'the outer release');
    assert.deepEqual(events.slice(-3), ['release inner begins', 'release inner ends', 'release outer']);
  });
}
