import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerJson } from '../../src/server/openai-wire.js';
import { serveEmbeddings } from '../../src/server/serve-embeddings.js';
import { eventually, localEmbedder, vectorOf } from '../support/embed-fixtures.js';

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

test('serveEmbeddings: POST /v1/embeddings answers the OpenAI shape, in input order; GET /health', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8) });
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(server.baseUrl, `${server.url}/v1`);
  const r = await post(`${server.baseUrl}/embeddings`, { model: 'funcpipe-local-v1', input: ['alpha', 'beta'] });
  assert.equal(r.status, 200);
  assert.equal(r.json.object, 'list');
  assert.equal(r.json.model, 'funcpipe-local-v1');
  assert.deepEqual(r.json.data.map((d: any) => [d.object, d.index]), [['embedding', 0], ['embedding', 1]]);
  assert.deepEqual(r.json.data[1].embedding, Array.from(vectorOf('beta', 8)));
  assert.equal(r.json.usage.prompt_tokens, r.json.usage.total_tokens);
  const single = await post(`${server.url}/embeddings`, { model: 'funcpipe-local-v1', input: 'alpha', dimensions: 4, encoding_format: 'base64' });
  const bytes = Buffer.from(single.json.data[0].embedding, 'base64');
  const short = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  assert.equal(short.length, 4);
  assert.ok(Math.abs(short.reduce((s, x) => s + x * x, 0) - 1) < 1e-5, 'a shortened vector is normalised again');
  const health = await fetch(`${server.url}/health`);
  assert.deepEqual(await health.json(), { status: 'ok', model: 'funcpipe-local-v1', dimension: 8 });
  const stats = server.stats();
  assert.equal(stats.requests, 3);
  assert.equal(stats.embeddingRequests, 2);
  assert.equal(stats.embeddedInputs, 3);
  assert.deepEqual(stats.byStatus, { 200: 3 });
});

test('serveEmbeddings: bad requests are OpenAI errors with the right status', async () => {
  await using server = await serveEmbeddings({ embedder: localEmbedder(8), faults: { maxInputs: 2 }, maxBodyBytes: 1_000 });
  const url = `${server.baseUrl}/embeddings`;
  const cases: [unknown, number, string][] = [
    ['{not json', 400, 'invalid_request'],
    [{ input: ['a'] }, 400, 'invalid_request'],
    [{ model: 'funcpipe-local-v1', input: [] }, 400, 'invalid_request'],
    [{ model: 'funcpipe-local-v1', input: ['a', ''] }, 400, 'invalid_request'],
    [{ model: 'funcpipe-local-v1', input: [[1, 2]] }, 400, 'invalid_request'],
    [{ model: 'funcpipe-local-v1', input: ['a'], dimensions: 9 }, 400, 'invalid_dimensions'],
    [{ model: 'other', input: ['a'] }, 404, 'model_not_found'],
    [{ model: 'funcpipe-local-v1', input: ['a', 'b', 'c'] }, 413, 'too_many_inputs'],
    [{ model: 'funcpipe-local-v1', input: ['x'.repeat(2_000)] }, 413, 'request_too_large'],
  ];
  for (const [body, status, code] of cases) {
    const r = await post(url, body);
    assert.equal(r.status, status, JSON.stringify(body).slice(0, 60));
    assert.equal(r.json.error.code, code);
    assert.equal(typeof r.json.error.message, 'string');
  }
  assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  assert.equal((await fetch(url)).status, 405);
});

