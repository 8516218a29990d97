// The server index: the same tables as the SQLite one in a PostgreSQL schema of their own,
// vectors as bytea searched exactly (a streamed scan with a bounded top-k heap: pgvector is not
// assumed), keyword search with PostgreSQL full text.
import { sep } from 'node:path';
import pg from 'pg';
import { withTransaction, type Transaction } from '@funcpipe/io/postgres';
import type { EmbedderInfo } from '../embed/embedder.js';
import { IndexMismatchError, type DocumentRecord, type FailedChunk, type IndexStats, type IndexStore, type SearchHit, type StoredChunk } from './index-store.js';
import { StoreError } from './store-error.js';
import { postgresStoreError, urlWithoutPassword } from './internal/postgres-errors.js';
import { ensurePostgresSchema, quoted } from './internal/postgres-schema.js';
import { checkChunks, checkDocument, checkEmbedderInfo, checkK, checkQueryVector, checkString, checkStrings, checkVector, describeValue, norm } from './internal/store-checks.js';
import { compareHits, keywordTerms } from './internal/ranking.js';
import { TopK } from './internal/top-k.js';
import { StoreBase } from './internal/store-base.js';
import { vectorBytes, vectorFromBytes } from './internal/vector-bytes.js';
import { failureFields, hitFields, type ChunkRow, type FailureRow } from './internal/chunk-rows.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`, optionally with `?schema=name` (the same as {@link PostgresStoreOptions.schema}). */
  readonly url: string;
  /** The PostgreSQL schema holding the index's tables (created if absent), `[a-z_][a-z0-9_]*`. Default: the URL's `schema` parameter, else `funcpipe_rag`. */
  readonly schema?: string;
  /** The most connections the store's pool opens. Default 4. */
  readonly maxConnections?: number;
  /** How long to wait for a connection before failing with an `UNREACHABLE` {@link StoreError}. Default 10,000 ms. */
  readonly connectTimeoutMs?: number;
}

const OPTION_KEYS = ['url', 'schema', 'maxConnections', 'connectTimeoutMs'];

/** Rows per round trip of the vector scan. */
const SCAN_PAGE_SIZE = 2_000;


interface Candidate {
  readonly id: string;
  readonly path: string;
  readonly ordinal: number;
  readonly score: number;
}

