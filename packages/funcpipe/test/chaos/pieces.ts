// The pieces the chaos suite builds random pipelines from: one entry per piece of the library. A
// new piece (a policy such as retry or a breaker, an adapter) joins the chaos by adding an entry
// here; the generator, the fault injection and every check need no change.
import { setTimeout as sleep } from 'node:timers/promises';
import * as Async from '../../src/async/index.js';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { acquire } from '../../src/resource/acquire.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';
import type { KitItem, KitResources } from '../../src/testing/index.js';
import { createRetry } from '../../src/policy/retry.js';
import { createTimeouts } from '../../src/policy/timeouts.js';
import { shortCircuitOnErrEmit } from '../../src/policy/short-circuit.js';
import { rateLimit } from '../../src/policy/rate-limit.js';

/** A per-item failure that a lifted stage turns into an `Err` item (it is a value, not a fault). */
export class ItemError extends Error {
  constructor(readonly item: unknown) {
    super('item failed on purpose');
  }
}

/** What a piece's builder gets: the kit's resources, and the faults planned for this node. */
export interface PieceContext {
  readonly resources: KitResources;
  /** The node's scope for the LIFO check (children extend it: siblings are independent). */
  readonly scope: string;
  /** A number drawn for this node (a count, a concurrency, a delay). */
  readonly param: number;
  /** Call once per item the node handles: throws the planned stage fault at its planned item. */
  readonly stage: (where: string) => void;
  /** True for the item a lifted stage must fail (to become an `Err` item). */
  readonly liftFails: () => boolean;
}

/** One piece: how many inputs it takes, what it does to the checks, and how to build it. */
export interface Piece {
  /** 0: a source; 1: an operator over one stream; 'n': a combinator of several (2 or 3). */
  readonly arity: 0 | 1 | 'n';
  /** Branches run concurrently, or items are worked on ahead of the consumer (judged as 'any-fault'). */
  readonly concurrent?: boolean;
  /** Exactly one output item per input item (an `Err` counts), in a chain checked item by item. */
  readonly perItem?: boolean;
  /** Delivers in input order (for the item-by-item check). Default true. */
  readonly ordered?: boolean;
  /** Stops early by design (take): fewer items than the source holds is not a loss. */
  readonly stops?: boolean;
  /** Builds the piece over its inputs (already built). */
  build(context: PieceContext, inputs: readonly AsyncGen<unknown, unknown>[]): AsyncGen<unknown, unknown>;
}

const only = (inputs: readonly AsyncGen<unknown, unknown>[]): AsyncGen<unknown, unknown> => inputs[0] as AsyncGen<unknown, unknown>;

async function maybeWait(param: number, signal: AbortSignal): Promise<void> {
  if (param % 3 === 1) await Promise.resolve();
  else if (param % 3 === 2) await sleep(1, undefined, { signal });
}

