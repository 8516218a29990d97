// A PostgreSQL failure as a StoreError naming the server's URL (without its password).
import { IndexMismatchError } from '../index-store.js';
import { StoreError } from '../store-error.js';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'CONNECT_TIMEOUT', 'CONNECTION_LOST', '57P01', '57P03']);

/** Wraps `error` as a {@link StoreError} for the index at `location`; argument errors and our own pass unchanged. */
export function postgresStoreError(location: string, error: unknown): unknown {
  if (error instanceof StoreError || error instanceof IndexMismatchError || error instanceof TypeError || error instanceof RangeError) return error;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : String(error);
  if (UNREACHABLE.has(code) || /timeout exceeded when trying to connect|connection terminated/i.test(message)) {
    return new StoreError('UNREACHABLE', location, `the PostgreSQL server cannot be reached (${message})`, error);
  }
  if (code === '28P01' || code === '28000') return new StoreError('AUTH', location, `the PostgreSQL server refused the credentials (${message})`, error);
  if (code === '3D000') return new StoreError('NO_DATABASE', location, `the PostgreSQL server has no such database (${message})`, error);
  return new StoreError('FAILED', location, message, error);
}

/** `url` without its password (the store's `location`). */
export function urlWithoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    throw new TypeError('openPostgresStore: expected `options.url` to be a postgres:// or postgresql:// URL, got a string that is not a URL');
  }
}
