// Resource safety of the async core over random pipeline shapes (brackets, producers and
// iterators nested inside andThen, flatMap, concat, zip, take, ...): on every exit path, every
// resource the run acquired is released exactly once, newest first, before the consumer's exit
// completes; the consumer sees the errors that happened (and only those), never a cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Fault, Recorder, errorsIn, failOnUnhandledRejections } from '../support/recorder.js';
import { arbShape, buildShape, type Shape } from '../support/pipeline-shapes.js';
import { consume, type Exit, type Outcome } from '../support/consumers.js';

failOnUnhandledRejections();

/**
 * Checks one run against its exit path. `available`: how many items a full run of the same
 * (deterministic) description delivers, which tells whether an abort hit a live run.
 */
function checkExit(exit: Exit, outcome: Outcome, rec: Recorder, available: number): void {
  assert.equal(outcome.open, 0, 'resources still held when the consumer exit completed');
  rec.assertAllReleased();
  const seen = outcome.threw ? errorsIn(outcome.thrown) : [];
  for (const e of seen) assert.ok(e instanceof Fault, `an error that nobody threw reached the consumer: ${String(e)}`);
  if (exit.kind === 'throw' && outcome.acted) {
    // The loop body's own error wins over anything return() reports (JavaScript's for-await rule).
    assert.equal(outcome.thrown, outcome.consumerError);
    return;
  }
  const echoes = interruptedFaults(exit, rec);
  for (const fault of rec.faults) assert.ok(seen.includes(fault) || echoes.has(fault), `swallowed: ${fault.message}`);
  // The run is surely still live when the abort comes if a full run has two more items after the
  // one in hand (a pump can queue two items at once, as zip does, and a take can end the run then).
  const live = (exit.kind === 'abortPending' || exit.kind === 'abortIdle') && exit.after + 2 < available;
  if (outcome.acted && live) assert.ok(seen.includes(outcome.abortReason), 'an abort of a live run must reject the next pull with signal.reason');
}

/**
 * The faults that may be the echo of an abort during a pending pull (docs/semantics.md, "The
 * echo of a stop"): a producer, acquire or stage fault of the pull the abort interrupted, whose
 * rejection arrives after the abort even when the fault was thrown just before it (a promise
 * settles later). Release faults are cleanup failures: they must always surface.
 */
function interruptedFaults(exit: Exit, rec: Recorder): Set<Fault> {
  const echoes = new Set<Fault>();
  if (exit.kind !== 'abortPending') return echoes;
  const abortAt = rec.events.indexOf('abort during a pending pull');
  if (abortAt < 0) return echoes;
  let pullStart = abortAt;
  while (pullStart > 0 && !(rec.events[pullStart - 1] as string).startsWith('deliver ')) pullStart--;
  const interrupted = new Set(rec.events.slice(pullStart).filter((e) => e.startsWith('fault ') && !e.startsWith('fault release')));
  for (const fault of rec.faults) if (interrupted.has(`fault ${fault.kind} ${fault.where}`)) echoes.add(fault);
  return echoes;
}

const exits: ReadonlyArray<readonly [string, fc.Arbitrary<Exit>]> = [
  ['normal end', fc.constant({ kind: 'drain' })],
  ['early break', fc.nat(5).map((after) => ({ kind: 'break', after }))],
  ['consumer throw', fc.nat(5).map((after) => ({ kind: 'throw', after }))],
  ['external abort between pulls', fc.nat(5).map((after) => ({ kind: 'abortIdle', after }))],
  ['external abort during a pending pull', fc.nat(5).map((after) => ({ kind: 'abortPending', after }))],
];

/** Runs `shape` once to its end, then once with `exit`, and checks the second run. */
async function runAndCheck(shape: Shape, exit: Exit): Promise<Recorder> {
  const reference = new Recorder();
  const full = await consume(buildShape(shape, reference), { kind: 'drain' }, reference);
  const rec = new Recorder();
  const outcome = await consume(buildShape(shape, rec), exit, rec);
  checkExit(exit, outcome, rec, full.items.length);
  assert.deepEqual(outcome.items, full.items.slice(0, outcome.items.length), 'a stopped run delivers a prefix of a full run');
  return rec;
}

for (const [name, arbExit] of exits) {
  test(`${name}: every resource is released once, LIFO, before the exit completes`, async () => {
    await fc.assert(
      fc.asyncProperty(arbShape({ faults: false }), arbExit, async (shape, exit) => {
        const rec = await runAndCheck(shape, exit);
        assert.deepEqual(rec.faults, []);
      }),
      { numRuns: 80, includeErrorInReport: true },
    );
  });
}

test('producer, mapper, acquire and release failures: all released, every failure surfaces', async () => {
  const anyExit = fc.oneof(...exits.map(([, arb]) => arb));
  await fc.assert(
    fc.asyncProperty(arbShape({ faults: true }), anyExit, async (shape, exit) => {
      await runAndCheck(shape, exit);
    }),
    { numRuns: 150, includeErrorInReport: true },
  );
});
