// The SQLite index's schema: tables, the FTS5 index kept by triggers, the sqlite-vec table made
// when the embedder (and so the dimension) is known, and the schema version check.
import type Database from 'better-sqlite3';
import { StoreError } from '../store-error.js';

/** The schema version this package writes and reads. */
export const SQLITE_SCHEMA_VERSION = 1;

/** The columns of a chunk, in the chunks and the failures tables alike. */
const CHUNK_COLUMNS = [
  'path TEXT NOT NULL',
  'ordinal INTEGER NOT NULL',
  'text TEXT NOT NULL',
  'heading_trail TEXT NOT NULL',
  'start_offset INTEGER NOT NULL',
  'end_offset INTEGER NOT NULL',
  'text_hash TEXT NOT NULL',
  'tokens INTEGER NOT NULL',
].join(',\n  ');

const TABLES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents (
  path TEXT PRIMARY KEY,
  root TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE chunks (
  id INTEGER PRIMARY KEY,
  ${CHUNK_COLUMNS},
  UNIQUE (path, ordinal)
);
CREATE TABLE failures (
  ${CHUNK_COLUMNS},
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (path, ordinal)
) WITHOUT ROWID;
CREATE TABLE embed_cache (
  model TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  text_hash TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, dimension, text_hash)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='chunks', content_rowid='id', tokenize='unicode61');
CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
  INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
`;

/** The vector table of a `dimension`, and the trigger that removes a chunk's vector with it. */
export function vectorTableSql(dimension: number): string {
  return `
CREATE VIRTUAL TABLE chunk_vectors USING vec0(embedding float[${dimension}] distance_metric=cosine);
CREATE TRIGGER chunk_vectors_delete AFTER DELETE ON chunks BEGIN
  DELETE FROM chunk_vectors WHERE rowid = old.id;
END;
`;
}

/**
 * Reads the schema version; creates the schema on a new file (in the caller's transaction), and
 * refuses a file written by a newer version.
 */
export function ensureSchema(db: Database.Database, location: string): void {
  if (needsSchema(db)) {
    const others = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 3").pluck().all() as string[];
    if (others.length > 0) {
      throw new StoreError('NOT_AN_INDEX', location, `the file is a SQLite database of something else (tables ${others.join(', ')}), not a funcpipe index: choose another --index PATH`);
    }
    db.exec(TABLES);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SQLITE_SCHEMA_VERSION));
    return;
  }
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  const version = Number(row?.value);
  if (!Number.isInteger(version) || version < 1) throw new StoreError('CORRUPT', location, 'the index has no readable schema version');
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      location,
      `the index has schema version ${version}, newer than the ${SQLITE_SCHEMA_VERSION} this version of @funcpipe/rag reads: upgrade @funcpipe/rag, or ingest into a new index`,
    );
  }
}

/** True when the schema still has to be created (read without taking the write lock). */
export function needsSchema(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() === undefined;
}
