// The embedded index: one SQLite file with the manifest, the chunks, a sqlite-vec table for
// exact vector search, an FTS5 index for keyword search and the embedding cache.
import { mkdirSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { openDatabase, withTransaction } from '@funcpipe/io/sqlite';
import type { EmbedderInfo } from '../embed/embedder.js';
import { IndexMismatchError, type DocumentRecord, type FailedChunk, type IndexStats, type IndexStore, type SearchHit, type StoredChunk } from './index-store.js';
import { StoreError } from './store-error.js';
import { Serial } from './internal/serial.js';
import { StoreBase } from './internal/store-base.js';
import { sqliteStoreError } from './internal/sqlite-errors.js';
import { ensureSchema, needsSchema, vectorTableSql } from './internal/sqlite-schema.js';
import { checkChunks, checkDocument, checkEmbedderInfo, checkK, checkQueryVector, checkString, checkStrings, checkVector, describeValue } from './internal/store-checks.js';
import { compareHits, keywordTerms } from './internal/ranking.js';
import { vectorBytes, vectorFromBytes } from './internal/vector-bytes.js';
import { failureFields, hitFields, type ChunkRow, type FailureRow } from './internal/chunk-rows.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The index file; created with its parent directories when missing. */
  readonly path: string;
  /** How long a write waits for another connection's lock before failing with a `LOCKED` {@link StoreError}. Default 5,000 ms. */
  readonly busyTimeoutMs?: number;
}

/** Host parameters per statement when looking up many keys (SQLite allows 32,766). */
const KEYS_PER_STATEMENT = 500;



