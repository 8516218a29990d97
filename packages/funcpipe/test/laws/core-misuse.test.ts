// Misuse fails early and clearly (issue 7, defect 4): a plain iterable where an AsyncGen is
// expected, a size option too large to allocate, a misspelled option key, an async function where
// a synchronous answer is needed, a one-shot source run twice, a zero close deadline. Each is a
// TypeError or RangeError at the call that builds the pipeline, naming the argument and what to
// do instead; every value an option accepts works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Async,
  Sync,
  asyncGenAndThen,
  asyncGenGather,
  asyncGenMap,
  createPool,
  err,
  errInfo,
  ok,
  pipe,
  pipeWriter,
  scopedAsync,
  streamWithMetrics,
  timed,
  timedBlock,
  type Result,
} from '../../src/index.js';
import { failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

async function* plainResults(): AsyncGenerator<Result<number, never>> {
  yield ok(1);
}
const plain = { [Symbol.asyncIterator]: plainResults };

/** Asserts a TypeError from `where` naming the argument, the type that arrived and the constructors to use. */
function refusesPlain(call: () => unknown, where: string, name: string): void {
  assert.throws(call, (e: unknown) => {
    assert.ok(e instanceof TypeError, String(e));
    const prefix = `${where}: expected \`${name}\` to be an AsyncGen`;
    assert.ok(e.message.startsWith(prefix), `${e.message}\n  should start with ${prefix}`);
    assert.match(e.message, /got an object .*Async\.fromIterable.*Async\.fromResults/);
    return true;
  });
}

test('a plain AsyncIterable where an AsyncGen is expected is refused where the pipeline is built, in every place', async () => {
  const g = plain as never;
  const f = (x: number) => x;
  const builders: ReadonlyArray<readonly [string, string, () => unknown]> = [
    ['map', 'gen', () => pipe(g, Async.map(f))],
    ['mapErr', 'gen', () => pipe(g, Async.mapErr(f))],
    ['filter', 'gen', () => pipe(g, Async.filter(() => true))],
    ['take', 'gen', () => pipe(g, Async.take(1))],
    ['drop', 'gen', () => pipe(g, Async.drop(1))],
    ['takeWhile', 'gen', () => pipe(g, Async.takeWhile(() => true))],
    ['scan', 'gen', () => pipe(g, Async.scan((a: number) => a, 0))],
    ['tap', 'gen', () => pipe(g, Async.tap(() => {}))],
    ['chunk', 'gen', () => pipe(g, Async.chunk(2))],
    ['andThen', 'gen', () => pipe(g, Async.andThen(() => Async.of(1)))],
    ['flatMap', 'gen', () => pipe(g, Async.flatMap(() => [1]))],
    ['concat', 'gen', () => pipe(g, Async.concat(Async.of(1)))],
    ['concat', 'others[0]', () => Async.concat(g)],
    ['zip', 'gen', () => pipe(g, Async.zip(Async.of(1)))],
    ['zip', 'other', () => Async.zip(g)],
    ['mapAsync', 'gen', () => pipe(g, Async.mapAsync(f, { concurrency: 2 }))],
    ['mapAsync', 'gen', () => pipe(g, Async.mapAsync(f, { concurrency: 2, ordered: false }))],
    ['mapAsyncUnordered', 'gen', () => pipe(g, Async.mapAsyncUnordered(f, { concurrency: 2 }))],
    ['gather', 'gens[1]', () => Async.gather([Async.of(1), g])],
    ['asyncGenGather', 'gens[0]', () => asyncGenGather([g])],
    ['asyncGenMap', 'gen', () => asyncGenMap(g, f)],
    ['asyncGenAndThen', 'gen', () => asyncGenAndThen(g, () => Async.of(1))],
    ['toReadable', 'gen', () => pipe(g, Async.toReadable())],
    ['toReadableStream', 'gen', () => pipe(g, Async.toReadableStream())],
  ];
  for (const [where, name, build] of builders) refusesPlain(build, where.replace('asyncGenGather', 'gather'), name);
  // Sinks refuse it when applied, before anything runs (their promise rejects at once).
  const sinks: ReadonlyArray<readonly [string, (gen: never) => Promise<unknown>]> = [
    ['toArray', Async.toArray()],
    ['fold', Async.fold(0, (a: number) => a)],
    ['forEach', Async.forEach(() => {})],
    ['drain', Async.drain()],
  ];
  for (const [where, sink] of sinks) {
    await assert.rejects(sink(g), (e: unknown) => e instanceof TypeError && e.message.startsWith(`${where}: expected \`gen\` to be an AsyncGen`));
  }
  // What an andThen / bracket function returns is checked when it is returned, naming the item.
  await assert.rejects(
    pipe(Async.of(7), Async.andThen(() => plain as never), Async.toArray()),
    (e: unknown) => e instanceof TypeError && /^andThen: expected `f\(value, index\)` to be an AsyncGen for item 0, got an object .*Async\.fromResults/.test(e.message),
  );
  await assert.rejects(
    pipe(Async.bracket(() => 1, () => plain as never, () => {}), Async.toArray()),
    (e: unknown) => e instanceof TypeError && /^bracket: expected `use\(resource\)` to be an AsyncGen, got an object .*Async\.fromIterable/.test(e.message),
  );
});

test('size options: every value accepted works, up to Number.MAX_SAFE_INTEGER and Infinity for concurrency', async () => {
  const values = Async.fromIterable([1, 2, 3, 4]);
  const twice = async (x: number) => x * 2;
  for (const n of [2 ** 32 - 1, 2 ** 32, 2 ** 40, Number.MAX_SAFE_INTEGER, Infinity]) {
    const ordered = await pipe(values, Async.mapAsync(twice, { concurrency: n }), Async.toArray());
    assert.deepEqual(ordered, [ok(2), ok(4), ok(6), ok(8)], `mapAsync concurrency ${n}`);
    const unordered = await pipe(values, Async.mapAsyncUnordered(twice, { concurrency: n }), Async.toArray());
    assert.equal(unordered.length, 4, `mapAsyncUnordered concurrency ${n}`);
    const bufferSize = n === Infinity ? Number.MAX_SAFE_INTEGER : n;
    const merged = await pipe(Async.gather([values, Async.of(5)], { concurrency: n, bufferSize }), Async.toArray());
    assert.equal(merged.length, 5, `gather concurrency ${n}, bufferSize ${bufferSize}`);
  }
  // Unbounded concurrency really starts every call at once.
  let inFlight = 0;
  let most = 0;
  const slow = async (x: number) => {
    most = Math.max(most, ++inFlight);
    await sleep(5);
    inFlight--;
    return x;
  };
  await pipe(Async.fromIterable(Array.from({ length: 50 }, (_, i) => i)), Async.mapAsync(slow, { concurrency: Infinity }), Async.drain());
  assert.equal(most, 50);
  // A buffer is a bound, never unbounded.
  assert.throws(() => Async.gather([values], { bufferSize: Infinity }), { name: 'TypeError', message: /gather: expected `options.bufferSize` to be an integer >= 1, got number Infinity/ });
});

test('an unknown option key is a TypeError naming it and the closest valid key, on every options object', async () => {
  const gen = Async.of(1);
  const create = () => 1;
  const destroy = () => {};
  const cases: ReadonlyArray<readonly [string, string, string | undefined, () => unknown]> = [
    ['gather', 'concurency', 'concurrency', () => Async.gather([gen], { concurency: 1 } as never)],
    ['gather', 'buffersize', 'bufferSize', () => Async.gather([gen], { buffersize: 1 } as never)],
    ['mapAsync', 'concurrrency', 'concurrency', () => Async.mapAsync(create, { concurrency: 1, concurrrency: 2 } as never)],
    ['mapAsync', 'orderd', 'ordered', () => Async.mapAsync(create, { concurrency: 1, orderd: false } as never)],
    ['mapAsyncUnordered', 'concurency', 'concurrency', () => Async.mapAsyncUnordered(create, { concurency: 1 } as never)],
    ['AsyncGen.iterate', 'sigal', 'signal', () => gen.iterate({ sigal: AbortSignal.timeout(10) } as never)],
    ['toArray', 'signl', 'signal', () => Async.toArray({ signl: AbortSignal.timeout(10) } as never)],
    ['fold', 'closeTimeout', 'closeTimeoutMs', () => Async.fold(0, (a: number) => a, { closeTimeout: 5 } as never)],
    ['forEach', 'timeoutMs', undefined, () => Async.forEach(() => {}, { timeoutMs: 5 } as never)],
    ['drain', 'Signal', 'signal', () => Async.drain({ Signal: undefined } as never)],
    ['toReadable', 'objectmode', 'objectMode', () => Async.toReadable({ objectmode: false } as never)],
    ['toReadable', 'highWatermark', 'highWaterMark', () => Async.toReadable({ highWatermark: 1 } as never)],
    ['toReadableStream', 'result', 'results', () => Async.toReadableStream({ result: true } as never)],
    ['createPool', 'maxSize', 'max', () => createPool({ create, destroy, maxSize: 1 } as never)],
    ['createPool', 'acquireTimeout', 'acquireTimeoutMs', () => createPool({ create, destroy, acquireTimeout: 1 } as never)],
    ['scopedAsync', 'sigal', 'signal', () => scopedAsync(async function* () {}, { sigal: undefined } as never)],
    ['timedBlock', 'clock', undefined, () => timedBlock('b', () => {}, { clock: () => 0 } as never)],
    ['timed', 'nowMs', 'now', () => timed('b', () => {}, () => 1, { nowMs: () => 0 } as never)],
    ['streamWithMetrics', 'Now', 'now', () => streamWithMetrics([1], () => {}, { Now: () => 0 } as never)],
  ];
  for (const [where, key, closest, call] of cases) {
    const check = (e: unknown): boolean => {
      assert.ok(e instanceof TypeError, `${where}: ${String(e)}`);
      assert.ok(e.message.startsWith(`${where}: expected \`options\` to have only the keys `), e.message);
      assert.ok(e.message.includes(`got the unknown key \`${key}\``), e.message);
      if (closest === undefined) assert.doesNotMatch(e.message, /did you mean/);
      else assert.ok(e.message.endsWith(`(did you mean \`${closest}\`?)`), e.message);
      return true;
    };
    let result: unknown;
    try {
      result = call();
    } catch (error) {
      check(error);
      continue;
    }
    await assert.rejects(Promise.resolve(result), check); // scopedAsync reports through its promise
  }
  const pool = createPool({ create, destroy });
  await assert.rejects(pool.acquire({ signl: undefined } as never), /^TypeError: pool\.acquire: expected `options` to have only the keys signal, got the unknown key `signl` \(did you mean `signal`\?\)/);
  await pool.close();
  // pipeWriter takes no options object; the valid keys stay accepted everywhere.
  assert.equal(typeof pipeWriter(new PassThrough()).write, 'function');
  assert.doesNotThrow(() => Async.toReadable({ signal: AbortSignal.timeout(10), closeTimeoutMs: 10, objectMode: true, results: false, highWaterMark: 4 }));
  assert.doesNotThrow(() => Async.gather([gen], { concurrency: 1, bufferSize: 2 }));
});

test('closeTimeoutMs is an integer >= 1 or Infinity (0 would time out every asynchronous cleanup)', async () => {
  for (const make of [(o: object) => Async.toArray(o), (o: object) => Async.of(1).iterate(o), (o: object) => Async.toReadableStream(o)]) {
    assert.throws(() => make({ closeTimeoutMs: 0 }), { name: 'RangeError', message: /expected `options.closeTimeoutMs` to be an integer >= 1 or Infinity, got 0/ });
    assert.throws(() => make({ closeTimeoutMs: 0.5 }), { name: 'TypeError', message: /`options.closeTimeoutMs` to be an integer >= 1 or Infinity, got number 0.5/ });
  }
  assert.deepEqual(await pipe(Async.of(1), Async.toArray({ closeTimeoutMs: 1 })), [ok(1)]);
  assert.deepEqual(await pipe(Async.of(1), Async.toArray({ closeTimeoutMs: Infinity })), [ok(1)]);
});

test('an async predicate or tap is a TypeError when the stage is built, in both trees', () => {
  const asyncTrue = async () => true;
  async function* asyncGenerator() {}
  const refused = (where: string, name: string) => (e: unknown) =>
    e instanceof TypeError && e.message.startsWith(`${where}: expected \`${name}\` to be a synchronous function, got an async function`) && /Async\.mapAsync/.test(e.message);
  for (const f of [asyncTrue, asyncGenerator]) {
    assert.throws(() => Async.filter(f as never), refused('filter', 'predicate'));
    assert.throws(() => Async.takeWhile(f as never), refused('takeWhile', 'predicate'));
    assert.throws(() => Async.tap(f as never), refused('tap', 'f'));
    assert.throws(() => Sync.filter(f as never), refused('filter', 'predicate'));
    assert.throws(() => Sync.takeWhile(f as never), refused('takeWhile', 'predicate'));
    assert.throws(() => Sync.tap(f as never), refused('tap', 'f'));
    assert.throws(() => Sync.forEach(f as never), refused('forEach', 'f'));
  }
  // Async.forEach, mapAsync and andThen take async functions: they await.
  assert.doesNotThrow(() => Async.forEach(asyncTrue));
});

test('an async-tree predicate or tap that returns a promise (a thenable) is a TypeError at that item, not a silent true', async () => {
  const expectation = (where: string, name: string, index: number) => (e: unknown) =>
    e instanceof TypeError &&
    e.message.startsWith(`${where}: expected \`${name}\` to answer synchronously, got a promise (a thenable) for item ${index}`) &&
    /Async\.mapAsync/.test(e.message);
  const values = Async.fromIterable([1, 2, 3]);
  const promised = (x: number) => Promise.resolve(x > 0);
  await assert.rejects(pipe(values, Async.filter(promised as never), Async.toArray()), expectation('filter', 'predicate', 0));
  await assert.rejects(pipe(values, Async.takeWhile(promised as never), Async.toArray()), expectation('takeWhile', 'predicate', 0));
  // a thenable that is not a Promise, after two synchronous answers; Err items count in the index
  const lateThenable = (x: number) => (x < 3 ? x > 0 : ({ then: () => {} } as never));
  const withErr = Async.fromResults([ok(1), err(errInfo('E', 'e')), ok(2), ok(3)]);
  await assert.rejects(pipe(withErr, Async.filter(lateThenable), Async.toArray()), expectation('filter', 'predicate', 3));
  await assert.rejects(pipe(values, Async.tap(() => Promise.resolve() as never), Async.toArray()), expectation('tap', 'f', 0));
  // a predicate's other truthy and falsy answers keep their meaning
  const loose = (x: number) => (x === 1 ? 'yes' : x === 2 ? 0 : (null as never));
  assert.deepEqual(await pipe(values, Async.filter(loose as never), Async.toArray()), [ok(1)]);
  assert.deepEqual(await pipe(values, Async.takeWhile(loose as never), Async.toArray()), [ok(1)]);
  assert.deepEqual(await pipe(values, Async.tap((r: Result<number, never>) => (r.ok ? r.value * 2 : 0) as never), Async.toArray()), [ok(1), ok(2), ok(3)]);
});

test('Async.forEach awaits an async callback: in order, never overlapping, resolving after the last one', async () => {
  const log: string[] = [];
  let running = 0;
  const released: string[] = [];
  const source = Async.fromProducer(async function* () {
    try {
      for (let i = 0; i < 5; i++) yield i;
    } finally {
      released.push('source');
    }
  });
  await pipe(
    source,
    Async.forEach(async (r, index) => {
      assert.equal(++running, 1, 'two callbacks overlap');
      await sleep(2);
      log.push(`${index}:${r.ok ? r.value : '?'}`);
      running--;
    }),
  );
  assert.deepEqual(log, ['0:0', '1:1', '2:2', '3:3', '4:4']);
  assert.deepEqual(released, ['source']);
  // ... behind a stage that ends the run (take) and one that flushes at the end (chunk)
  const seen: string[] = [];
  await pipe(Async.fromIterable([1, 2, 3, 4, 5]), Async.chunk(2), Async.take(3), Async.forEach(async (r) => {
    await sleep(1);
    seen.push(JSON.stringify(r.ok ? r.value : null));
  }));
  assert.deepEqual(seen, ['[1,2]', '[3,4]', '[5]']);
});

test('Async.forEach: a rejection of an async callback rejects the sink after releasing the source; none goes unhandled', async () => {
  const boom = new Error('callback failed');
  const released: string[] = [];
  const calls: number[] = [];
  const source = Async.fromProducer(async function* () {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      released.push('source');
    }
  });
  await assert.rejects(
    pipe(source, Async.forEach(async (_r, index) => {
      calls.push(index);
      await sleep(1);
      if (index === 2) throw boom;
    })),
    (e: unknown) => e === boom,
  );
  assert.deepEqual(calls, [0, 1, 2], 'nothing is pulled while a callback is pending');
  assert.deepEqual(released, ['source']);
  // the last item's callback failing after the stream ended also rejects
  await assert.rejects(pipe(Async.of(1), Async.forEach(async () => { await sleep(1); throw boom; })), (e: unknown) => e === boom);
  // Err items reach the callback too
  const items: string[] = [];
  await pipe(Async.fromResults([ok(1), err(errInfo('BAD', 'no'))]), Async.forEach(async (r) => void items.push(r.ok ? 'ok' : r.error.code)));
  assert.deepEqual(items, ['ok', 'BAD']);
});
