// Fixtures of the index-store tests: temp dirs, a fresh PostgreSQL schema per store, store
// factories for the shared suite, and chunks with deterministic vectors.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DocumentRecord, FailedChunk, IndexStore, StoredChunk } from '../../src/store/index-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

/** A fresh directory under the temp dir, deleted on dispose. */
export function storeTempDir(): { readonly path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), 'funcpipe-rag-store-'));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

const PG_VARIABLE = 'FUNCPIPE_TEST_PG_URL';

/** The test server's URL; throws (the test fails, never skips) when it is not set. */
export function testPostgresUrl(): string {
  const url = process.env[PG_VARIABLE];
  if (url === undefined || url === '') {
    throw new Error(
      `${PG_VARIABLE} is not set: the PostgreSQL store tests need the throwaway server the test command starts. ` +
        'Run them through `npm test`, or one file with `npm run with-services -- npx tsx --test <file>`.',
    );
  }
  return url;
}

let schemas = 0;

/** A schema name no other test uses. */
export function freshSchema(): string {
  return `rag_test_${process.pid}_${Date.now().toString(36)}_${schemas++}`;
}

/** Drops `schema` with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Opens one kind of store afresh (`fresh`), or again at the same place (`reopen`), and cleans up. */
export interface StoreFactory extends AsyncDisposable {
  readonly name: string;
  /** A new, empty index (a new file, or a new schema). */
  fresh(): Promise<IndexStore>;
  /** The last index `fresh` made, opened once more. */
  reopen(): Promise<IndexStore>;
}

/** Stores in SQLite files of a temp dir. */
export function sqliteFactory(): StoreFactory {
  const dir = storeTempDir();
  let files = 0;
  let last = '';
  return {
    name: 'sqlite',
    fresh: () => openSqliteStore({ path: (last = join(dir.path, `index-${files++}.db`)) }),
    reopen: () => openSqliteStore({ path: last }),
    [Symbol.asyncDispose]: async () => dir[Symbol.dispose](),
  };
}

/** Stores in fresh schemas of the test PostgreSQL server. */
export function postgresFactory(): StoreFactory {
  const made: string[] = [];
  return {
    name: 'postgres',
    fresh: () => {
      const schema = freshSchema();
      made.push(schema);
      return openPostgresStore({ url: testPostgresUrl(), schema, maxConnections: 2 });
    },
    reopen: () => openPostgresStore({ url: testPostgresUrl(), schema: made.at(-1)!, maxConnections: 2 }),
    [Symbol.asyncDispose]: async () => {
      for (const schema of made.splice(0)) await dropSchema(schema);
    },
  };
}

/** Hex SHA-256 of `text`. */
export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A deterministic pseudo-random unit vector for `seed` (xorshift over the seed's hash), never zero. */
export function vectorFor(seed: string, dimension: number): Float32Array {
  const digest = createHash('sha256').update(seed).digest();
  let state = digest.readUInt32LE(0) || 1;
  const vector = new Float32Array(dimension);
  let sum = 0;
  for (let i = 0; i < dimension; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    vector[i] = state / 0xffffffff - 0.5;
    sum += vector[i]! * vector[i]!;
  }
  const length = Math.sqrt(sum);
  for (let i = 0; i < dimension; i++) vector[i] = vector[i]! / length;
  return vector;
}

/** A stored chunk of `text` at `ordinal`, its vector made from the text. */
export function chunkOf(ordinal: number, text: string, dimension: number, headingTrail: readonly string[] = ['Guide']): StoredChunk {
  return { ordinal, text, headingTrail, start: ordinal * 100, end: ordinal * 100 + text.length, textHash: hashOf(text), tokens: text.length, vector: vectorFor(text, dimension) };
}

/** A failure record of `text` at `ordinal` of `path`. */
export function failureOf(path: string, ordinal: number, text: string): FailedChunk {
  return { path, ordinal, text, headingTrail: [], start: 0, end: text.length, textHash: hashOf(text), tokens: text.length, code: 'EMBED_REJECTED', reason: 'HTTP 400: input rejected' };
}

/** A manifest record of `path` under `root`, with a hash made from `content`. */
export function recordOf(path: string, root: string, content = path): DocumentRecord {
  return { path, root, size: content.length, mtimeMs: 1_700_000_000_000.5, hash: hashOf(content) };
}

/** Cosine similarity in double precision. */
export function cosineOf(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}
