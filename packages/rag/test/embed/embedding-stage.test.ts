import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { z } from 'zod';
import { VirtualClock, type ErrInfo, type Result } from 'funcpipe';
import { createEmbeddingStage, type EmbeddingEvent } from '../../src/embed/embedding-stage.js';
import { embeddingStagePolicySchema } from '../../src/embed/embedding-stage-policy.js';
import { EmbeddingStopped } from '../../src/embed/embedding-stopped.js';
import { createHttpEmbedder } from '../../src/embed/http-embedder.js';
import { serveEmbeddings, type EmbeddingsServer } from '../../src/server/serve-embeddings.js';
import { chunksOf, eventually, localEmbedder, vectorOf } from '../support/embed-fixtures.js';

const NO_KEY = { env: {} };
const texts = (n: number, prefix = 'chunk'): string[] => Array.from({ length: n }, (_, i) => `${prefix} ${i} of the document`);
const never = (): AbortSignal => new AbortController().signal;

function assertVectors(results: readonly Result<Float32Array, ErrInfo>[], expected: readonly string[], dimension = 8): void {
  assert.equal(results.length, expected.length);
  results.forEach((r, i) => {
    assert.ok(r.ok, `chunk ${i} has a vector`);
    assert.deepEqual(Array.from(r.value).map((x) => x.toFixed(5)), Array.from(vectorOf(expected[i]!, dimension)).map((x) => x.toFixed(5)));
  });
}

async function httpStage(server: EmbeddingsServer, policy: Parameters<typeof createEmbeddingStage>[1], connections = 2) {
  const embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model, connections }, NO_KEY);
  const events: EmbeddingEvent[] = [];
  const stage = createEmbeddingStage(embedder, policy, { onEvent: (e) => events.push(e) });
  return { embedder, stage, events };
}

test('EmbeddingStage: batches by token budget and size, one Result per chunk in order', async () => {
  const embedder = localEmbedder(8);
  const stage = createEmbeddingStage(embedder, { maxBatchTokens: 20, maxBatchSize: 3 });
  const input = texts(10); // 6 or 7 tokens each (one per 4 characters)
  const results = await stage.embed(chunksOf(input), never());
  assertVectors(results, input);
  assert.equal(embedder.calls, 4, 'three chunks fit both limits per call: 3 + 3 + 3 + 1');
  assert.deepEqual(await stage.embed([], never()), []);
  const wide = createEmbeddingStage(localEmbedder(8), { maxBatchTokens: 5 });
  assertVectors(await wide.embed(chunksOf(['a chunk above the whole budget', 'x']), never()), ['a chunk above the whole budget', 'x']);
  assert.deepEqual(wide.stats(), { calls: 2, inputs: 2, retries: 0, splits: 0, rejectedChunks: 0, failedChunks: 0, throttleWaits: 0, throttledMs: 0 });
});

test('EmbeddingStage: a 429 with Retry-After is retried after the wait the server asked for (its own timestamps), then succeeds', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { rateLimitEvery: 2, retryAfterSeconds: 1 } });
  const { embedder, stage, events } = await httpStage(server, { maxBatchSize: 2, concurrency: 1, retry: { delay: '1ms', jitter: 'none' } });
  await using _ = embedder;
  const input = texts(6);
  assertVectors(await stage.embed(chunksOf(input), never()), input);
  const log = server.log();
  const limited = log.filter((r) => r.status === 429);
  assert.ok(limited.length >= 2);
  for (const r of limited) {
    for (const later of log.filter((x) => x.n > r.n)) {
      const gap = later.receivedAt - r.answeredAt;
      assert.ok(gap >= 995, `request ${later.n} came ${gap.toFixed(1)} ms after the 429 of request ${r.n}, which asked for 1,000`);
    }
  }
  assert.equal(stage.stats().retries, limited.length);
  assert.ok(events.some((e) => e.type === 'throttle' && e.limit === 'retryAfter'), 'the other batches waited for the pause too');
  assert.ok(events.some((e) => e.type === 'retry' && e.code === 'HTTP_429' && e.delayMs === 1_000));
});

