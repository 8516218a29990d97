// FuncPipe's own pieces as subjects of the conformance kit: one entry per piece. A new piece (a
// policy, an adapter) conforms once it has an entry here: a builder from the kit's resources to an
// AsyncGen, plus the rules it is judged by when they differ from the defaults (LIFO, first fault).
import * as Async from '../../src/async/index.js';
import { pipe } from '../../src/pipe.js';
import { ok } from '../../src/result/result.js';
import { acquire } from '../../src/resource/acquire.js';
import { scopedAsync } from '../../src/resource/scoped-async.js';
import { createPool } from '../../src/resource/pool.js';
import type { ConformanceOptions, KitItem, KitResources, SubjectBuilder } from '../../src/testing/index.js';

/** One subject: how to build it, and rules that differ from the defaults. */
export interface CoreSubject {
  readonly build: SubjectBuilder;
  readonly options?: ConformanceOptions;
}

/** A per-item step that takes and gives back a kit resource through scopedAsync. */
function scopedStep(resources: KitResources) {
  let calls = 0;
  return (item: KitItem, { signal }: { signal: AbortSignal }): Promise<KitItem> => {
    const scope = `call/${calls++}/`; // concurrent calls are sibling scopes
    return scopedAsync(
      async function* (signal) {
        const held = yield* acquire((s: AbortSignal) => resources.open({ signal: s, scope }), (r) => r.close());
        await held.read(signal);
        return item;
      },
      { signal },
    );
  };
}

/** Reads a pool's kit resource through a lease held for the whole run. */
function pooled(resources: KitResources) {
  return Async.bracket(
    () => createPool({ create: () => resources.open(), destroy: (r) => r.close(), max: 1 }),
    (pool) =>
      Async.bracket(
        (signal) => pool.acquire({ signal }),
        (lease) =>
          Async.fromProducer(async function* (signal) {
            for (let item = await lease.value.read(signal); item !== undefined; item = await lease.value.read(signal)) yield item;
          }),
      ),
    (pool) => pool.close(),
  );
}

const concurrent: ConformanceOptions = { firstFault: 'any-fault' };

export const CORE_SUBJECTS: Readonly<Record<string, CoreSubject>> = {
  'bracket + fromProducer (the kit source)': { build: (r) => r.source() },
  map: { build: (r) => pipe(r.source(), Async.map((x) => x)) },
  filter: { build: (r) => pipe(r.source(), Async.filter((x) => x.index % 2 === 0)) },
  take: { build: (r) => pipe(r.source(), Async.take(2)) },
  drop: { build: (r) => pipe(r.source(), Async.drop(1)) },
  takeWhile: { build: (r) => pipe(r.source(), Async.takeWhile((x) => x.index < 3)) },
  scan: { build: (r) => pipe(r.source(), Async.scan((n: number, x) => n + x.index, 0)) },
  tap: { build: (r) => pipe(r.source(), Async.tap(() => {})) },
  chunk: { build: (r) => pipe(r.source(), Async.chunk(2)) },
  mapErr: { build: (r) => pipe(r.source(), Async.mapErr((e) => e)) },
  'andThen (a resource per item)': { build: (r) => pipe(r.source(), Async.andThen(() => r.source())) },
  flatMap: { build: (r) => pipe(r.source(), Async.flatMap((x) => [x, x])) },
  'andThen + liftAsyncItem': { build: (r) => pipe(r.source(), Async.andThen(Async.liftAsyncItem(async (x: KitItem) => ok(x)))) },
  'bracket around a source': { build: (r) => Async.bracket((signal) => r.open({ signal }), () => r.source(), (held) => held.close()) },
  concat: { build: (r) => pipe(r.source(), Async.concat(r.source(), r.source())) },
  zip: { build: (r) => pipe(r.source({ scope: 'left/' }), Async.zip(r.source({ scope: 'right/' }))), options: concurrent },
  gather: { build: (r) => Async.gather([r.source({ scope: 'g/0/' }), r.source({ scope: 'g/1/' }), r.source({ scope: 'g/2/' })], { concurrency: 2 }), options: concurrent },
  // Parallel maps read ahead: a failure past the consumer's stop is discarded (semantics.md, 'Parallel map failures').
  'mapAsync (ordered)': { build: (r) => pipe(r.source(), Async.mapAsync(async (x) => x, { concurrency: 3 })), options: concurrent },
  mapAsyncUnordered: { build: (r) => pipe(r.source(), Async.mapAsyncUnordered(async (x) => x, { concurrency: 3 })), options: concurrent },
  'mapAsync + scopedAsync (a resource per call)': { build: (r) => pipe(r.source({ scope: 'up/' }), Async.mapAsync(scopedStep(r), { concurrency: 2 })), options: concurrent },
  'pool lease': { build: pooled },
};
