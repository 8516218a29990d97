import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { checkObject, describeValue, integerOption } from '../internal/sql-checks.js';
import { loadDriver } from '../internal/optional-driver.js';
import { SqliteError, toSqliteError } from './sqlite-error.js';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Open for reading only. Default false. */
  readonly readonly?: boolean;
  /** Create the file when it does not exist (its directory must exist). Default false: a missing file is an error. */
  readonly create?: boolean;
  /** How long a statement waits for a lock held by another connection before failing with `SQLITE_BUSY`. Default 5,000 ms. */
  readonly busyTimeoutMs?: number;
}

/** The `better-sqlite3` constructor, loaded on first use (an optional peer dependency). */
export function loadSqlite(): Promise<typeof Database> {
  return loadDriver<typeof Database>('better-sqlite3', '@funcpipe/io/sqlite', '^12.0.0');
}

/**
 * Opens a SQLite database file with `better-sqlite3`, failing with a {@link SqliteError} that
 * names the path and the reason: the directory does not exist (`NO_SUCH_DIRECTORY`), the file does
 * not exist and `create` is false (`NO_SUCH_FILE`), the path is a directory (`IS_A_DIRECTORY`), or
 * SQLite's own code. Waiting for another connection's lock is bounded by `busyTimeoutMs`. The
 * caller owns the returned connection and closes it (`db.close()`).
 *
 * @example
 * ```ts
 * const db = await openDatabase('data/app.db', { busyTimeoutMs: 1_000 });
 * try { ... } finally { db.close(); }
 * ```
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<Database.Database> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`openDatabase: expected \`path\` to be a non-empty string, got ${describeValue(path)}`);
  checkObject('openDatabase', 'options', options);
  for (const flag of ['readonly', 'create'] as const) {
    const value = options[flag];
    if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`openDatabase: expected \`options.${flag}\` to be a boolean, got ${describeValue(value)}`);
  }
  const timeout = integerOption('openDatabase', 'options.busyTimeoutMs', options.busyTimeoutMs, 5_000, 0, 2_147_483_647);
  const Sqlite = await loadSqlite();
  const full = path === ':memory:' ? path : resolve(path);
  if (full !== ':memory:') {
    if (!existsSync(dirname(full))) throw new SqliteError('open', 'NO_SUCH_DIRECTORY', full, `the directory ${dirname(full)} does not exist`, undefined);
    if (!existsSync(full) && options.create !== true) throw new SqliteError('open', 'NO_SUCH_FILE', full, 'the file does not exist (pass `create: true` to create it)', undefined);
    if (existsSync(full) && statSync(full).isDirectory()) throw new SqliteError('open', 'IS_A_DIRECTORY', full, 'the path is a directory, not a database file', undefined);
  }
  try {
    return new Sqlite(full, { readonly: options.readonly === true, fileMustExist: options.create !== true, timeout });
  } catch (error) {
    throw toSqliteError('open', error, full, undefined);
  }
}