test('EmbeddingStage: 5xx answers are retried until they succeed', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { serverErrorEvery: 2, serverErrorStatus: 503 } });
  const { embedder, stage } = await httpStage(server, { maxBatchSize: 3, retry: { delay: '1ms' } });
  await using _ = embedder;
  const input = texts(12);
  assertVectors(await stage.embed(chunksOf(input), never()), input);
  assert.ok(server.stats().byStatus['503']! >= 2);
  assert.equal(stage.stats().retries, server.stats().byStatus['503']);
});

test('EmbeddingStage: retries that give up leave that batch\'s chunks an Err with its attempts; the others get vectors', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { serverErrorEvery: 1 } });
  const { embedder, stage } = await httpStage(server, { retry: { maxAttempts: 2, delay: '1ms' }, breaker: false });
  await using _ = embedder;
  const results = await stage.embed(chunksOf(texts(3)), never());
  assert.ok(results.every((r) => !r.ok && r.error.code === 'HTTP_500' && r.error.attempts === 2));
  assert.deepEqual(results.map((r) => !r.ok && r.error.context?.['ordinal']), [0, 1, 2]);
  assert.equal(stage.stats().failedChunks, 3);
});

test('EmbeddingStage: a quota 429 stops the run (EmbeddingStopped "quota"), is never retried, and every later call stops at once', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { quotaAfter: 2 } });
  const { embedder, stage, events } = await httpStage(server, { maxBatchSize: 1, concurrency: 1 });
  await using _ = embedder;
  const stopped = await stage.embed(chunksOf(texts(5)), never()).then(() => assert.fail('expected a stop'), (e: unknown) => e);
  assert.ok(stopped instanceof EmbeddingStopped);
  assert.equal(stopped.reason, 'quota');
  assert.equal(stopped.info.code, 'EMBED_QUOTA');
  assert.match(stopped.message, /quota is exhausted/);
  assert.equal(server.stats().embeddingRequests, 3, 'two answered, the third refused, nothing retried');
  assert.equal(stage.stopped, stopped);
  await assert.rejects(stage.embed(chunksOf(['more']), never()), (e) => e === stopped);
  assert.equal(server.stats().embeddingRequests, 3);
  assert.deepEqual(events.filter((e) => e.type === 'stop').map((e) => e.type === 'stop' && e.reason), ['quota']);
});

test('EmbeddingStage: a wrong API key stops the run (EmbeddingStopped "auth")', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { apiKey: 'sk-right' } });
  await using embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model }, { env: { OPENAI_API_KEY: 'sk-wrong' } });
  const stage = createEmbeddingStage(embedder);
  await assert.rejects(stage.embed(chunksOf(texts(3)), never()), (e) => e instanceof EmbeddingStopped && e.reason === 'auth' && e.info.code === 'EMBED_AUTH' && !e.message.includes('sk-wrong'));
  assert.equal(server.stats().embeddingRequests, 1);
});

test('EmbeddingStage law: for any batch and any poison positions, every good chunk gets its vector and every poison chunk an Err, in at most 1 + 2p⌈log2 n⌉ calls', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { rejectPattern: 'POISON' } });
  await using embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model, connections: 4 }, NO_KEY);
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 48 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }))),
      async ([n, poisoned]) => {
        const poison = new Set(poisoned);
        const input = Array.from({ length: n }, (_, i) => (poison.has(i) ? `POISON ${i}` : `good ${i}`));
        const stage = createEmbeddingStage(embedder, { maxBatchSize: 64, concurrency: 4, breaker: false });
        const results = await stage.embed(chunksOf(input), never());
        results.forEach((r, i) => {
          if (poison.has(i)) {
            assert.ok(!r.ok && r.error.code === 'EMBED_REJECTED' && r.error.index === i && r.error.context?.['ordinal'] === i, `chunk ${i} is poison`);
          } else {
            assert.ok(r.ok, `chunk ${i} is good`);
            assert.deepEqual(Array.from(r.value).map((x) => x.toFixed(5)), Array.from(vectorOf(input[i]!, 8)).map((x) => x.toFixed(5)));
          }
        });
        const { calls, rejectedChunks } = stage.stats();
        assert.equal(rejectedChunks, poison.size);
        assert.ok(calls <= 1 + 2 * poison.size * Math.ceil(Math.log2(n)), `${calls} calls for ${poison.size} poison chunks among ${n}`);
      },
    ),
    { numRuns: 60 },
  );
});