/**
 * Opens (creating when missing) the SQLite index at `options.path`: WAL mode, a busy timeout,
 * sqlite-vec loaded into the connection, the schema created on a new file and its version
 * checked on an existing one. Every write method is one `BEGIN IMMEDIATE` transaction; the
 * store runs its operations one at a time on its one connection. Vector search is exact
 * (sqlite-vec's `vec0` scan, cosine); keyword search is FTS5 with BM25 (score = -bm25, so
 * higher is better). The embedding cache is unbounded: it keeps every vector ever committed,
 * per model and dimension, also after its document is removed.
 *
 * Fails with a {@link StoreError} naming the file: `LOCKED` (another connection holds the
 * lock past `busyTimeoutMs`), `CORRUPT` (not a SQLite database), `SCHEMA_TOO_NEW`,
 * `CANNOT_CREATE`.
 *
 * @example
 * ```ts
 * await using store = await openSqliteStore({ path: 'data/index.db' });
 * await store.bindEmbedder(embedder.info);
 * const hits = await store.searchVector(queryVector, 5);
 * ```
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<IndexStore> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`openSqliteStore: expected \`options\` to be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'path' && key !== 'busyTimeoutMs') throw new TypeError(`openSqliteStore: unknown key \`${key}\`; expected one of path, busyTimeoutMs`);
  }
  const path = checkString('openSqliteStore', 'options.path', options.path);
  if (path === '') throw new TypeError('openSqliteStore: expected `options.path` to be a non-empty string, got string ""');
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(`openSqliteStore: expected \`options.busyTimeoutMs\` to be an integer >= 0, got ${describeValue(options.busyTimeoutMs)}`);
  }
  const location = resolve(path);
  try {
    mkdirSync(dirname(location), { recursive: true });
  } catch (error) {
    throw new StoreError('CANNOT_CREATE', location, `cannot create the directory ${dirname(location)}: ${(error as Error).message}`, error);
  }
  let db: Database.Database;
  try {
    db = await openDatabase(location, { create: true, busyTimeoutMs });
  } catch (error) {
    throw sqliteStoreError(location, error, busyTimeoutMs);
  }
  try {
    sqliteVec.load(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    if (needsSchema(db)) await withTransaction(db, () => ensureSchema(db, location));
    else ensureSchema(db, location);
    return new SqliteStore(db, location, busyTimeoutMs);
  } catch (error) {
    db.close();
    throw sqliteStoreError(location, error, busyTimeoutMs);
  }
}

class SqliteStore extends StoreBase implements IndexStore {
  private readonly serial = new Serial();

  constructor(
    private readonly db: Database.Database,
    location: string,
    private readonly busyTimeoutMs: number,
  ) {
    super(location);
    this.info = this.readInfo();
  }

  /** Runs `operation` after the ones before it, mapping driver failures to StoreErrors. */
  private op<T>(operation: () => T): Promise<T> {
    return this.serial.run(() => {
      this.ensureOpen();
      try {
        return operation();
      } catch (error) {
        throw sqliteStoreError(this.location, error, this.busyTimeoutMs);
      }
    });
  }

  /** Runs `body` as one transaction, after the operations before it. */
  private write<T>(body: () => T): Promise<T> {
    return this.serial.run(async () => {
      this.ensureOpen();
      try {
        return await withTransaction(this.db, body);
      } catch (error) {
        throw sqliteStoreError(this.location, error, this.busyTimeoutMs);
      }
    });
  }

  private readInfo(): EmbedderInfo | undefined {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'embedder'").get() as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as EmbedderInfo);
  }

  async embedderInfo(): Promise<EmbedderInfo | undefined> {
    return this.op(() => (this.info = this.readInfo()));
  }

  async bindEmbedder(info: EmbedderInfo): Promise<void> {
    const requested = checkEmbedderInfo('bindEmbedder', info);
    // The store takes the embedder as its own only once the transaction has committed.
    this.info = await this.write(() => {
      const indexed = this.readInfo();
      if (indexed !== undefined) {
        if (indexed.model !== requested.model || indexed.dimension !== requested.dimension || indexed.normalized !== requested.normalized) {
          throw new IndexMismatchError(this.location, indexed, requested);
        }
        return indexed;
      }
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('embedder', ?)").run(JSON.stringify(requested));
      this.db.exec(vectorTableSql(requested.dimension));
      return requested;
    });
  }

  async document(path: string): Promise<DocumentRecord | undefined> {
    checkString('document', 'path', path);
    return this.op(() => {
      const row = this.db.prepare('SELECT path, root, size, mtime_ms AS mtimeMs, hash FROM documents WHERE path = ?').get(path) as DocumentRecord | undefined;
      return row === undefined ? undefined : { ...row };
    });
  }

  async documentsUnder(root: string): Promise<string[]> {
    checkString('documentsUnder', 'root', root);
    const prefix = root.endsWith(sep) ? root : root + sep;
    return this.op(() => {
      const rows = this.db.prepare('SELECT path FROM documents WHERE substr(path, 1, length(?)) = ? ORDER BY path').pluck().all(prefix, prefix) as string[];
      return rows;
    });
  }

  async commitDocument(document: DocumentRecord, chunks: readonly StoredChunk[], failures: readonly FailedChunk[]): Promise<void> {
    const record = checkDocument('commitDocument', document);
    checkChunks('commitDocument', record.path, chunks, failures);
    return this.write(() => {
      const info = this.bound(this.info, 'commitDocument wrote vectors');
      this.db.prepare('DELETE FROM chunks WHERE path = ?').run(record.path);
      this.db.prepare('DELETE FROM failures WHERE path = ?').run(record.path);
      this.insertChunks(info, record.path, chunks);
      const failure = this.db.prepare(
        'INSERT INTO failures (path, ordinal, text, heading_trail, start_offset, end_offset, text_hash, tokens, code, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const f of failures) failure.run(record.path, f.ordinal, f.text, JSON.stringify(f.headingTrail), f.start, f.end, f.textHash, f.tokens, f.code, f.reason);
      this.db
        .prepare('INSERT OR REPLACE INTO documents (path, root, size, mtime_ms, hash) VALUES (?, ?, ?, ?, ?)')
        .run(record.path, record.root, record.size, record.mtimeMs, record.hash);
    });
  }

  /** Inserts chunks with their vectors and cache entries, checking each vector as it goes. */
  private insertChunks(info: EmbedderInfo, path: string, chunks: readonly StoredChunk[]): void {
    const chunk = this.db.prepare(
      'INSERT INTO chunks (path, ordinal, text, heading_trail, start_offset, end_offset, text_hash, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const vector = this.db.prepare('INSERT INTO chunk_vectors (rowid, embedding) VALUES (?, ?)');
    const cache = this.db.prepare('INSERT OR IGNORE INTO embed_cache (model, dimension, text_hash, vector) VALUES (?, ?, ?, ?)');
    for (const c of chunks) {
      checkVector(this.location, `the vector of chunk ${c.ordinal} of ${path}`, c.vector, info.dimension);
      const { lastInsertRowid } = chunk.run(path, c.ordinal, c.text, JSON.stringify(c.headingTrail), c.start, c.end, c.textHash, c.tokens);
      const bytes = vectorBytes(c.vector);
      vector.run(BigInt(lastInsertRowid), bytes);
      cache.run(info.model, info.dimension, c.textHash, bytes);
    }
  }

  async removeDocuments(paths: readonly string[]): Promise<number> {
    checkStrings('removeDocuments', 'paths', paths);
    return this.write(() => {
      const chunks = this.db.prepare('DELETE FROM chunks WHERE path = ?');
      const failures = this.db.prepare('DELETE FROM failures WHERE path = ?');
      const documents = this.db.prepare('DELETE FROM documents WHERE path = ?');
      let removed = 0;
      for (const path of new Set(paths)) {
        chunks.run(path);
        failures.run(path);
        removed += documents.run(path).changes;
      }
      return removed;
    });
  }

  async cachedVectors(textHashes: readonly string[]): Promise<Map<string, Float32Array>> {
    checkStrings('cachedVectors', 'textHashes', textHashes);
    return this.op(() => {
      const found = new Map<string, Float32Array>();
      const info = (this.info ??= this.readInfo());
      if (info === undefined) return found;
      const unique = [...new Set(textHashes)];
      for (let i = 0; i < unique.length; i += KEYS_PER_STATEMENT) {
        const keys = unique.slice(i, i + KEYS_PER_STATEMENT);
        const rows = this.db
          .prepare(`SELECT text_hash, vector FROM embed_cache WHERE model = ? AND dimension = ? AND text_hash IN (${keys.map(() => '?').join(', ')})`)
          .all(info.model, info.dimension, ...keys) as { text_hash: string; vector: Buffer }[];
        for (const row of rows) found.set(row.text_hash, vectorFromBytes(row.vector));
      }
      return found;
    });
  }

  async failedChunks(): Promise<FailedChunk[]> {
    return this.op(() => {
      const rows = this.db.prepare('SELECT * FROM failures ORDER BY path, ordinal').all() as FailureRow[];
      return rows.map(failureFields);
    });
  }

  async resolveFailures(path: string, chunks: readonly StoredChunk[]): Promise<void> {
    checkString('resolveFailures', 'path', path);
    checkChunks('resolveFailures', path, chunks, []);
    return this.write(() => {
      const info = this.bound(this.info, 'resolveFailures wrote vectors');
      if (this.db.prepare('SELECT 1 FROM documents WHERE path = ?').get(path) === undefined) {
        throw new StoreError('NO_SUCH_DOCUMENT', this.location, `resolveFailures: the manifest holds no document ${path}`);
      }
      const chunk = this.db.prepare('DELETE FROM chunks WHERE path = ? AND ordinal = ?');
      const failure = this.db.prepare('DELETE FROM failures WHERE path = ? AND ordinal = ?');
      for (const c of chunks) {
        chunk.run(path, c.ordinal);
        failure.run(path, c.ordinal);
      }
      this.insertChunks(info, path, chunks);
    });
  }

  async searchVector(vector: Float32Array, k: number): Promise<SearchHit[]> {
    checkK('searchVector', k);
    return this.op(() => {
      const info = (this.info ??= this.readInfo());
      if (info === undefined) return [];
      const query = checkQueryVector('searchVector', this.location, vector, info.dimension);
      const rows = this.db
        .prepare(
          `SELECT c.path, c.ordinal, c.text, c.heading_trail, c.start_offset, c.end_offset, v.distance
           FROM (SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ?) AS v
           JOIN chunks AS c ON c.id = v.rowid`,
        )
        .all(vectorBytes(query), k) as (ChunkRow & { distance: number })[];
      return rows.map((row) => ({ ...hitFields(row), path: row.path, score: 1 - row.distance })).sort(compareHits);
    });
  }

  async searchKeyword(text: string, k: number): Promise<SearchHit[]> {
    checkString('searchKeyword', 'text', text);
    checkK('searchKeyword', k);
    return this.op(() => {
      const terms = keywordTerms(text);
      if (terms.length === 0) return [];
      const rows = this.db
        .prepare(
          `SELECT c.path, c.ordinal, c.text, c.heading_trail, c.start_offset, c.end_offset, -bm25(chunks_fts) AS score
           FROM chunks_fts JOIN chunks AS c ON c.id = chunks_fts.rowid
           WHERE chunks_fts MATCH ?
           ORDER BY score DESC, c.path, c.ordinal LIMIT ?`,
        )
        .all(terms.map((term) => `"${term}"`).join(' OR '), k) as (ChunkRow & { score: number })[];
      return rows.map((row) => ({ ...hitFields(row), path: row.path, score: row.score }));
    });
  }

  async stats(): Promise<IndexStats> {
    return this.op(() => {
      const count = (table: string): number => this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      return { documents: count('documents'), chunks: count('chunks'), failedChunks: count('failures') };
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.serial.run(() => {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
    });
  }
}