/**
 * Opens the index kept in PostgreSQL at `options.url`, in the schema `options.schema`: a
 * `pg.Pool` of at most `maxConnections`, with an `'error'` listener on the pool and on every
 * client it opens (a backend that dies fails the operation that used it, never the process);
 * connections named `funcpipe-rag:<schema>` (`application_name`, as `pg_stat_activity` shows them);
 * the tables created if absent and the schema version checked. Every write method is one
 * transaction; those that rewrite or remove a document take a per-document advisory lock, so
 * several processes may write one index concurrently. Vector search is exact cosine: the vectors (bytea, float32) are streamed through
 * a server-side cursor into a bounded top-k heap, inside one read-only repeatable-read
 * transaction, so memory holds one page and k candidates whatever the index size. Keyword search
 * is `to_tsvector('simple', text)` (a stored, GIN-indexed column) matched against any query word,
 * ranked by `ts_rank_cd`. The embedding cache is unbounded, per model and dimension, and outlives
 * removed documents.
 *
 * An unreachable server, wrong credentials or a missing database fail with a {@link StoreError}
 * (`UNREACHABLE`, `AUTH`, `NO_DATABASE`) naming the URL without its password.
 *
 * @example
 * ```ts
 * await using store = await openPostgresStore({ url: 'postgres://rag@db.internal/docs' });
 * console.log(await store.stats());
 * ```
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<IndexStore> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`openPostgresStore: expected \`options\` to be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new TypeError(`openPostgresStore: unknown key \`${key}\`; expected one of ${OPTION_KEYS.join(', ')}`);
  }
  const url = checkString('openPostgresStore', 'options.url', options.url);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new TypeError('openPostgresStore: expected `options.url` to start with postgres:// or postgresql://');
  const location = urlWithoutPassword(url);
  const connection = new URL(url);
  const schemaParameter = connection.searchParams.get('schema') ?? undefined;
  connection.searchParams.delete('schema');
  if (options.schema !== undefined && schemaParameter !== undefined && options.schema !== schemaParameter) {
    throw new TypeError(`openPostgresStore: \`options.schema\` ${JSON.stringify(options.schema)} and the URL's schema parameter ${JSON.stringify(schemaParameter)} differ; give one`);
  }
  const schema = options.schema ?? schemaParameter ?? 'funcpipe_rag';
  if (typeof schema !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`openPostgresStore: expected \`options.schema\` to be a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters), got ${describeValue(schema)}`);
  }
  const max = positiveInteger('options.maxConnections', options.maxConnections, 4);
  const connectTimeoutMs = positiveInteger('options.connectTimeoutMs', options.connectTimeoutMs, 10_000);
  const pool = new pg.Pool({ connectionString: connection.toString(), max, connectionTimeoutMillis: connectTimeoutMs, application_name: `funcpipe-rag:${schema}`.slice(0, 63) });
  // An idle connection whose backend dies is dropped by the pool; the next operation opens a new one.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const store = new PostgresStore(pool, location, quoted(schema), connectTimeoutMs);
  try {
    await withTransaction(pool, (tx) => ensurePostgresSchema(tx, schema, location), { connectTimeoutMs });
    await store.loadInfo();
    return store;
  } catch (error) {
    await pool.end();
    throw postgresStoreError(location, error);
  }
}

function positiveInteger(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`openPostgresStore: expected \`${field}\` to be an integer >= 1, got ${describeValue(value)}`);
  return value;
}

class PostgresStore extends StoreBase implements IndexStore {
  constructor(
    private readonly pool: pg.Pool,
    location: string,
    /** The quoted schema name, prefixed to every table. */
    private readonly s: string,
    private readonly connectTimeoutMs: number,
  ) {
    super(location);
  }

  async loadInfo(): Promise<void> {
    const rows = await this.query<{ value: string }>(`SELECT value FROM ${this.s}.meta WHERE key = 'embedder'`);
    this.info = rows[0] === undefined ? undefined : (JSON.parse(rows[0].value) as EmbedderInfo);
  }


  private async query<Row>(text: string, values: readonly unknown[] = []): Promise<Row[]> {
    this.ensureOpen();
    try {
      return (await this.pool.query(text, [...values])).rows as Row[];
    } catch (error) {
      throw postgresStoreError(this.location, error);
    }
  }

  private async transact<T>(body: (tx: Transaction) => Promise<T>): Promise<T> {
    this.ensureOpen();
    try {
      return await withTransaction(this.pool, body, { connectTimeoutMs: this.connectTimeoutMs });
    } catch (error) {
      throw postgresStoreError(this.location, error);
    }
  }


  /**
   * The embedder info as the transaction sees it: once bound it never changes, so only an
   * unbound store asks (another process may have bound the index since this one opened).
   */
  private async currentInfo(tx: Transaction): Promise<EmbedderInfo | undefined> {
    if (this.info !== undefined) return this.info;
    const [row] = await tx.query<{ value: string }>(`SELECT value FROM ${this.s}.meta WHERE key = 'embedder'`);
    this.info = row === undefined ? undefined : (JSON.parse(row.value) as EmbedderInfo);
    return this.info;
  }

  async embedderInfo(): Promise<EmbedderInfo | undefined> {
    await this.loadInfo();
    return this.info;
  }

  async bindEmbedder(info: EmbedderInfo): Promise<void> {
    const requested = checkEmbedderInfo('bindEmbedder', info);
    await this.transact(async (tx) => {
      await tx.query(`LOCK TABLE ${this.s}.meta IN EXCLUSIVE MODE`);
      const indexed = await this.currentInfo(tx);
      if (indexed !== undefined) {
        if (indexed.model !== requested.model || indexed.dimension !== requested.dimension || indexed.normalized !== requested.normalized) {
          throw new IndexMismatchError(this.location, indexed, requested);
        }
        return;
      }
      await tx.query(`INSERT INTO ${this.s}.meta (key, value) VALUES ('embedder', $1)`, [JSON.stringify(requested)]);
      await tx.query(`ALTER TABLE ${this.s}.chunks ADD CONSTRAINT chunks_dimension CHECK (octet_length(vector) = ${4 * requested.dimension})`);
    });
    // Taken as the store's own only once the transaction has committed.
    this.info = requested;
  }

  async document(path: string): Promise<DocumentRecord | undefined> {
    checkString('document', 'path', path);
    const [row] = await this.query<{ path: string; root: string; size: string; mtime_ms: number; hash: string }>(
      `SELECT path, root, size, mtime_ms, hash FROM ${this.s}.documents WHERE path = $1`,
      [path],
    );
    return row === undefined ? undefined : { path: row.path, root: row.root, size: Number(row.size), mtimeMs: row.mtime_ms, hash: row.hash };
  }

  async documentsUnder(root: string): Promise<string[]> {
    checkString('documentsUnder', 'root', root);
    const prefix = root.endsWith(sep) ? root : root + sep;
    const rows = await this.query<{ path: string }>(`SELECT path FROM ${this.s}.documents WHERE left(path, length($1)) = $1 ORDER BY path`, [prefix]);
    return rows.map((row) => row.path);
  }

  async commitDocument(document: DocumentRecord, chunks: readonly StoredChunk[], failures: readonly FailedChunk[]): Promise<void> {
    const record = checkDocument('commitDocument', document);
    checkChunks('commitDocument', record.path, chunks, failures);
    return this.transact(async (tx) => {
      const info = this.bound(await this.currentInfo(tx), 'commitDocument wrote vectors');
      await this.lockDocument(tx, record.path);
      await tx.query(
        `WITH chunks AS (DELETE FROM ${this.s}.chunks WHERE path = $1), failures AS (DELETE FROM ${this.s}.failures WHERE path = $1) SELECT 1`,
        [record.path],
      );
      await this.insertChunks(tx, info, record.path, chunks);
      if (failures.length > 0) {
        await tx.query(
          `INSERT INTO ${this.s}.failures (path, ordinal, text, heading_trail, start_offset, end_offset, text_hash, tokens, code, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::int[], $9::text[], $10::text[])`,
          [
            record.path,
            ...columns(failures, (f) => [f.ordinal, f.text, JSON.stringify(f.headingTrail), f.start, f.end, f.textHash, f.tokens, f.code, f.reason]),
          ],
        );
      }
      await tx.query(
        `INSERT INTO ${this.s}.documents (path, root, size, mtime_ms, hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (path) DO UPDATE SET root = excluded.root, size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash`,
        [record.path, record.root, record.size, record.mtimeMs, record.hash],
      );
    });
  }

  /**
   * Serialises the transactions that rewrite or remove one document (until this one ends): two
   * concurrent commits of a path would otherwise both delete, then both insert the same (path,
   * ordinal), and a removal beside a commit could leave chunks without their manifest row.
   */
  private async lockDocument(tx: Transaction, path: string): Promise<void> {
    await this.lockDocuments(tx, [path]);
  }

  /** {@link lockDocument} for several paths, taken in one order (so two removals cannot deadlock). */
  private async lockDocuments(tx: Transaction, paths: readonly string[]): Promise<void> {
    await tx.query(
      `SELECT pg_advisory_xact_lock(key) FROM (SELECT hashtextextended($1 || p, 0) AS key FROM unnest($2::text[]) AS p ORDER BY 1) AS keys`,
      [`funcpipe-rag:${this.s}:`, paths],
    );
  }

  /** Inserts chunks with their vectors and cache entries, checking each vector first. */
  private async insertChunks(tx: Transaction, info: EmbedderInfo, path: string, chunks: readonly StoredChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    const vectors = chunks.map((c) => {
      checkVector(this.location, `the vector of chunk ${c.ordinal} of ${path}`, c.vector, info.dimension);
      return vectorBytes(c.vector);
    });
    // One statement (the vectors travel once): the chunks, then their vectors into the cache.
    await tx.query(
      `WITH stored AS (
         INSERT INTO ${this.s}.chunks (path, ordinal, text, heading_trail, start_offset, end_offset, text_hash, tokens, vector)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::int[], $9::bytea[])
         RETURNING text_hash, vector
       )
       INSERT INTO ${this.s}.embed_cache (model, dimension, text_hash, vector)
       SELECT $10, $11, text_hash, vector FROM stored ON CONFLICT DO NOTHING`,
      [path, ...columns(chunks, (c) => [c.ordinal, c.text, JSON.stringify(c.headingTrail), c.start, c.end, c.textHash, c.tokens]), vectors, info.model, info.dimension],
    );
  }

  async removeDocuments(paths: readonly string[]): Promise<number> {
    const unique = [...new Set(checkStrings('removeDocuments', 'paths', paths))];
    return this.transact(async (tx) => {
      await this.lockDocuments(tx, unique);
      await tx.query(`DELETE FROM ${this.s}.chunks WHERE path = ANY($1::text[])`, [unique]);
      await tx.query(`DELETE FROM ${this.s}.failures WHERE path = ANY($1::text[])`, [unique]);
      const removed = await tx.query(`DELETE FROM ${this.s}.documents WHERE path = ANY($1::text[]) RETURNING 1`, [unique]);
      return removed.length;
    });
  }

  async cachedVectors(textHashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const unique = [...new Set(checkStrings('cachedVectors', 'textHashes', textHashes))];
    const found = new Map<string, Float32Array>();
    if (this.info === undefined) await this.loadInfo();
    const info = this.info;
    if (info === undefined || unique.length === 0) return found;
    const rows = await this.query<{ text_hash: string; vector: Buffer }>(
      `SELECT text_hash, vector FROM ${this.s}.embed_cache WHERE model = $1 AND dimension = $2 AND text_hash = ANY($3::text[])`,
      [info.model, info.dimension, unique],
    );
    for (const row of rows) found.set(row.text_hash, vectorFromBytes(row.vector));
    return found;
  }

  async failedChunks(): Promise<FailedChunk[]> {
    const rows = await this.query<FailureRow>(`SELECT * FROM ${this.s}.failures ORDER BY path, ordinal`);
    return rows.map(failureFields);
  }

  async resolveFailures(path: string, chunks: readonly StoredChunk[]): Promise<void> {
    checkString('resolveFailures', 'path', path);
    checkChunks('resolveFailures', path, chunks, []);
    return this.transact(async (tx) => {
      const info = this.bound(await this.currentInfo(tx), 'resolveFailures wrote vectors');
      await this.lockDocument(tx, path);
      const known = await tx.query(`SELECT 1 FROM ${this.s}.documents WHERE path = $1`, [path]);
      if (known.length === 0) throw new StoreError('NO_SUCH_DOCUMENT', this.location, `resolveFailures: the manifest holds no document ${path}`);
      const ordinals = chunks.map((c) => c.ordinal);
      await tx.query(`DELETE FROM ${this.s}.chunks WHERE path = $1 AND ordinal = ANY($2::int[])`, [path, ordinals]);
      await tx.query(`DELETE FROM ${this.s}.failures WHERE path = $1 AND ordinal = ANY($2::int[])`, [path, ordinals]);
      await this.insertChunks(tx, info, path, chunks);
    });
  }

  async searchVector(vector: Float32Array, k: number): Promise<SearchHit[]> {
    checkK('searchVector', k);
    if (this.info === undefined) await this.loadInfo();
    const info = this.info;
    if (info === undefined) return [];
    const query = checkQueryVector('searchVector', this.location, vector, info.dimension);
    const queryNorm = norm(query);
    return this.transact(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const best = new TopK<Candidate>(k, compareHits);
      const rows = tx.fromQuery<{ id: string; path: string; ordinal: number; vector: Buffer }>(`SELECT id, path, ordinal, vector FROM ${this.s}.chunks`, {
        pageSize: SCAN_PAGE_SIZE,
      });
      for await (const row of rows) {
        if (!row.ok) continue; // fromQuery's items are never Err (its error type is never)
        const stored = vectorFromBytes(row.value.vector);
        const candidate = { id: row.value.id, path: row.value.path, ordinal: row.value.ordinal, score: cosine(query, queryNorm, stored) };
        if (best.admits(candidate)) best.push(candidate);
      }
      const top = best.sorted();
      if (top.length === 0) return [];
      const details = await tx.query<ChunkRow & { id: string }>(
        `SELECT id, path, ordinal, text, heading_trail, start_offset, end_offset FROM ${this.s}.chunks WHERE id = ANY($1::bigint[])`,
        [top.map((c) => c.id)],
      );
      const byId = new Map(details.map((row) => [row.id, row]));
      return top.map((c) => ({ ...hitFields(byId.get(c.id)!), path: c.path, score: c.score }));
    });
  }

  async searchKeyword(text: string, k: number): Promise<SearchHit[]> {
    checkString('searchKeyword', 'text', text);
    checkK('searchKeyword', k);
    const terms = keywordTerms(text);
    if (terms.length === 0) return [];
    const rows = await this.query<ChunkRow & { score: number }>(
      `SELECT path, ordinal, text, heading_trail, start_offset, end_offset, ts_rank_cd(tsv, q) AS score
       FROM ${this.s}.chunks, to_tsquery('simple', $1) AS q
       WHERE tsv @@ q
       ORDER BY score DESC, path, ordinal LIMIT $2`,
      [terms.map((term) => `'${term}'`).join(' | '), k],
    );
    return rows.map((row) => ({ ...hitFields(row), path: row.path, score: row.score }));
  }

  async stats(): Promise<IndexStats> {
    const [row] = await this.query<{ documents: string; chunks: string; failures: string }>(
      `SELECT (SELECT count(*) FROM ${this.s}.documents) AS documents, (SELECT count(*) FROM ${this.s}.chunks) AS chunks, (SELECT count(*) FROM ${this.s}.failures) AS failures`,
    );
    return { documents: Number(row!.documents), chunks: Number(row!.chunks), failedChunks: Number(row!.failures) };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Cosine similarity of `query` (norm `queryNorm`) and `stored`, in double precision. */
function cosine(query: Float32Array, queryNorm: number, stored: Float32Array): number {
  let dot = 0;
  let sum = 0;
  for (let i = 0; i < query.length; i++) {
    const v = stored[i]!;
    dot += query[i]! * v;
    sum += v * v;
  }
  return dot / (queryNorm * Math.sqrt(sum));
}

/** The values of `items` as one array per column, for `unnest`. */
function columns<T>(items: readonly T[], row: (item: T) => unknown[]): unknown[][] {
  const rows = items.map(row);
  return rows[0]!.map((_, column) => rows.map((values) => values[column]));
}
