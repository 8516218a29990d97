// One way to name an index on the command line and in a config file: a path or a PostgreSQL URL.
import type { IndexStore } from './index-store.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { describeValue } from './internal/store-checks.js';

/**
 * Opens the index at `location`: a `postgres://` or `postgresql://` URL opens
 * {@link openPostgresStore} (in the schema its `?schema=name` parameter names, default `funcpipe_rag`), anything else is a SQLite file path for
 * {@link openSqliteStore} (created with its directories when missing).
 *
 * @example
 * ```ts
 * await using store = await openStore(process.env.RAG_INDEX ?? 'data/index.db');
 * ```
 */
export async function openStore(location: string): Promise<IndexStore> {
  if (typeof location !== 'string' || location === '') throw new TypeError(`openStore: expected \`location\` to be a non-empty string, got ${describeValue(location)}`);
  return /^postgres(ql)?:\/\//i.test(location) ? openPostgresStore({ url: location }) : openSqliteStore({ path: location });
}
