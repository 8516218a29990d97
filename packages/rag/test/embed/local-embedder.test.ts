// The local embedder: its info, deterministic unit vectors, the Embedder contract (abort,
// dispose), option checks, and the property that texts sharing words score higher than
// unrelated ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLocalEmbedder } from '../../src/embed/local-embedder.js';
import { dot } from '../../src/domain/similarity.js';

const live = (): AbortSignal => new AbortController().signal;

test('info names the model, the dimension and normalisation; vectors are unit Float32Arrays of that length', async () => {
  await using embedder = createLocalEmbedder();
  assert.deepEqual(embedder.info, { model: 'funcpipe-local-v1', dimension: 384, normalized: true });
  const vectors = await embedder.embed(['Streams hold files and sockets.', '', '!!! ???', '東京の天気'], live());
  assert.equal(vectors.length, 4);
  for (const vector of vectors) {
    assert.ok(vector instanceof Float32Array);
    assert.equal(vector.length, 384);
    assert.ok(Math.abs(dot(vector, vector) - 1) < 1e-5, 'L2-normalised, also for texts without words');
  }
  const small = createLocalEmbedder({ dimension: 16 });
  assert.equal((await small.embed(['x'], live()))[0]!.length, 16);
  assert.deepEqual(small.info, { model: 'funcpipe-local-v1', dimension: 16, normalized: true });
});

test('deterministic: the same text gives the same vector, in any batch and from any instance; case does not matter', async () => {
  const one = createLocalEmbedder();
  const other = createLocalEmbedder();
  const [a] = await one.embed(['Resource-safe pipelines'], live());
  const [, b] = await other.embed(['something else', 'resource-safe PIPELINES'], live());
  assert.deepEqual(a, b);
});

test('embed rejects with the signal reason when the signal is aborted; dispose is a no-op', async () => {
  const embedder = createLocalEmbedder();
  const controller = new AbortController();
  const reason = new Error('stop');
  controller.abort(reason);
  await assert.rejects(embedder.embed(['a'], controller.signal), (e) => e === reason);
  await embedder[Symbol.asyncDispose]();
  assert.equal((await embedder.embed(['still works'], live())).length, 1);
});

test('options are checked, naming the field', () => {
  assert.throws(() => createLocalEmbedder({ dimension: 0 }), /`options.dimension` to be from 1 to 8192, got 0/);
  assert.throws(() => createLocalEmbedder({ dimension: 8193 }), RangeError);
  assert.throws(() => createLocalEmbedder({ dimension: 1.5 }), /`options.dimension` to be an integer/);
  assert.throws(() => createLocalEmbedder({ dim: 3 } as never), /unknown option `dim`/);
});

const arbWordFrom = (letters: string): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[${letters}]{3,9}$`));

test('property: a text sharing words with the query scores higher than an unrelated one', async () => {
  const embedder = createLocalEmbedder();
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(arbWordFrom('a-m'), { minLength: 3, maxLength: 8 }),
      fc.array(arbWordFrom('n-z'), { minLength: 0, maxLength: 4 }),
      fc.array(arbWordFrom('n-z'), { minLength: 3, maxLength: 10 }),
      async (topic, noise, unrelatedWords) => {
        const query = topic.join(' ');
        const similar = [...topic.slice(0, Math.ceil(topic.length / 2) + 1), ...noise].join(' ');
        const unrelated = unrelatedWords.join(' ');
        const [q, s, u] = await embedder.embed([query, similar, unrelated], live());
        assert.ok(dot(q!, s!) > dot(q!, u!), `${dot(q!, s!)} <= ${dot(q!, u!)}`);
      },
    ),
    { numRuns: 300 },
  );
});