test('EmbeddingStage: a 413 above the service\'s batch limit is split until the halves fit', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { maxInputs: 4 } });
  const { embedder, stage } = await httpStage(server, { maxBatchSize: 16 });
  await using _ = embedder;
  const input = texts(16);
  assertVectors(await stage.embed(chunksOf(input), never()), input);
  assert.equal(stage.stats().splits, 3);
});

test('EmbeddingStage: the breaker trips on a failing service, stops the run with the reason, and disposing the embedder closes every socket', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { serverErrorEvery: 1, latencyMs: 2 } });
  const { embedder, stage, events } = await httpStage(server, { maxBatchSize: 1, concurrency: 2, retry: { maxAttempts: 1 }, breaker: { minimumCalls: 4, window: { type: 'count', size: 10 } } }, 2);
  const stopped = await stage.embed(chunksOf(texts(40)), never()).then(() => assert.fail('expected a stop'), (e: unknown) => e);
  assert.ok(stopped instanceof EmbeddingStopped);
  assert.equal(stopped.reason, 'breaker');
  assert.equal(stopped.info.code, 'HTTP_500');
  assert.deepEqual(stopped.window, { failures: 4, calls: 4 });
  assert.match(stopped.message, /circuit breaker opened.*4 failures in the last 4 calls.*HTTP_500/);
  assert.ok(server.stats().embeddingRequests < 40, 'the run stopped early');
  assert.ok(events.some((e) => e.type === 'stop' && e.reason === 'breaker'));
  assert.ok(server.stats().sockets.open > 0, 'the pool still holds its keep-alive sockets');
  await embedder[Symbol.asyncDispose]();
  await eventually(() => server.stats().sockets.open === 0, 'the server sees every socket close');
  // The bound is on sockets open at once: a keep-alive socket the server or undici closed after a
  // 500 is replaced by a new one, so the total may pass the bound on a loaded machine.
  assert.ok(server.stats().sockets.maxOpen <= 2, `${server.stats().sockets.maxOpen} sockets open at once, bound 2`);
});

test('EmbeddingStage: an abort mid-call rejects with its reason and releases the sockets; many calls share few keep-alive sockets', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { latencyMs: 1 } });
  const { embedder, stage } = await httpStage(server, { maxBatchSize: 4, concurrency: 3 }, 3);
  await using _ = embedder;
  const input = texts(200);
  assertVectors(await stage.embed(chunksOf(input), never()), input);
  assert.equal(server.stats().embeddingRequests, 50);
  assert.ok(server.stats().sockets.total <= 3, `${server.stats().sockets.total} sockets for 50 calls`);

  await using slow = await serveEmbeddings({ embedder: localEmbedder(8), faults: { latencyMs: 60_000 } });
  const s = await httpStage(slow, { maxBatchSize: 2, concurrency: 2 }, 2);
  await using __ = s.embedder;
  const controller = new AbortController();
  const call = s.stage.embed(chunksOf(texts(10)), controller.signal);
  await eventually(() => slow.stats().embeddingRequests === 2, 'two calls in flight');
  const reason = new Error('interrupted');
  controller.abort(reason);
  await assert.rejects(call, (e) => e === reason);
  await eventually(() => slow.stats().sockets.open === 0, 'the aborted calls closed their sockets');
  assert.equal(s.stage.stopped, undefined, 'an abort is not a stop');
});

