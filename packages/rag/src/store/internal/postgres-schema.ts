// The PostgreSQL index's schema, in a schema of its own: tables created if absent (under an
// advisory lock, so two processes opening a new index do not race), and the version check.
import type { Transaction } from '@funcpipe/io/postgres';
import { StoreError } from '../store-error.js';

/** The schema version this package writes and reads. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** A quoted identifier, for a name already checked to be `[a-z_][a-z0-9_]*`. */
export function quoted(name: string): string {
  return `"${name}"`;
}

/** The columns of a chunk, in the chunks and the failures tables alike (paths in code-point order). */
const CHUNK_COLUMNS = [
  'path text COLLATE "C" NOT NULL',
  'ordinal integer NOT NULL',
  'text text NOT NULL',
  'heading_trail text NOT NULL',
  'start_offset integer NOT NULL',
  'end_offset integer NOT NULL',
  'text_hash text NOT NULL',
  'tokens integer NOT NULL',
].join(',\n  ');

function tableSql(s: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${s}.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.documents (
  path text COLLATE "C" PRIMARY KEY,
  root text NOT NULL,
  size bigint NOT NULL,
  mtime_ms double precision NOT NULL,
  hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.chunks (
  id bigserial PRIMARY KEY,
  ${CHUNK_COLUMNS},
  vector bytea NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
  UNIQUE (path, ordinal)
);
CREATE INDEX IF NOT EXISTS chunks_tsv ON ${s}.chunks USING gin (tsv);
CREATE TABLE IF NOT EXISTS ${s}.failures (
  ${CHUNK_COLUMNS},
  code text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (path, ordinal)
);
CREATE TABLE IF NOT EXISTS ${s}.embed_cache (
  model text NOT NULL,
  dimension integer NOT NULL,
  text_hash text NOT NULL,
  vector bytea NOT NULL,
  PRIMARY KEY (model, dimension, text_hash)
);
`;
}

/** Creates the schema when absent and checks its version, inside the caller's transaction. */
export async function ensurePostgresSchema(tx: Transaction, schema: string, location: string): Promise<void> {
  const s = quoted(schema);
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`funcpipe-rag:${schema}`]);
  const tables = await tx.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
  if (tables.length > 0 && !tables.some((t) => t.name === 'meta')) {
    throw new StoreError(
      'NOT_AN_INDEX',
      location,
      `the schema ${schema} holds tables of something else (${tables.slice(0, 3).map((t) => t.name).join(', ')}), not a funcpipe index: choose another schema (?schema=name)`,
    );
  }
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await tx.query(tableSql(s));
  await tx.query(`INSERT INTO ${s}.meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO NOTHING`, [String(POSTGRES_SCHEMA_VERSION)]);
  const [row] = await tx.query<{ value: string }>(`SELECT value FROM ${s}.meta WHERE key = 'schema_version'`);
  const version = Number(row?.value);
  if (version > POSTGRES_SCHEMA_VERSION) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      location,
      `the index (schema ${schema}) has schema version ${version}, newer than the ${POSTGRES_SCHEMA_VERSION} this version of @funcpipe/rag reads: upgrade @funcpipe/rag, or use another schema`,
    );
  }
}
