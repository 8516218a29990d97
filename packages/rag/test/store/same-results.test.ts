// The requirement: the same index on SQLite and on PostgreSQL answers the same queries
// with the same hits, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexStore, StoredChunk } from '../../src/store/index-store.js';
import { chunkOf, postgresFactory, recordOf, sqliteFactory, vectorFor } from '../support/store-fixtures.js';

const DIMENSION = 384;
const DOCUMENTS = 30;
const FILLER = ['stream', 'pipeline', 'resource', 'cursor', 'socket', 'handle', 'batch', 'vector', 'index', 'query', 'chunk', 'token'];

/** Chunks of document `d`: chunk 0 says `topic<d>` three times, chunk 1 once, the rest never. */
function corpus(d: number): StoredChunk[] {
  return Array.from({ length: 10 }, (_, ordinal) => {
    const filler = Array.from({ length: 12 }, (_, w) => FILLER[(d * 7 + ordinal * 3 + w * 5) % FILLER.length]).join(' ');
    const marker = ordinal === 0 ? `topic${d} topic${d} topic${d}` : ordinal === 1 ? `topic${d} note${d}` : `plain${d}x${ordinal} words`;
    return chunkOf(ordinal, `${marker} ${filler}`, DIMENSION, [`Document ${d}`, `Section ${ordinal % 3}`]);
  });
}

async function fill(store: IndexStore): Promise<void> {
  await store.bindEmbedder({ model: 'funcpipe-local-v1', dimension: DIMENSION, normalized: true });
  for (let d = 0; d < DOCUMENTS; d++) await store.commitDocument(recordOf(`/corpus/doc-${String(d).padStart(2, '0')}.md`, '/corpus'), corpus(d), []);
}

test('same results on both stores: vector hits equal in order and fields (scores within 1e-5), keyword top hits equal', async () => {
  await using sqliteStores = sqliteFactory();
  await using postgresStores = postgresFactory();
  await using sqlite = await sqliteStores.fresh();
  await using postgres = await postgresStores.fresh();
  await fill(sqlite);
  await fill(postgres);
  assert.deepEqual(await sqlite.stats(), await postgres.stats());

  for (let q = 0; q < 20; q++) {
    const query = vectorFor(`query ${q}`, DIMENSION);
    const [a, b] = [await sqlite.searchVector(query, 10), await postgres.searchVector(query, 10)];
    assert.equal(a.length, 10);
    assert.deepEqual(
      a.map(({ score: _, ...hit }) => hit),
      b.map(({ score: _, ...hit }) => hit),
      `query ${q}: same hits in the same order`,
    );
    a.forEach((hit, i) => assert.ok(Math.abs(hit.score - b[i]!.score) < 1e-5, `query ${q} hit ${i}: ${hit.score} vs ${b[i]!.score}`));
  }
  // A stored chunk's own vector finds that chunk first, with score 1, on both.
  const own = corpus(4)[6]!;
  for (const store of [sqlite, postgres]) {
    const [top] = await store.searchVector(own.vector, 1);
    assert.deepEqual([top!.path, top!.ordinal], ['/corpus/doc-04.md', 6]);
    assert.ok(Math.abs(top!.score - 1) < 1e-5);
  }

  for (let d = 0; d < DOCUMENTS; d += 3) {
    const path = `/corpus/doc-${String(d).padStart(2, '0')}.md`;
    for (const store of [sqlite, postgres]) {
      const hits = await store.searchKeyword(`topic${d}`, 5);
      assert.deepEqual(hits.map((h) => [h.path, h.ordinal]), [[path, 0], [path, 1]], `${store.location}: topic${d}`);
      assert.ok(hits[0]!.score > hits[1]!.score);
      const either = await store.searchKeyword(`note${d} plain${d}x5`, 5);
      assert.deepEqual(either.map((h) => [h.path, h.ordinal]).sort(), [[path, 1], [path, 5]], `${store.location}: OR of two words`);
    }
  }
});
