import type Database from 'better-sqlite3';
import { SqliteError } from './sqlite-error.js';

/** The two statements of keyset paging over a user's query, and how to read a row's key. */
export interface KeysetPlan {
  /** The first page: `... ORDER BY key LIMIT ?`. */
  readonly first: Database.Statement;
  /** The following pages: `... WHERE (key) > (?) ORDER BY key LIMIT ?`. */
  readonly after: Database.Statement;
  readonly key: readonly string[];
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Prepares keyset paging over `sql`: the user's statement becomes a subquery ordered by the key
 * columns, each page starting strictly after the previous page's last key (never `OFFSET`, which
 * rescans every skipped row). The key must be unique and not null, or rows would be skipped: it
 * is checked to be columns of the result that come from one table where they are its rowid, its
 * primary key, or a unique index.
 */
export function planKeyset(db: Database.Database, sql: string, key: readonly string[]): KeysetPlan {
  const base = sql.trim().replace(/;\s*$/, '');
  checkKey(db, db.prepare(base), sql, key);
  const order = key.map(quote).join(', ');
  const first = db.prepare(`SELECT * FROM (${base}) ORDER BY ${order} LIMIT ?`);
  const bound = key.length === 1 ? `${order} > ?` : `(${order}) > (${key.map(() => '?').join(', ')})`;
  const after = db.prepare(`SELECT * FROM (${base}) WHERE ${bound} ORDER BY ${order} LIMIT ?`);
  return { first, after, key };
}

function checkKey(db: Database.Database, statement: Database.Statement, sql: string, key: readonly string[]): void {
  const fail = (detail: string): never => {
    throw new SqliteError('query', 'BAD_KEY', db.name, `fromQuery: \`options.key\` (${key.join(', ')}) ${detail}; keyset paging needs a unique, not-null key`, sql);
  };
  if (!statement.reader) fail('cannot apply: the statement returns no rows');
  const columns = statement.columns();
  const origins = key.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (column === undefined) return fail(`is not a column of the result (columns: ${columns.map((c) => c.name).join(', ')})`);
    if (column.table === null || column.column === null) return fail(`names \`${name}\`, which is an expression, not a table column`);
    return column;
  });
  const table = origins[0]?.table as string;
  const schema = quote(origins[0]?.database ?? 'main');
  if (origins.some((c) => c.table !== table || c.database !== origins[0]?.database)) fail('comes from more than one table');
  const names = new Set(origins.map((c) => (c.column as string).toLowerCase()));
  const info = db.prepare(`PRAGMA ${schema}.table_info(${quote(table)})`).all() as { name: string; pk: number; type: string }[];
  const pk = info.filter((c) => c.pk > 0).map((c) => c.name.toLowerCase());
  const rowidAlias = pk.length === 1 && info.find((c) => c.pk > 0)?.type.toUpperCase() === 'INTEGER' ? pk[0] : undefined;
  const isRowid = names.size === 1 && [...names].some((n) => n === 'rowid' || n === 'oid' || n === '_rowid_' || n === rowidAlias);
  const sameSet = (columnsOfIndex: readonly string[]): boolean => columnsOfIndex.length === names.size && columnsOfIndex.every((c) => names.has(c));
  if (isRowid || sameSet(pk)) return;
  const indexes = db.prepare(`PRAGMA ${schema}.index_list(${quote(table)})`).all() as { name: string; unique: number }[];
  for (const index of indexes) {
    if (index.unique !== 1) continue;
    const parts = db.prepare(`PRAGMA ${schema}.index_info(${quote(index.name)})`).all() as { name: string | null }[];
    if (sameSet(parts.map((p) => (p.name ?? '').toLowerCase()))) return;
  }
  fail(`is neither the rowid, the primary key nor a unique index of table ${table}`);
}