test('EmbeddingStage: request and token rate limits make calls wait (virtual clock), with throttle events', async () => {
  const clock = new VirtualClock();
  const events: EmbeddingEvent[] = [];
  const embedder = localEmbedder(8);
  const stage = createEmbeddingStage(embedder, { maxBatchSize: 1, concurrency: 1, rateLimit: { requestsPerMinute: 60 } }, { clock, onEvent: (e) => events.push(e) });
  const done = stage.embed(chunksOf(texts(3)), never());
  await clock.advance(999);
  assert.equal(embedder.calls, 1, 'the first call goes at once, the next waits a second');
  await clock.advance(1_001);
  assertVectors(await done, texts(3));
  assert.equal(embedder.calls, 3);
  assert.deepEqual(events.filter((e) => e.type === 'throttle').map((e) => e.type === 'throttle' && [e.limit, Math.round(e.waitMs)]), [['requests', 1_000], ['requests', 2_000]]);

  const tokenEmbedder = localEmbedder(8);
  const byTokens = createEmbeddingStage(tokenEmbedder, { maxBatchSize: 1, concurrency: 1, rateLimit: { tokensPerMinute: 600 } }, { clock });
  const words = ['x'.repeat(40), 'y'.repeat(40), 'z'.repeat(40)]; // 10 tokens each; 600/min = 10 per second, a second's worth in hand
  const tokenDone = byTokens.embed(chunksOf(words), never());
  await clock.advance(1);
  assert.equal(tokenEmbedder.calls, 2, 'a second of tokens in hand lets two calls go at once');
  await clock.advance(1_000);
  assertVectors(await tokenDone, words);
  assert.equal(byTokens.stats().throttleWaits, 1);
});

test('EmbeddingStage: the policy is validated data: unknown keys and bad fields are named', () => {
  const e = localEmbedder();
  assert.throws(() => createEmbeddingStage(e, { maxBatchTokens: 0 }), { name: 'RangeError', message: /`policy.maxBatchTokens`/ });
  assert.throws(() => createEmbeddingStage(e, { batchSize: 3 } as never), { name: 'TypeError', message: /unknown key `batchSize`/ });
  assert.throws(() => createEmbeddingStage(e, { retry: { maxAtempts: 3 } as never }), { message: /`policy.retry`.*maxAtempts/ });
  assert.throws(() => createEmbeddingStage(e, { breaker: { failureRateThreshold: 2 } }), { message: /`policy.breaker`.*failureRateThreshold/ });
  assert.throws(() => createEmbeddingStage(e, { rateLimit: { requestsPerMinute: -1 } }), { name: 'RangeError', message: /`policy.rateLimit.requestsPerMinute`/ });
  assert.throws(() => createEmbeddingStage({} as never), { name: 'TypeError', message: /`embedder`/ });
});

test('embeddingStagePolicySchema: its JSON Schema carries the core\'s retry and breaker schemas', () => {
  const schema = z.toJSONSchema(embeddingStagePolicySchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, any> };
  assert.equal(schema.properties['retry'].properties.maxAttempts.type, 'integer');
  assert.ok(JSON.stringify(schema.properties['breaker']).includes('failureRateThreshold'));
  assert.equal(schema.properties['rateLimit'].additionalProperties, false);
});

test('EmbeddingStage: a call leaves no listener on the caller\'s signal, whether it succeeded, had Errs or stopped', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { rejectPattern: 'POISON', quotaAfter: 6 } });
  const { embedder, stage } = await httpStage(server, { maxBatchSize: 2 });
  await using _ = embedder;
  const run = new AbortController().signal;
  assertVectors(await stage.embed(chunksOf(texts(4)), run), texts(4));
  assert.equal((await stage.embed(chunksOf(['good', 'POISON']), run)).filter((r) => !r.ok).length, 1);
  await assert.rejects(stage.embed(chunksOf(texts(8)), run), EmbeddingStopped);
  assert.equal(getEventListeners(run, 'abort').length, 0);
});

test('EmbeddingStage: a document of many batches waiting for few slots raises no MaxListenersExceededWarning', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning);
  };
  process.on('warning', onWarning);
  try {
    const stage = createEmbeddingStage(localEmbedder(8), { maxBatchSize: 1, concurrency: 1 });
    const input = texts(40);
    assertVectors(await stage.embed(chunksOf(input), never()), input);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.map((w) => w.message), []);
});
