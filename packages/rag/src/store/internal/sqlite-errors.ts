// A SQLite driver failure as a StoreError naming the index file.
import { IndexMismatchError } from '../index-store.js';
import { StoreError } from '../store-error.js';

/** Wraps `error` as a {@link StoreError} for the index at `location`; argument errors and our own pass unchanged. */
export function sqliteStoreError(location: string, error: unknown, busyTimeoutMs: number): unknown {
  if (error instanceof StoreError || error instanceof IndexMismatchError || error instanceof TypeError || error instanceof RangeError) return error;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new StoreError('LOCKED', location, `another connection holds the index's lock past the busy timeout of ${busyTimeoutMs} ms (is another ingest running?)`, error);
  }
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new StoreError('CORRUPT', location, `the file is not a usable index (${message}): move it away, or choose another --index PATH`, error);
  }
  if (/^SQLITE_(CANTOPEN|READONLY|PERM)/.test(code) || ['NO_SUCH_DIRECTORY', 'IS_A_DIRECTORY', 'NO_SUCH_FILE'].includes(code)) {
    return new StoreError('CANNOT_CREATE', location, `cannot open or write the index file: ${message}`, error);
  }
  return new StoreError('FAILED', location, message, error);
}
