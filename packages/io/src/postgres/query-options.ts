import type { Pool } from 'pg';
import { MAX_PAGE_SIZE, checkObject, describeValue, integerOption } from '../internal/sql-checks.js';
import { describeServer } from './postgres-error.js';

/** Options of {@link fromQuery} (and of a transaction's `fromQuery`). */
export interface QueryOptions {
  /** Values for the statement's `$1`, `$2`, ... placeholders. Default: none. */
  readonly values?: readonly unknown[];
  /** Rows fetched per round trip (1 to 1,000,000). At most two pages are held: the one being handed out and the one being fetched. Default 1,000. */
  readonly pageSize?: number;
  /** How long a stop waits for the cursor to close (the in-flight page to arrive) before cancelling the statement and destroying the connection. Default 1,000 ms. */
  readonly closeTimeoutMs?: number;
  /** How long to wait for a connection from the pool before failing with `CONNECT_TIMEOUT`. Default 10,000 ms. */
  readonly connectTimeoutMs?: number;
}

/** {@link QueryOptions} validated, with defaults filled in. */
export interface QuerySettings {
  readonly values: unknown[];
  readonly pageSize: number;
  readonly closeTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

/** The default number of rows fetched per round trip. */
const DEFAULT_PAGE_SIZE = 1_000;

const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit

/** Validates `options` for `where`, naming the bad field. */
export function querySettings(where: string, options: QueryOptions): QuerySettings {
  checkObject(where, 'options', options);
  const { values } = options;
  if (values !== undefined && !Array.isArray(values)) {
    throw new TypeError(`${where}: expected \`options.values\` to be an array, got ${describeValue(values)}`);
  }
  return {
    values: values === undefined ? [] : [...(values as readonly unknown[])],
    pageSize: integerOption(where, 'options.pageSize', options.pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    closeTimeoutMs: integerOption(where, 'options.closeTimeoutMs', options.closeTimeoutMs, 1_000, 0, MAX_TIMEOUT_MS),
    connectTimeoutMs: integerOption(where, 'options.connectTimeoutMs', options.connectTimeoutMs, 10_000, 1, MAX_TIMEOUT_MS),
  };
}

/** Throws unless `pool` looks like a `pg.Pool`; returns its address for error messages. */
export function checkPool(where: string, pool: unknown): string {
  checkObject(where, 'pool', pool, 'a pg.Pool');
  if (typeof (pool as { connect?: unknown }).connect !== 'function') {
    throw new TypeError(`${where}: expected \`pool\` to be a pg.Pool (an object with connect()), got ${describeValue(pool)}`);
  }
  return describeServer((pool as Pool).options);
}