export const PIECES: Readonly<Record<string, Piece>> = {
  source: { arity: 0, build: (c) => c.resources.source({ scope: c.scope }) },
  map: {
    arity: 1,
    perItem: true,
    build: (c, inputs) =>
      pipe(only(inputs), Async.map((x) => {
        c.stage('map');
        return x;
      })),
  },
  lifted: {
    arity: 1,
    perItem: true,
    build: (c, inputs) =>
      pipe(only(inputs), Async.andThen(Async.liftAsyncItem(async (x: unknown) => {
        if (c.liftFails()) throw new ItemError(x); // a throw here is an Err item, never a fault
        return ok(x);
      }))),
  },
  take: { arity: 1, perItem: true, stops: true, build: (c, inputs) => pipe(only(inputs), Async.take(c.param % 5)) },
  filter: { arity: 1, build: (c, inputs) => pipe(only(inputs), Async.filter((x) => ((x as KitItem).index + c.param) % 2 === 0)) },
  'mapAsync ordered': {
    arity: 1,
    perItem: true,
    concurrent: true,
    build: (c, inputs) =>
      pipe(only(inputs), Async.mapAsync(async (x, { signal }) => {
        await maybeWait(c.param, signal);
        c.stage('mapAsync');
        return x;
      }, { concurrency: 1 + (c.param % 3) })),
  },
  'mapAsync unordered': {
    arity: 1,
    perItem: true,
    concurrent: true,
    ordered: false,
    build: (c, inputs) =>
      pipe(only(inputs), Async.mapAsyncUnordered(async (x, { signal }) => {
        await maybeWait(c.param + 1, signal);
        c.stage('mapAsyncUnordered');
        return x;
      }, { concurrency: 1 + (c.param % 3) })),
  },
  'scopedAsync per item': {
    arity: 1,
    perItem: true,
    concurrent: true,
    build: (c, inputs) => {
      let calls = 0;
      return pipe(only(inputs), Async.mapAsync((x, { signal }) => {
        const scope = `${c.scope}call${calls++}/`;
        return scopedAsync(async function* (signal) {
          const held = yield* acquire((s: AbortSignal) => c.resources.open({ signal: s, scope }), (r) => r.close());
          await held.read(signal);
          c.stage('scopedAsync');
          return x;
        }, { signal });
      }, { concurrency: 2 }));
    },
  },
  'bracket around': {
    arity: 1,
    perItem: true,
    build: (c, inputs) => Async.bracket((signal) => c.resources.open({ signal, scope: c.scope }), () => only(inputs), (r) => r.close()),
  },
  'andThen (a resource per item)': {
    arity: 1,
    build: (c, inputs) => pipe(only(inputs), Async.andThen(() => pipe(c.resources.source({ scope: `${c.scope}0/inner/` }), Async.take(1 + (c.param % 3))))),
  },
  // Policies. A call under a policy that fails for good becomes an Err item, so the planned stage
  // fault is raised by a plain stage after it, where it must fail the run.
  'mapAsync with retry (flaky first attempts)': {
    arity: 1,
    perItem: true,
    concurrent: true,
    build: (c, inputs) => {
      const retry = createRetry({ maxAttempts: 3, backoff: 'fixed', delay: 1, jitter: 'none', budget: false });
      const attempted = new Set<unknown>();
      const flaky = async (x: unknown, { signal }: { signal: AbortSignal }): Promise<unknown> => {
        await maybeWait(c.param, signal);
        if (c.param % 2 === 0 && !attempted.has(x)) {
          attempted.add(x);
          throw Object.assign(new Error('busy, try again'), { code: 'HTTP_503' });
        }
        return x;
      };
      return pipe(only(inputs), Async.mapAsync(flaky, { concurrency: 1 + (c.param % 3), retry }), Async.map((x) => {
        c.stage('mapAsync with retry');
        return x;
      }));
    },
  },
  'mapAsync with time limits (never reached)': {
    arity: 1,
    perItem: true,
    concurrent: true,
    build: (c, inputs) => {
      const timeout = createTimeouts({ attempt: '10s', item: '20s' });
      return pipe(only(inputs), Async.mapAsync(async (x: unknown, { signal }) => (await maybeWait(c.param, signal), x), { concurrency: 2, timeout }), Async.map((x) => {
        c.stage('mapAsync with time limits');
        return x;
      }));
    },
  },
  'breaker at the first Err': { arity: 1, stops: true, build: (_c, inputs) => pipe(only(inputs), shortCircuitOnErrEmit()) },
  // A bucket of 1-3 tokens refilled every 1-3 ms: most items wait for a token, so stops and
  // aborts land during a wait (RELIABILITY finding 10).
  rateLimit: { arity: 1, perItem: true, build: (c, inputs) => pipe(only(inputs), rateLimit({ rate: 1, per: `${1 + (c.param % 3)}ms`, burst: 1 + (c.param % 3) })) },
  buffer: { arity: 1, perItem: true, concurrent: true, build: (c, inputs) => pipe(only(inputs), Async.buffer(1 + (c.param % 4))) },
  merge: { arity: 'n', concurrent: true, build: (c, inputs) => Async.merge(inputs, { weights: inputs.map((_, i) => 1 + ((c.param + i) % 3)) }) },
  concat: { arity: 'n', build: (_c, inputs) => pipe(only(inputs), Async.concat(...inputs.slice(1))) },
  zip: { arity: 'n', concurrent: true, build: (_c, inputs) => pipe(only(inputs), Async.zip(inputs[1] as AsyncGen<unknown, unknown>)) },
  gather: { arity: 'n', concurrent: true, build: (c, inputs) => Async.gather(inputs, { concurrency: 1 + (c.param % 3) }) },
};
