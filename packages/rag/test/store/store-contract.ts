// The IndexStore contract as one suite, run against each store (sqlite-store.test.ts,
// postgres-store.test.ts), so both meet it the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexMismatchError, type IndexStore } from '../../src/store/index-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { chunkOf, cosineOf, failureOf, hashOf, recordOf, vectorFor, type StoreFactory } from '../support/store-fixtures.js';
import { storeModelProperty } from './store-model.js';

const INFO = { model: 'funcpipe-local-v1', dimension: 8, normalized: true } as const;

/** Opens a fresh store bound to {@link INFO}. */
async function bound(factory: StoreFactory): Promise<IndexStore> {
  const store = await factory.fresh();
  await store.bindEmbedder(INFO);
  return store;
}

function isStoreError(code: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StoreError, `expected a StoreError ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

/** Registers the contract tests for the stores `makeFactory` opens. */
export function storeContract(makeFactory: () => StoreFactory): void {
  const run = (title: string, body: (factory: StoreFactory) => Promise<void>): void => {
    test(title, async () => {
      await using factory = makeFactory();
      await body(factory);
    });
  };

  run('a new index is empty, has no embedder, and answers searches with nothing', async (factory) => {
    await using store = await factory.fresh();
    assert.equal(await store.embedderInfo(), undefined);
    assert.deepEqual(await store.stats(), { documents: 0, chunks: 0, failedChunks: 0 });
    assert.deepEqual(await store.searchVector(vectorFor('q', 8), 5), []);
    assert.deepEqual(await store.searchKeyword('anything', 5), []);
    assert.deepEqual(await store.cachedVectors([hashOf('x')]), new Map());
    assert.deepEqual(await store.failedChunks(), []);
    await assert.rejects(store.commitDocument(recordOf('/r/a.md', '/r'), [chunkOf(0, 'a', 8)], []), isStoreError('NOT_BOUND'));
  });

  run('bindEmbedder records the embedder once, survives a reopen, and refuses another model, dimension or normalisation', async (factory) => {
    {
      await using store = await bound(factory);
      await store.bindEmbedder(INFO); // the same again is fine
      assert.deepEqual(await store.embedderInfo(), INFO);
    }
    await using store = await factory.reopen();
    assert.deepEqual(await store.embedderInfo(), INFO);
    for (const other of [{ ...INFO, model: 'text-embedding-3-small' }, { ...INFO, dimension: 16 }, { ...INFO, normalized: false }]) {
      await assert.rejects(store.bindEmbedder(other), (error: unknown) => {
        assert.ok(error instanceof IndexMismatchError);
        assert.deepEqual(error.indexed, INFO);
        assert.deepEqual(error.requested, other);
        assert.match(error.message, new RegExp(`the index at ${store.location.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was built with model "funcpipe-local-v1"`));
        return true;
      });
    }
    assert.deepEqual(await store.embedderInfo(), INFO);
    await assert.rejects(store.bindEmbedder({ model: '', dimension: 8, normalized: true }), /expected `info.model` to be a non-empty string/);
  });

  run('commitDocument records the manifest, chunks and failures; a second commit replaces them; documentsUnder lists by path under a directory', async (factory) => {
    await using store = await bound(factory);
    await store.commitDocument(recordOf('/r/b.md', '/r'), [chunkOf(0, 'alpha beta', 8), chunkOf(2, 'gamma delta', 8)], [failureOf('/r/b.md', 1, 'poison')]);
    await store.commitDocument(recordOf('/r/a.md', '/r'), [chunkOf(0, 'epsilon', 8)], []);
    await store.commitDocument(recordOf('/rx/c.md', '/rx'), [chunkOf(0, 'zeta', 8)], [failureOf('/rx/c.md', 1, 'bad')]);
    assert.deepEqual(await store.document('/r/b.md'), recordOf('/r/b.md', '/r'));
    assert.equal(await store.document('/r/none.md'), undefined);
    assert.deepEqual(await store.documentsUnder('/r'), ['/r/a.md', '/r/b.md']);
    assert.deepEqual(await store.documentsUnder('/r/'), ['/r/a.md', '/r/b.md']);
    assert.deepEqual(await store.documentsUnder('/'), ['/r/a.md', '/r/b.md', '/rx/c.md']);
    assert.deepEqual(await store.stats(), { documents: 3, chunks: 4, failedChunks: 2 });
    assert.deepEqual(await store.failedChunks(), [failureOf('/r/b.md', 1, 'poison'), failureOf('/rx/c.md', 1, 'bad')]);

    const changed = { ...recordOf('/r/b.md', '/r', 'new content'), mtimeMs: 1_800_000_000_000 };
    await store.commitDocument(changed, [chunkOf(0, 'brand new text', 8)], []);
    assert.deepEqual(await store.document('/r/b.md'), changed);
    assert.deepEqual(await store.stats(), { documents: 3, chunks: 3, failedChunks: 1 });
    const hits = await store.searchVector(vectorFor('brand new text', 8), 10);
    assert.deepEqual(
      hits.filter((h) => h.path === '/r/b.md').map((h) => h.text),
      ['brand new text'],
    );
    assert.deepEqual((await store.searchKeyword('alpha', 5)).length, 0, 'the replaced chunk left the keyword index');
  });

  run('a commit that fails in the middle (a vector of the wrong dimension) leaves the previous state whole', async (factory) => {
    await using store = await bound(factory);
    const before = recordOf('/r/a.md', '/r', 'v1');
    await store.commitDocument(before, [chunkOf(0, 'first version', 8), chunkOf(1, 'second part', 8)], [failureOf('/r/a.md', 2, 'poison')]);
    const good = chunkOf(0, 'replacement text', 8);
    const bad = { ...chunkOf(1, 'broken vector', 8), vector: new Float32Array(7).fill(0.5) };
    await assert.rejects(store.commitDocument(recordOf('/r/a.md', '/r', 'v2'), [good, bad], []), (error: unknown) => {
      isStoreError('DIMENSION')(error);
      assert.match((error as Error).message, /the vector of chunk 1 of \/r\/a\.md has 7 dimensions, the index holds vectors of 8/);
      assert.ok((error as Error).message.includes(store.location));
      return true;
    });
    assert.deepEqual(await store.document('/r/a.md'), before);
    assert.deepEqual(await store.stats(), { documents: 1, chunks: 2, failedChunks: 1 });
    assert.deepEqual(
      (await store.searchVector(vectorFor('first version', 8), 5)).map((h) => h.text),
      ['first version', 'second part'],
    );
    assert.deepEqual([...(await store.cachedVectors([good.textHash])).keys()], [], 'the cache entry of the rolled-back chunk is gone too');
    assert.deepEqual((await store.searchKeyword('replacement', 5)).length, 0);

    const nan = { ...chunkOf(1, 'nan vector', 8), vector: new Float32Array(8).fill(Number.NaN) };
    await assert.rejects(store.commitDocument(recordOf('/r/a.md', '/r', 'v3'), [good, nan], []), isStoreError('BAD_VECTOR'));
    const zero = { ...chunkOf(1, 'zero vector', 8), vector: new Float32Array(8) };
    await assert.rejects(store.commitDocument(recordOf('/r/a.md', '/r', 'v3'), [good, zero], []), isStoreError('BAD_VECTOR'));
    await assert.rejects(store.commitDocument(recordOf('/r/a.md', '/r'), [chunkOf(0, 'x', 8), chunkOf(0, 'y', 8)], []), /`chunks\[1\]\.ordinal` 0 appears twice/);
    await assert.rejects(store.commitDocument(recordOf('/r/a.md', '/r'), [], [failureOf('/r/other.md', 0, 'x')]), /expected `failures\[0\]\.path` to be the document's path/);
    await assert.rejects(store.commitDocument({ ...before, size: -1 }, [], []), /expected `document.size` to be an integer >= 0, got -1/);
    assert.deepEqual(await store.document('/r/a.md'), before);
  });

  run('removeDocuments removes documents with their chunks and failures in one go; the embedding cache keeps their vectors', async (factory) => {
    await using store = await bound(factory);
    const kept = chunkOf(0, 'moved file text', 8);
    await store.commitDocument(recordOf('/r/a.md', '/r'), [kept], [failureOf('/r/a.md', 1, 'bad')]);
    await store.commitDocument(recordOf('/r/b.md', '/r'), [chunkOf(0, 'other text', 8)], []);
    assert.equal(await store.removeDocuments(['/r/a.md', '/r/a.md', '/r/missing.md']), 1);
    assert.equal(await store.document('/r/a.md'), undefined);
    assert.deepEqual(await store.stats(), { documents: 1, chunks: 1, failedChunks: 0 });
    assert.deepEqual((await store.searchKeyword('moved', 5)).length, 0);
    const cached = await store.cachedVectors([kept.textHash, hashOf('never embedded'), kept.textHash]);
    assert.deepEqual([...cached.keys()], [kept.textHash]);
    assert.deepEqual([...cached.get(kept.textHash)!], [...kept.vector]);
    assert.equal(await store.removeDocuments([]), 0);
  });

  run('resolveFailures stores retried chunks and drops their failure records; an unknown document is refused', async (factory) => {
    await using store = await bound(factory);
    await store.commitDocument(recordOf('/r/a.md', '/r'), [chunkOf(0, 'fine', 8)], [failureOf('/r/a.md', 1, 'was poison'), failureOf('/r/a.md', 2, 'also bad')]);
    await store.resolveFailures('/r/a.md', [chunkOf(1, 'was poison', 8)]);
    assert.deepEqual(await store.stats(), { documents: 1, chunks: 2, failedChunks: 1 });
    assert.deepEqual(await store.failedChunks(), [failureOf('/r/a.md', 2, 'also bad')]);
    assert.deepEqual((await store.searchKeyword('poison', 5)).map((h) => [h.path, h.ordinal]), [['/r/a.md', 1]]);
    assert.ok((await store.cachedVectors([hashOf('was poison')])).has(hashOf('was poison')));
    await assert.rejects(store.resolveFailures('/r/none.md', [chunkOf(0, 'x', 8)]), isStoreError('NO_SUCH_DOCUMENT'));
  });

  run('searchVector is exact cosine: the k nearest by brute force, best first, with their fields', async (factory) => {
    await using store = await bound(factory);
    const texts = Array.from({ length: 40 }, (_, i) => `chunk number ${i}`);
    for (let d = 0; d < 4; d++) {
      await store.commitDocument(
        recordOf(`/r/doc-${d}.md`, '/r'),
        texts.slice(d * 10, d * 10 + 10).map((text, i) => chunkOf(i, text, 8, ['Doc', `Part ${d}`])),
        [],
      );
    }
    const query = vectorFor('some query', 8);
    const expected = texts
      .map((text, i) => ({ text, path: `/r/doc-${Math.floor(i / 10)}.md`, ordinal: i % 10, score: cosineOf(query, vectorFor(text, 8)) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 7);
    const hits = await store.searchVector(query, 7);
    assert.deepEqual(
      hits.map((h) => [h.path, h.ordinal, h.text]),
      expected.map((e) => [e.path, e.ordinal, e.text]),
    );
    hits.forEach((hit, i) => assert.ok(Math.abs(hit.score - expected[i]!.score) < 1e-5, `score ${hit.score} vs ${expected[i]!.score}`));
    assert.deepEqual(hits[0]!.headingTrail, ['Doc', `Part ${Math.floor(texts.indexOf(hits[0]!.text) / 10)}`]);
    assert.equal(hits[0]!.end - hits[0]!.start, hits[0]!.text.length);
    assert.equal((await store.searchVector(query, 100)).length, 40);
    await assert.rejects(store.searchVector(new Float32Array(9).fill(1), 3), isStoreError('DIMENSION'));
    await assert.rejects(store.searchVector(new Float32Array(8), 3), isStoreError('BAD_VECTOR'));
    await assert.rejects(store.searchVector(query, 0), RangeError);
    await assert.rejects(store.searchVector(query, 5000), /expected `k` to be an integer from 1 to 4096, got 5000/);
    await assert.rejects(store.searchVector([1, 2] as unknown as Float32Array, 3), /expected `vector` to be a Float32Array, got an array of length 2/);
  });

  run('searchKeyword finds any query word, best first, and treats punctuation and operators as plain text', async (factory) => {
    await using store = await bound(factory);
    await store.commitDocument(
      recordOf('/r/a.md', '/r'),
      [
        chunkOf(0, 'The pipeline streams documents into the vector index.', 8),
        chunkOf(1, 'Keyword search ranks chunks with BM25; keyword keyword keyword.', 8),
        chunkOf(2, 'Nothing relevant here at all.', 8),
      ],
      [],
    );
    const hits = await store.searchKeyword('keyword', 5);
    assert.deepEqual(hits.map((h) => h.ordinal), [1]);
    assert.ok(hits[0]!.score > 0);
    assert.deepEqual((await store.searchKeyword('PIPELINE or keyword', 5)).map((h) => h.ordinal).sort(), [0, 1]);
    for (const tricky of ['"unbalanced', 'C++ -O2 (NEAR) AND OR NOT *', "it's 'quoted' & | !", '']) {
      assert.ok(Array.isArray(await store.searchKeyword(tricky, 5)), tricky);
    }
    assert.deepEqual(await store.searchKeyword('?!', 5), []);
  });

  run('concurrent commits of one document never fail or mix: the index holds exactly one of them', async (factory) => {
    await using store = await bound(factory);
    const versions = Array.from({ length: 8 }, (_, v) => Array.from({ length: v + 1 }, (_, i) => chunkOf(i, `version ${v} chunk ${i}`, 8)));
    await Promise.all(versions.map((chunks, v) => store.commitDocument(recordOf('/r/a.md', '/r', `v${v}`), chunks, [])));
    const record = await store.document('/r/a.md');
    const v = versions.findIndex((_, i) => record?.hash === recordOf('/r/a.md', '/r', `v${i}`).hash);
    assert.ok(v >= 0);
    assert.deepEqual(await store.stats(), { documents: 1, chunks: v + 1, failedChunks: 0 });
    const texts = (await store.searchVector(vectorFor('x', 8), 4096)).map((h) => h.text).sort();
    assert.deepEqual(texts, versions[v]!.map((c) => c.text).sort());
  });

  run('a removal beside commits of the same document leaves it whole or gone, never chunks without their manifest row', async (factory) => {
    await using store = await bound(factory);
    for (let round = 0; round < 5; round++) {
      const chunks = [chunkOf(0, `round ${round} a`, 8), chunkOf(1, `round ${round} b`, 8)];
      await Promise.all([
        store.commitDocument(recordOf('/r/a.md', '/r', `r${round}`), chunks, []),
        store.removeDocuments(['/r/b.md', '/r/a.md']),
        store.commitDocument(recordOf('/r/b.md', '/r', `r${round}`), chunks, []),
      ]);
      const stats = await store.stats();
      const documents = (await store.documentsUnder('/r')).length;
      assert.equal(stats.documents, documents);
      assert.equal(stats.chunks, 2 * documents, `round ${round}: ${JSON.stringify(stats)}`);
    }
  });

  run('a document of 1,200 chunks commits whole, and the cache answers for all of its hashes at once', async (factory) => {
    await using store = await bound(factory);
    const chunks = Array.from({ length: 1_200 }, (_, i) => chunkOf(i, `long document paragraph ${i}`, 8));
    await store.commitDocument(recordOf('/r/big.md', '/r'), chunks, []);
    assert.deepEqual(await store.stats(), { documents: 1, chunks: 1_200, failedChunks: 0 });
    const cached = await store.cachedVectors(chunks.map((c) => c.textHash));
    assert.equal(cached.size, 1_200);
    assert.deepEqual([...cached.get(chunks[777]!.textHash)!], [...chunks[777]!.vector]);
  });

  run('a disposed store refuses work with CLOSED; disposing twice is fine', async (factory) => {
    const store = await bound(factory);
    await store[Symbol.asyncDispose]();
    await store[Symbol.asyncDispose]();
    await assert.rejects(store.stats(), isStoreError('CLOSED'));
    await assert.rejects(store.searchKeyword('x', 1), isStoreError('CLOSED'));
  });

  test('law: every sequence of commits, removals and resolutions leaves what a plain in-memory model says', async () => {
    await using factory = makeFactory();
    await storeModelProperty(factory);
  });
}