test('serveEmbeddings: fault switches: API key, every-N 429 with Retry-After, 5xx, quota after M, the poison pattern', async () => {
  await using server = await serveEmbeddings({
    embedder: localEmbedder(8),
    faults: { apiKey: 'sk-test', rateLimitEvery: 3, retryAfterSeconds: 2, serverErrorEvery: 4, serverErrorStatus: 503, quotaAfter: 8, rejectPattern: 'POISON' },
  });
  const url = `${server.baseUrl}/embeddings`;
  const auth = { authorization: 'Bearer sk-test' };
  const wrongKey = await post(url, { model: 'funcpipe-local-v1', input: ['a'] }, { authorization: 'Bearer nope' });
  assert.equal(wrongKey.status, 401);
  assert.equal(wrongKey.json.error.code, 'invalid_api_key');
  const statuses: number[] = [];
  for (let n = 2; n <= 9; n++) {
    const r = await post(url, { model: 'funcpipe-local-v1', input: n === 5 ? ['ok', 'has POISON in it'] : ['ok'] }, auth);
    statuses.push(r.status);
    if (r.status === 429 && n <= 8) {
      assert.equal(r.headers.get('retry-after'), '2');
      assert.equal(r.json.error.code, 'rate_limit_exceeded');
    }
    if (n === 5) assert.match(r.json.error.message, /input\[1\]/);
    if (n === 9) {
      assert.equal(r.json.error.code, 'insufficient_quota');
      assert.equal(r.headers.get('retry-after'), null);
    }
  }
  // request numbers 2..9: 3 and 6 are 429, 4 and 8 are 503, 5 holds the poison, 9 is past the quota
  assert.deepEqual(statuses, [200, 429, 503, 400, 429, 200, 503, 429]);
  assert.deepEqual(server.log().map((r) => [r.n, r.status]), [[1, 401], [2, 200], [3, 429], [4, 503], [5, 400], [6, 429], [7, 200], [8, 503], [9, 429]]);
});

test('serveEmbeddings: a seeded 429 probability replays the same faults', async () => {
  const run = async (): Promise<number[]> => {
    await using server = await serveEmbeddings({ embedder: localEmbedder(4), faults: { rateLimitProbability: 0.5, seed: 42 } });
    for (let i = 0; i < 20; i++) await post(`${server.baseUrl}/embeddings`, { model: 'funcpipe-local-v1', input: ['a'] });
    return server.log().map((r) => r.status);
  };
  const first = await run();
  assert.deepEqual(await run(), first);
  assert.ok(first.includes(429) && first.includes(200));
});

test('serveEmbeddings: invalid options are TypeErrors / RangeErrors naming the field', async () => {
  await assert.rejects(serveEmbeddings({ embedder: {} as never }), /serveEmbeddings: expected `options.embedder` to be an Embedder/);
  await assert.rejects(serveEmbeddings({ embedder: localEmbedder(), port: 70_000 }), { name: 'RangeError', message: /`options.port`/ });
  await assert.rejects(serveEmbeddings({ embedder: localEmbedder(), faults: { rateLimitEvery: 0 } }), { name: 'RangeError', message: /`faults.rateLimitEvery`/ });
  await assert.rejects(serveEmbeddings({ embedder: localEmbedder(), faults: { latency: 5 } as never }), { name: 'TypeError', message: /unknown key `latency`/ });
  await assert.rejects(serveEmbeddings({ embedder: localEmbedder(), faults: { rejectPattern: '(' } }), { message: /`faults.rejectPattern`: expected a valid regular expression/ });
});

test('serveEmbeddings: close waits for a request in flight, then every socket is closed', async () => {
  const server = await serveEmbeddings({ embedder: localEmbedder(4), faults: { latencyMs: 100 } });
  const pending = post(`${server.baseUrl}/embeddings`, { model: 'funcpipe-local-v1', input: ['a'] });
  await eventually(() => server.stats().embeddingRequests === 1, 'the request arrived');
  await server.close();
  assert.equal((await pending).status, 200);
  assert.equal(server.stats().sockets.open, 0);
  await server.close();
});

test('serveEmbeddings: with no options it serves the local embedder (384 dimensions) on a free loopback port', async () => {
  await using server = await serveEmbeddings();
  assert.equal(server.model, 'funcpipe-local-v1');
  const r = await post(`${server.baseUrl}/embeddings`, { model: 'funcpipe-local-v1', input: 'streaming pipelines' });
  assert.equal(r.json.data[0].embedding.length, 384);
});

test('answerJson law: the hand-written answer is the JSON.stringify of the same answer, for any vectors and model name', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }).map(Math.fround), { maxLength: 20 }), fc.base64String()), { maxLength: 8 }),
      fc.string(),
      fc.nat(),
      (embeddings, model, tokens) => {
        const expected = JSON.stringify({ object: 'list', data: embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding })), model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
        assert.equal(answerJson(embeddings, model, tokens), expected);
      },
    ),
  );
});
