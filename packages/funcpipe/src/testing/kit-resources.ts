import { setTimeout as sleep } from 'node:timers/promises';
import { describe } from '../internal/check.js';
import { bracket } from '../async/bracket.js';
import { fromProducer } from '../async/from-producer.js';
import type { AsyncGen } from '../async/async-gen.js';
import type { CaseLog, ResourceState } from './case-log.js';
import type { KitFault } from './kit-fault.js';

/** An item read from a kit resource: which resource, which read. */
export interface KitItem {
  /** The number of the resource it was read from. */
  readonly resource: number;
  /** Its position among that resource's items (0-based). */
  readonly index: number;
}

/**
 * A resource handed out by the conformance kit: it counts its opening and its releases, holds a
 * planned number of items, and fails, stalls or releases slowly where the case's plan says.
 */
export interface KitResource extends AsyncDisposable {
  /** Its number: resources are numbered in the order they are opened, from 0. */
  readonly id: number;
  /**
   * Reads the next item, or `undefined` once the resource is exhausted. Pass the run's signal:
   * an abort rejects a pending read with the signal's reason (unless the plan makes this resource
   * deaf, whose timers then fire late). Reading a released resource is reported as misuse.
   */
  read(signal?: AbortSignal): Promise<KitItem | undefined>;
  /** Releases it (also `[Symbol.asyncDispose]`). Releasing twice is recorded, and reported. */
  close(): Promise<void>;
}

/** Options of {@link KitResources.open} and {@link KitResources.source}. */
export interface OpenOptions {
  /** Pass the run's signal: an abort before the resource is ready rejects with its reason. */
  readonly signal?: AbortSignal;
  /**
   * The scope the resource lives in, for the LIFO check: releases must be newest first among
   * resources whose scopes are equal or one a prefix of the other; resources of sibling scopes
   * (two branches of a `gather`, written `'g/0/'` and `'g/1/'`) may be released in any order.
   */
  readonly scope?: string;
}

/** The resource factory the kit gives to the builder of the subject under test. */
export interface KitResources {
  /** Opens a fresh resource (after a microtask). */
  open(options?: OpenOptions): Promise<KitResource>;
  /**
   * A ready source over fresh kit resources: each run opens one through `bracket` (with the run's
   * signal) and streams its items, released on every exit. Use it as the upstream of an operator.
   */
  source(options?: Omit<OpenOptions, 'signal'>): AsyncGen<KitItem, never>;
  /**
   * Reports a real resource the subject under test acquired (a connection checked out of a
   * driver's pool, a file it opened, a request it sent): the kit cannot hand out an adapter's own
   * resources, but it judges every registered one like its own (released exactly once, LIFO
   * within its scope, before the consumer's exit completes). Call it where the resource is
   * taken, and the function it returns where it is given back (a driver's `'release'` event, a
   * socket's `'close'`). The plan's faults (a release that throws or is slow, a deaf read) strike
   * kit resources only: a registered resource fails only as the real one does.
   *
   * @param kind - what it is, for reports (`'pg client'`).
   * @example
   * ```ts
   * checkConformance('fromQuery', (resources) => {
   *   const held = new Map<pg.PoolClient, () => void>();
   *   pool.on('acquire', (client) => held.set(client, resources.register('pg client')));
   *   pool.on('release', (_error, client) => held.get(client)?.());
   *   return fromQuery(pool, 'SELECT 1');
   * });
   * ```
   */
  register(kind: string, options?: Omit<OpenOptions, 'signal'>): () => void;
  /**
   * Records a fault of the subject's own (a stage that throws on purpose) and returns it to throw,
   * so the checks count it as a fault, not as an unexpected error.
   */
  injectFault(where: string): KitFault;
}

/** A timer promise that rejects with the signal's reason when it aborts (unless `deaf`). */
function delay(ms: number, signal: AbortSignal | undefined, deaf: boolean): Promise<void> {
  if (deaf || signal === undefined) return sleep(ms);
  return sleep(ms, undefined, { signal }).then(
    () => undefined,
    () => Promise.reject(signal.reason),
  );
}

