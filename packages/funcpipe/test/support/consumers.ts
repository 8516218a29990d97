// Consumers for property tests: `consume` drives one run of a generated pipeline to an exit
// path (running out, break, a throw in the loop body, an external abort between pulls or during
// one), and `checkStopForwarding` checks that an operator passes every such stop upstream.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AsyncGen } from '../../src/async/async-gen.js';
import type { ErrInfo } from '../../src/result/err-info.js';
import { arbItem, trackedSource, type Item } from './pipeline-shapes.js';
import { Fault, Recorder } from './recorder.js';

/** How the consumer ends its run: it acts after receiving `after + 1` items (`abortPending`: `after`). */
export type Exit =
  | { readonly kind: 'drain' }
  | { readonly kind: 'break' | 'throw' | 'abortIdle' | 'abortPending'; readonly after: number };

/** What the consumer saw; `open` is the resource count at the moment its exit completed. */
export interface Outcome {
  readonly items: Item[];
  readonly threw: boolean;
  readonly thrown: unknown;
  /** The consumer did what its exit says (the stream had enough items for it). */
  readonly acted: boolean;
  readonly open: number;
  /** The error a `throw` exit throws and the reason an abort exit aborts with. */
  readonly consumerError: Fault;
  readonly abortReason: Fault;
}

/** Runs `gen` once with `for await` (or `next()` by hand for `abortPending`) and ends it as `exit` says. */
export async function consume(gen: AsyncGen<number, ErrInfo>, exit: Exit, rec: Recorder): Promise<Outcome> {
  const items: Item[] = [];
  const consumerError = new Fault('consumer', 'loop body');
  const abortReason = new Fault('abort', 'external signal');
  const controller = new AbortController();
  const actAt = exit.kind === 'drain' ? Infinity : exit.after + (exit.kind === 'abortPending' ? 0 : 1);
  let acted = false;
  const receive = (item: Item): void => {
    items.push(item);
    rec.note(`deliver ${items.length}`);
  };
  try {
    if (exit.kind === 'abortPending') {
      const run = gen.iterate({ signal: controller.signal });
      for (;;) {
        const pull = run.next();
        if (items.length === actAt && !acted) {
          acted = true;
          rec.note('abort during a pending pull');
          controller.abort(abortReason);
        }
        const step = await pull;
        if (step.done === true) break;
        receive(step.value);
      }
    } else {
      for await (const item of gen.iterate({ signal: controller.signal })) {
        receive(item);
        if (items.length !== actAt) continue;
        acted = true;
        if (exit.kind === 'break') break;
        if (exit.kind === 'throw') throw consumerError;
        controller.abort(abortReason);
      }
    }
    return { items, threw: false, thrown: undefined, acted, open: rec.open, consumerError, abortReason };
  } catch (thrown) {
    return { items, threw: true, thrown, acted, open: rec.open, consumerError, abortReason };
  }
}

/**
 * Property for any operator: however a `for await` over `op(source)` ends (running out, `break`,
 * or a throw in the loop body), the upstream source is released exactly once before the loop's
 * exit completes (DESIGN section 3: every operator forwards the stop to its upstream).
 */
export async function checkStopForwarding(op: (gen: AsyncGen<number, ErrInfo>) => AsyncIterable<unknown>, numRuns = 60): Promise<void> {
  const how = fc.constantFrom('drain' as const, 'break' as const, 'throw' as const);
  await fc.assert(
    fc.asyncProperty(fc.array(arbItem, { maxLength: 8 }), fc.nat(8), how, fc.boolean(), async (items, k, exit, slow) => {
      const rec = new Recorder();
      const failure = new Error('loop body failed');
      let seen = 0;
      try {
        for await (const item of op(trackedSource(rec, items, slow))) {
          void item;
          if (seen++ < k || exit === 'drain') continue;
          if (exit === 'throw') throw failure;
          break;
        }
      } catch (thrown) {
        if (thrown !== failure) throw thrown;
      }
      assert.equal(rec.open, 0, 'the source is still open after the loop');
      rec.assertAllReleased();
    }),
    { numRuns, includeErrorInReport: true },
  );
}
