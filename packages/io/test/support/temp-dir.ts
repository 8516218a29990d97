// Temporary directories for tests that use real files, and the process's open descriptor count.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory under the system temp dir (`funcpipe-<prefix>-XXXXXX`); `remove()`, or
 * disposing it (`using dir = tempDir()`), deletes it with everything in it.
 */
export function tempDir(prefix = 'io'): { readonly path: string; readonly remove: () => void } & Disposable {
  const path = mkdtempSync(join(tmpdir(), `funcpipe-${prefix}-`));
  const remove = (): void => rmSync(path, { recursive: true, force: true });
  return { path, remove, [Symbol.dispose]: remove };
}

/** How many file descriptors this process has open right now (Linux: `/proc/self/fd`). */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}
