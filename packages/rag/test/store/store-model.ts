// The model-based law of the index stores: random sequences of commits (some failing midway),
// removals and failure resolutions, applied to a real store and to a plain in-memory model;
// afterwards every read of the store agrees with the model.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DocumentRecord, FailedChunk, StoredChunk } from '../../src/store/index-store.js';
import { keywordTerms } from '../../src/store/internal/ranking.js';
import { chunkOf, cosineOf, failureOf, recordOf, vectorFor, type StoreFactory } from '../support/store-fixtures.js';

const DIMENSION = 6;
const PATHS = ['/r/a.md', '/r/b.txt', '/r/sub/c.md', '/s/d.md'] as const;
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega'] as const;

type Command =
  | { readonly kind: 'commit'; readonly path: number; readonly version: number; readonly texts: readonly string[]; readonly failed: readonly string[]; readonly breaks: boolean }
  | { readonly kind: 'remove'; readonly paths: readonly number[] }
  | { readonly kind: 'resolve'; readonly path: number };

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('commit' as const), path: fc.nat(PATHS.length - 1), version: fc.nat(3), texts: fc.array(text, { maxLength: 4 }), failed: fc.array(text, { maxLength: 2 }), breaks: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), paths: fc.array(fc.nat(PATHS.length - 1), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), path: fc.nat(PATHS.length - 1) }) },
);

interface Model {
  readonly documents: Map<string, DocumentRecord>;
  readonly chunks: Map<string, StoredChunk[]>;
  readonly failures: Map<string, FailedChunk[]>;
  readonly cache: Map<string, Float32Array>;
}

const byOrdinal = (a: { ordinal: number }, b: { ordinal: number }): number => a.ordinal - b.ordinal;

/** Runs the law against fresh stores of `factory` (fewer runs for a server store: each makes a schema). */
export async function storeModelProperty(factory: StoreFactory): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), fc.constantFrom(...WORDS), async (commands, word) => {
      await using store = await factory.fresh();
      await store.bindEmbedder({ model: 'model-test', dimension: DIMENSION, normalized: true });
      const model: Model = { documents: new Map(), chunks: new Map(), failures: new Map(), cache: new Map() };
      const hashes = new Set<string>();
      for (const c of commands) {
        if (c.kind === 'commit') {
          const path = PATHS[c.path]!;
          const chunks = c.texts.map((t, i) => chunkOf(i, t, DIMENSION));
          const failures = c.failed.map((t, i) => failureOf(path, c.texts.length + i, t));
          for (const chunk of [...chunks, ...failures]) hashes.add(chunk.textHash);
          const record = recordOf(path, path.startsWith('/r/') ? '/r' : '/s', `${path} v${c.version}`);
          if (c.breaks) {
            const broken = [...chunks, { ...chunkOf(chunks.length + failures.length, 'broken', DIMENSION), vector: new Float32Array(DIMENSION + 1).fill(1) }];
            await assert.rejects(store.commitDocument(record, broken, failures), /has 7 dimensions/);
            continue;
          }
          await store.commitDocument(record, chunks, failures);
          model.documents.set(path, record);
          model.chunks.set(path, chunks);
          model.failures.set(path, failures);
          for (const chunk of chunks) if (!model.cache.has(chunk.textHash)) model.cache.set(chunk.textHash, chunk.vector);
        } else if (c.kind === 'remove') {
          const paths = c.paths.map((i) => PATHS[i]!);
          const expected = new Set(paths.filter((p) => model.documents.has(p))).size;
          assert.equal(await store.removeDocuments(paths), expected);
          for (const p of paths) {
            model.documents.delete(p);
            model.chunks.delete(p);
            model.failures.delete(p);
          }
        } else {
          const path = PATHS[c.path]!;
          const failure = model.failures.get(path)?.[0];
          if (failure === undefined) continue;
          const retried = chunkOf(failure.ordinal, failure.text, DIMENSION);
          await store.resolveFailures(path, [retried]);
          model.chunks.set(path, [...model.chunks.get(path)!, retried].sort(byOrdinal));
          model.failures.set(path, model.failures.get(path)!.slice(1));
          if (!model.cache.has(retried.textHash)) model.cache.set(retried.textHash, retried.vector);
        }
      }
      await checkAgainst(store, model, [...hashes], word);
    }),
    { numRuns: factory.name === 'sqlite' ? 40 : 12 },
  );
}

async function checkAgainst(store: Awaited<ReturnType<StoreFactory['fresh']>>, model: Model, hashes: string[], word: string): Promise<void> {
  for (const path of PATHS) assert.deepEqual(await store.document(path), model.documents.get(path), `document ${path}`);
  const sortedPaths = [...model.documents.keys()].sort();
  assert.deepEqual(await store.documentsUnder('/r'), sortedPaths.filter((p) => p.startsWith('/r/')));
  assert.deepEqual(await store.documentsUnder('/s'), sortedPaths.filter((p) => p.startsWith('/s/')));
  const chunks = [...model.chunks.entries()].flatMap(([path, list]) => list.map((chunk) => ({ path, chunk })));
  const failures = [...model.failures.values()].flat();
  assert.deepEqual(await store.stats(), { documents: model.documents.size, chunks: chunks.length, failedChunks: failures.length });
  assert.deepEqual(
    await store.failedChunks(),
    failures.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.ordinal - b.ordinal)),
  );
  const cached = await store.cachedVectors(hashes);
  assert.deepEqual([...cached.keys()].sort(), [...model.cache.keys()].sort(), 'cache keys');
  for (const [hash, vector] of cached) assert.deepEqual([...vector], [...model.cache.get(hash)!]);

  const query = vectorFor(`query ${word}`, DIMENSION);
  const expected = chunks.map(({ chunk }) => cosineOf(query, chunk.vector)).sort((a, b) => b - a).slice(0, 5);
  const hits = await store.searchVector(query, 5);
  assert.equal(hits.length, expected.length);
  hits.forEach((hit, i) => {
    assert.ok(Math.abs(hit.score - expected[i]!) < 1e-5, `hit ${i}: ${hit.score} vs ${expected[i]}`);
    const own = chunks.find(({ path, chunk }) => path === hit.path && chunk.ordinal === hit.ordinal);
    assert.ok(own !== undefined && own.chunk.text === hit.text, `hit ${hit.path}#${hit.ordinal} is a stored chunk`);
  });

  const matching = chunks.filter(({ chunk }) => keywordTerms(chunk.text).includes(word)).map(({ path, chunk }) => `${path}#${chunk.ordinal}`);
  const found = (await store.searchKeyword(word, 4096)).map((hit) => `${hit.path}#${hit.ordinal}`);
  assert.deepEqual(found.sort(), matching.sort(), `keyword ${word}`);
}
