import type Cursor from 'pg-cursor';
import { loadDriver } from '../internal/optional-driver.js';

/** The `pg-cursor` class, loaded on first use (an optional peer dependency). */
export function loadCursor(): Promise<typeof Cursor> {
  return loadDriver<typeof Cursor>('pg-cursor', '@funcpipe/io/postgres', '^2.10.0');
}