function checkOpenOptions(where: string, options: unknown): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: expected \`options\` to be an object, got ${describe(options)}`);
  const { scope } = options as OpenOptions;
  if (scope !== undefined && typeof scope !== 'string') throw new TypeError(`${where}: expected \`options.scope\` to be a string, got ${describe(scope)}`);
}

class Resource implements KitResource {
  constructor(
    private readonly log: CaseLog,
    private readonly state: ResourceState,
    private readonly slowReleaseMs: number,
  ) {}

  get id(): number {
    return this.state.id;
  }

  async read(signal?: AbortSignal): Promise<KitItem | undefined> {
    const { log, state } = this;
    const { plan } = log;
    if (state.closeSeqs.length > 0) log.misuse.push(`resource #${state.id} read after its release`);
    const index = state.reads++;
    const deaf = plan.deaf.includes(state.id);
    const mode = plan.delays[log.reads++ % plan.delays.length];
    state.pendingReads += 1;
    try {
      if (mode === 'microtask') await Promise.resolve();
      else if (mode === 'timer') await delay(1, signal, deaf);
      if (!deaf) signal?.throwIfAborted();
      const thrown = plan.producerThrow;
      if (thrown !== undefined && thrown.resource === state.id && thrown.index === index) {
        throw log.fault('producer', `resource #${state.id}, read ${index}`);
      }
      const items = plan.items[state.id % plan.items.length] as number;
      return index < items ? Object.freeze({ resource: state.id, index }) : undefined;
    } finally {
      state.pendingReads -= 1;
    }
  }

  async close(): Promise<void> {
    const { log, state } = this;
    state.closeSeqs.push(log.tick());
    if (state.closeSeqs.length > 1) return;
    if (log.plan.releaseThrows.includes(state.id)) throw log.fault('release', `release of resource #${state.id}`);
    if (log.plan.slowRelease === state.id) {
      await sleep(this.slowReleaseMs);
      state.slowDoneSeq = log.tick();
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** The kit's resource factory for one case. */
export class CaseResources implements KitResources {
  constructor(
    private readonly log: CaseLog,
    private readonly slowReleaseMs: number,
  ) {}

  async open(options: OpenOptions = {}): Promise<KitResource> {
    checkOpenOptions('KitResources.open', options);
    await Promise.resolve();
    options.signal?.throwIfAborted();
    return new Resource(this.log, this.record(undefined, options.scope), this.slowReleaseMs);
  }

  register(kind: string, options: Omit<OpenOptions, 'signal'> = {}): () => void {
    if (typeof kind !== 'string' || kind === '') throw new TypeError(`KitResources.register: expected \`kind\` to be a non-empty string, got ${describe(kind)}`);
    checkOpenOptions('KitResources.register', options);
    const { log } = this;
    const state = this.record(kind, options.scope);
    return () => void state.closeSeqs.push(log.tick());
  }

  private record(kind: string | undefined, scope = ''): ResourceState {
    const { log } = this;
    const state: ResourceState = { id: log.resources.length, kind, scope, openedSeq: log.tick(), closeSeqs: [], slowDoneSeq: undefined, reads: 0, pendingReads: 0 };
    log.resources.push(state);
    return state;
  }

  source(options: Omit<OpenOptions, 'signal'> = {}): AsyncGen<KitItem, never> {
    const scope = options.scope ?? '';
    return bracket(
      (signal) => this.open({ signal, scope }),
      (resource) =>
        fromProducer(async function* (signal) {
          for (let item = await resource.read(signal); item !== undefined; item = await resource.read(signal)) yield item;
        }),
      (resource) => resource.close(),
    );
  }

  injectFault(where: string): KitFault {
    return this.log.fault('stage', where);
  }
}
