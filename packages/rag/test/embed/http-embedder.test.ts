import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbedError } from '../../src/embed/embedder.js';
import { createHttpEmbedder } from '../../src/embed/http-embedder.js';
import { serveEmbeddings } from '../../src/server/serve-embeddings.js';
import { eventually, localEmbedder, vectorOf } from '../support/embed-fixtures.js';

const NO_KEY = { env: {} };

async function failure(promise: Promise<unknown>): Promise<EmbedError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EmbedError, `expected an EmbedError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

/** A one-route server answering every request with `answer`'s status and JSON body. */
async function scripted(answer: () => [number, unknown]): Promise<{ baseUrl: string } & AsyncDisposable> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const [status, body] = answer();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('createHttpEmbedder: vectors in input order, the dimension learned from the first answer, float and base64 alike', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8) });
  for (const encoding of ['float', 'base64'] as const) {
    await using embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model, encoding }, NO_KEY);
    assert.equal(embedder.url, `${server.url}/v1/embeddings`);
    assert.deepEqual(embedder.info, { model: 'funcpipe-local-v1', dimension: 0, normalized: true });
    const vectors = await embedder.embed(['one', 'two', 'three'], new AbortController().signal);
    assert.equal(embedder.info.dimension, 8);
    assert.deepEqual(vectors.map((v) => Array.from(v).map((x) => x.toFixed(5))), ['one', 'two', 'three'].map((t) => Array.from(vectorOf(t, 8)).map((x) => x.toFixed(5))));
    assert.deepEqual(await embedder.embed([], new AbortController().signal), []);
  }
  await using short = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model, dimensions: 4 }, NO_KEY);
  assert.equal(short.info.dimension, 4);
  assert.equal((await short.embed(['x'], new AbortController().signal))[0]!.length, 4);
});

test('createHttpEmbedder: refusals map to EmbedError codes (quota, rejected, auth, HTTP_<status> with retryAfterMs)', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { rateLimitEvery: 1, retryAfterSeconds: 3 } });
  await using limited = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model }, NO_KEY);
  const busy = await failure(limited.embed(['a'], new AbortController().signal));
  assert.equal(busy.info.code, 'HTTP_429');
  assert.equal(busy.info.retryAfterMs, 3_000);
  assert.match(busy.info.msg, /Rate limit reached/);
  assert.equal(busy.info.context?.['serviceCode'], 'rate_limit_exceeded');

  await using quotaServer = await serveEmbeddings({ embedder: localEmbedder(8), faults: { quotaAfter: 0 } });
  await using quota = await createHttpEmbedder({ baseUrl: quotaServer.baseUrl, model: quotaServer.model }, NO_KEY);
  assert.equal((await failure(quota.embed(['a'], new AbortController().signal))).info.code, 'EMBED_QUOTA');

  await using strict = await serveEmbeddings({ embedder: localEmbedder(8), faults: { apiKey: 'sk-right', rejectPattern: 'BAD', maxInputs: 2, serverErrorEvery: 6 } });
  await using noKey = await createHttpEmbedder({ baseUrl: strict.baseUrl, model: strict.model }, NO_KEY);
  const unauthorised = await failure(noKey.embed(['a'], new AbortController().signal));
  assert.equal(unauthorised.info.code, 'EMBED_AUTH');
  assert.match(unauthorised.info.msg, /the environment variable OPENAI_API_KEY is not set/);
  await using wrongKey = await createHttpEmbedder({ baseUrl: strict.baseUrl, model: strict.model, apiKeyEnv: 'MY_KEY' }, { env: { MY_KEY: 'sk-wrong' } });
  const wrong = await failure(wrongKey.embed(['a'], new AbortController().signal));
  assert.equal(wrong.info.code, 'EMBED_AUTH');
  assert.doesNotMatch(JSON.stringify(wrong.info) + wrong.message, /sk-wrong/, 'the key is never in an error');
  await using embedder = await createHttpEmbedder({ baseUrl: strict.baseUrl, model: strict.model, apiKeyEnv: 'MY_KEY' }, { env: { MY_KEY: 'sk-right' } });
  const signal = new AbortController().signal;
  assert.equal((await embedder.embed(['a', 'b'], signal)).length, 2);
  assert.equal((await failure(embedder.embed(['a', 'BAD'], signal))).info.code, 'EMBED_REJECTED');
  assert.equal((await failure(embedder.embed(['a', 'b', 'c'], signal))).info.code, 'EMBED_REJECTED');
  const down = await failure(embedder.embed(['a'], signal));
  assert.equal(down.info.code, 'HTTP_500');
  assert.deepEqual(strict.log().map((r) => r.status), [401, 401, 200, 400, 413, 500]);
  await using wrongModel = await createHttpEmbedder({ baseUrl: strict.baseUrl, model: 'other' }, { env: { OPENAI_API_KEY: 'sk-right' } });
  assert.equal((await failure(wrongModel.embed(['a'], signal))).info.code, 'HTTP_404');
});

test('createHttpEmbedder: malformed answers are EMBED_PROTOCOL (count, index, dimension, values, shape)', async () => {
  const answers: unknown[] = [
    { data: [{ index: 0, embedding: [1, 0] }] },
    { data: [{ index: 0, embedding: [1, 0] }, { index: 0, embedding: [0, 1] }] },
    { data: [{ index: 0, embedding: [1, 0] }, { index: 1, embedding: [0, 1, 0] }] },
    { data: [{ index: 0, embedding: [1, 'x'] }, { index: 1, embedding: [0, 1] }] },
    { nope: true },
  ];
  let i = 0;
  await using server = await scripted(() => [200, answers[i++]]);
  await using embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: 'm' }, NO_KEY);
  for (const what of [/1 embeddings for 2 inputs/, /index 0 appears twice/, /3 dimensions, expected 2/, /neither an array of finite numbers/, /no `data` array/]) {
    const error = await failure(embedder.embed(['a', 'b'], new AbortController().signal));
    assert.equal(error.info.code, 'EMBED_PROTOCOL');
    assert.match(error.info.msg, what);
  }
  assert.equal(embedder.info.dimension, 0, 'no dimension is learned from a malformed answer');
});

test('createHttpEmbedder: answers out of index order are put in input order; a later answer of another dimension is EMBED_PROTOCOL', async () => {
  const answers: unknown[] = [
    { data: [{ index: 1, embedding: [0, 2] }, { index: 0, embedding: [3, 0] }] },
    { data: [{ index: 0, embedding: [1, 0, 0] }] },
  ];
  let i = 0;
  await using server = await scripted(() => [200, answers[i++]]);
  await using embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: 'm' }, NO_KEY);
  const vectors = await embedder.embed(['a', 'b'], new AbortController().signal);
  assert.deepEqual(vectors.map((v) => Array.from(v)), [[1, 0], [0, 1]], 'placed by index and normalised');
  const error = await failure(embedder.embed(['c'], new AbortController().signal));
  assert.match(error.info.msg, /3 dimensions, expected 2/);
});

test('createHttpEmbedder: keep-alive: many calls over few sockets, never more than `connections`', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { latencyMs: 2 } });
  await using embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model, connections: 3 }, NO_KEY);
  const signal = new AbortController().signal;
  for (let i = 0; i < 20; i++) await embedder.embed([`seq ${i}`], signal);
  assert.equal(server.stats().sockets.total, 1);
  await Promise.all(Array.from({ length: 60 }, (_, i) => embedder.embed([`par ${i}`], new AbortController().signal)));
  assert.equal(server.stats().embeddingRequests, 80);
  assert.equal(server.stats().sockets.total, 3);
  assert.equal(server.stats().sockets.maxOpen, 3);
});

test('createHttpEmbedder: an abort mid-call rejects with its reason at once and releases the socket; dispose closes the pool', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { latencyMs: 60_000 } });
  const embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model, connections: 2 }, NO_KEY);
  const controller = new AbortController();
  const call = embedder.embed(['slow'], controller.signal);
  await eventually(() => server.stats().embeddingRequests === 1, 'the request reached the server');
  const reason = new Error('stop now');
  controller.abort(reason);
  await assert.rejects(call, (e) => e === reason);
  await eventually(() => server.stats().sockets.open === 0, 'the server sees the socket close');
  await embedder[Symbol.asyncDispose]();
  await assert.rejects(embedder.embed(['late'], new AbortController().signal), /disposed/);
  assert.deepEqual(embedder.poolStats(), { connected: 0, free: 0, running: 0, pending: 0, queued: 0 });
});

test('createHttpEmbedder: an unreachable service is HTTP_NETWORK; invalid options name the field', async () => {
  const unused = await scripted(() => [200, {}]);
  const baseUrl = unused.baseUrl;
  await unused[Symbol.asyncDispose]();
  await using embedder = await createHttpEmbedder({ baseUrl, model: 'm' }, NO_KEY);
  assert.equal((await failure(embedder.embed(['a'], new AbortController().signal))).info.code, 'HTTP_NETWORK');
  await assert.rejects(createHttpEmbedder({ baseUrl: 'ftp://x', model: 'm' }), { name: 'TypeError', message: /`options.baseUrl`/ });
  await assert.rejects(createHttpEmbedder({ baseUrl, model: 'm', connections: 0 }), { name: 'RangeError', message: /`options.connections`/ });
  await assert.rejects(createHttpEmbedder({ baseUrl, model: 'm', dimension: 3 } as never), { name: 'TypeError', message: /unknown key `dimension`/ });
  await assert.rejects(createHttpEmbedder({ baseUrl } as never), { name: 'TypeError', message: /`options.model`/ });
});

test('createHttpEmbedder: the URL is <baseUrl>/v1/embeddings, or <baseUrl>/embeddings when baseUrl ends in /v1', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(4) });
  for (const baseUrl of [server.url, `${server.url}/`, server.baseUrl, `${server.baseUrl}/`]) {
    await using embedder = await createHttpEmbedder({ baseUrl, model: server.model }, NO_KEY);
    assert.equal(embedder.url, `${server.url}/v1/embeddings`);
    assert.equal((await embedder.embed(['a'], new AbortController().signal)).length, 1);
  }
});
